#!/usr/bin/env python3
"""Reference trackers running a model pack's ONNX graphs through onnx_torch.py (numpy decoding).

    python3 tools/reference/pack_tracker.py --pack PACK_DIR --frames FOLDER|VIDEO --init x,y,w,h \\
        --out boxes.txt [--count N] [--start N] [--threads 1] [--scores s.txt] [--fmt %.6f|repr] [--no-long-term]

One decoder per kind, chosen by the manifest ``family`` (see training/EXPORT.md):

* response map (siamfc, sa-siam, siamfc-acm): siamfc-pytorch ``TrackerSiamFC`` semantics -- RGB frames when
  ``colorOrder`` is rgb, 1-based boxes, float32 centre/size state, ``crop_and_resize`` (round, one uniform
  ``cv2.copyMakeBorder`` pad with the first frame's mean, ``cv2.resize`` INTER_LINEAR always), ``scaleNum``
  scales of ``x_sz * scaleStep^k`` in one batch, ``cv2.resize`` INTER_CUBIC upsampling x ``responseUp``, scale
  penalty, min/sum normalisation, Hann window blend, displacement, ``scaleLr`` update; FDSiamFC's centre clip
  when ``clipCenter``. SA-Siam also feeds ``context`` (the first centre-scale search crop); the ACM family feeds
  ``templateBox`` = [63.5, 63.5, w*r, h*r], r = exemplar / z_sz.
* anchor (siamrpn++, siamrpn++-acm): pysot ``SiamRPNTracker`` (and ``SiamRPNLTTracker`` when the manifest has
  ``longTerm``, unless --no-long-term): anchors from ``anchors``, softmax scores, delta decode, penalties,
  window, lr, clip. ACM: ``templateBox`` = [63.5, 63.5, w*r, h*r], r = exemplar / s_z (rounded s_z).
* point (siamban, siamcan, siamban-acm, nanotrack): ``nanotrack_tracker.NanoTrackReference`` (pysot/siamban
  semantics) with the manifest's sizes and hyperparameters; ACM feeds ``templateBox`` as above.

The crop helpers (``get_subwindow``), frame reading and box formatting come from ``nanotrack_tracker.py``.
Packs with several template/search graphs (e.g. split NanoTrack packs) run graph after graph by bind name.
"""

import argparse
import json
import math
import os
import sys
import time

import cv2
import numpy as np
import torch

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from nanotrack_tracker import (NanoTrackReference, format_box, get_subwindow, iter_frames,  # noqa: E402
                               parse_box, read_box_line, scale_ratio_penalty)
from onnx_torch import OnnxTorchModel  # noqa: E402

RESPONSE_FAMILIES = ("siamfc", "sa-siam", "siamfc-acm")
ANCHOR_FAMILIES = ("siamrpn++", "siamrpn++-acm")
POINT_FAMILIES = ("siamban", "siamcan", "siamban-acm", "nanotrack")


def decoder_kind(family):
    if family in RESPONSE_FAMILIES:
        return "response"
    if family in ANCHOR_FAMILIES:
        return "anchor"
    if family in POINT_FAMILIES:
        return "point"
    raise ValueError("unknown family %r" % family)


# ----------------------------------------------------------------------------------------------
# Pack runner
# ----------------------------------------------------------------------------------------------

class PackModel:
    """Runs the template graphs once (``template(**binds)``) and the search graphs per frame."""

    def __init__(self, pack_dir):
        self.pack_dir = pack_dir
        with open(os.path.join(pack_dir, "model.json")) as f:
            self.manifest = json.load(f)
        self.family = self.manifest["family"]
        self.kind = decoder_kind(self.family)
        cache = {}

        def load(specs):
            out = []
            for spec in specs:
                path = os.path.join(pack_dir, spec["file"])
                if path not in cache:
                    cache[path] = OnnxTorchModel(path)
                out.append((cache[path], spec))
            return out

        self.template_graphs = load(self.manifest["template"])
        self.search_graphs = load(self.manifest["search"])
        self.template_binds = [i["bind"] for _, s in self.template_graphs for i in s["inputs"]
                               if i["bind"] not in {o["bind"] for _, s2 in self.template_graphs for o in s2["outputs"]}]
        self.cached = {}

    @staticmethod
    def _run(graphs, env):
        for graph, spec in graphs:
            feeds = {i["name"]: env[i["bind"]] for i in spec["inputs"]}
            outs = graph.run(feeds)
            for o in spec["outputs"]:
                env[o["bind"]] = outs[o["name"]]
        return env

    def template(self, **binds):
        env = self._run(self.template_graphs, dict(binds))
        self.cached = {k: v for k, v in env.items() if k not in binds}

    def search(self, instance):
        env = dict(self.cached)
        env["instance"] = instance
        return self._run(self.search_graphs, env)


def _template_box(exemplar_size, w, h, r):
    """ACM template box [exemplar/2, exemplar/2, w*r, h*r] as a 1x4 float32 tensor."""
    box = np.array([w, h], dtype=np.float64) * r
    c = exemplar_size / 2
    return torch.tensor([[c, c, box[0], box[1]]], dtype=torch.float32)


# ----------------------------------------------------------------------------------------------
# Response-map family (siamfc-pytorch semantics)
# ----------------------------------------------------------------------------------------------

def crop_and_resize(img, center, size, out_size, border_value):
    """siamfc-pytorch ``ops.crop_and_resize``: square crop of side round(size) centred on (row, col) ``center``.

    Corners ``round(center - (size-1)/2)``; if the crop leaves the image, the image is padded once on all four
    sides by the largest overflow with ``border_value`` (cv2.copyMakeBorder rounds it); the patch is always
    resized with INTER_LINEAR.
    """
    size = round(size)
    top_left = np.round(center - (size - 1) / 2)
    corners = np.round(np.concatenate((top_left, top_left + size))).astype(int)
    overflow = np.concatenate((-corners[:2], corners[2:] - img.shape[:2]))
    npad = max(0, int(overflow.max()))
    if npad > 0:
        img = cv2.copyMakeBorder(img, npad, npad, npad, npad, cv2.BORDER_CONSTANT, value=border_value)
    corners = (corners + npad).astype(int)
    patch = img[corners[0]:corners[2], corners[1]:corners[3]]
    return cv2.resize(patch, (out_size, out_size), interpolation=cv2.INTER_LINEAR)


def _hwc_to_tensor(arrays):
    return torch.from_numpy(np.stack(arrays, axis=0)).permute(0, 3, 1, 2).float()


class ResponseMapReference:
    def __init__(self, pack):
        m = pack.manifest
        hp = m["hyperparameters"]
        self.pack = pack
        self.exemplar_sz = m["input"]["exemplarSize"]
        self.instance_sz = m["input"]["instanceSize"]
        self.context = m["input"]["contextAmount"]
        self.response_sz = m["output"]["scoreSize"]
        self.total_stride = m["output"]["stride"]
        self.scale_num = int(hp.get("scaleNum", 3))
        self.scale_step = hp.get("scaleStep", 1.0375)
        self.scale_penalty = hp.get("scalePenalty", 0.9745)
        self.scale_lr = hp.get("scaleLr", 0.59)
        self.window_influence = hp.get("windowInfluence", 0.176)
        self.response_up = int(hp.get("responseUp", 16))
        self.clip_center = bool(hp.get("clipCenter", False))
        self.last_peak = None

    def init(self, img, box):
        """img: HxWx3 uint8 in the pack's colour order; box: 1-based [x, y, w, h]."""
        box = np.array([box[1] - 1 + (box[3] - 1) / 2, box[0] - 1 + (box[2] - 1) / 2, box[3], box[2]],
                       dtype=np.float32)
        self.center, self.target_sz = box[:2], box[2:]
        self.upscale_sz = self.response_up * self.response_sz
        self.hann_window = np.outer(np.hanning(self.upscale_sz), np.hanning(self.upscale_sz))
        self.hann_window /= self.hann_window.sum()
        self.scale_factors = self.scale_step ** np.linspace(-(self.scale_num // 2), self.scale_num // 2,
                                                            self.scale_num)
        context = self.context * np.sum(self.target_sz)
        self.z_sz = np.sqrt(np.prod(self.target_sz + context))
        self.x_sz = self.z_sz * self.instance_sz / self.exemplar_sz
        self.avg_color = np.mean(img, axis=(0, 1))
        z = crop_and_resize(img, self.center, self.z_sz, self.exemplar_sz, self.avg_color)
        binds = {"exemplar": _hwc_to_tensor([z])}
        if "context" in self.pack.template_binds:
            ctx = crop_and_resize(img, self.center, self.x_sz, self.instance_sz, self.avg_color)
            binds["context"] = _hwc_to_tensor([ctx])
        if "templateBox" in self.pack.template_binds:
            r = self.exemplar_sz / self.z_sz
            binds["templateBox"] = _template_box(self.exemplar_sz, self.target_sz[1], self.target_sz[0], r)
        self.pack.template(**binds)

    def update(self, img):
        x = [crop_and_resize(img, self.center, self.x_sz * f, self.instance_sz, self.avg_color)
             for f in self.scale_factors]
        out = self.pack.search(_hwc_to_tensor(x))
        responses = out["response"].squeeze(1).numpy()
        responses = np.stack([cv2.resize(u, (self.upscale_sz, self.upscale_sz), interpolation=cv2.INTER_CUBIC)
                              for u in responses])
        n = self.scale_num
        responses[:n // 2] *= self.scale_penalty
        responses[n // 2 + 1:] *= self.scale_penalty
        peaks = np.amax(responses, axis=(1, 2))
        scale_id = np.argmax(peaks)
        self.last_peak = float(peaks[scale_id])
        response = responses[scale_id]
        response -= response.min()
        response /= response.sum() + 1e-16
        response = (1 - self.window_influence) * response + self.window_influence * self.hann_window
        loc = np.unravel_index(response.argmax(), response.shape)
        disp_in_response = np.array(loc) - (self.upscale_sz - 1) / 2
        disp_in_instance = disp_in_response * self.total_stride / self.response_up
        disp_in_image = disp_in_instance * self.x_sz * self.scale_factors[scale_id] / self.instance_sz
        self.center += disp_in_image
        if self.clip_center:
            self.center[0] = np.clip(self.center[0], 0, img.shape[0])
            self.center[1] = np.clip(self.center[1], 0, img.shape[1])
        scale = (1 - self.scale_lr) * 1.0 + self.scale_lr * self.scale_factors[scale_id]
        self.target_sz *= scale
        self.z_sz *= scale
        self.x_sz *= scale
        return np.array([self.center[1] + 1 - (self.target_sz[1] - 1) / 2,
                         self.center[0] + 1 - (self.target_sz[0] - 1) / 2,
                         self.target_sz[1], self.target_sz[0]])


# ----------------------------------------------------------------------------------------------
# Anchor and point families (pysot / siamban semantics via NanoTrackReference)
# ----------------------------------------------------------------------------------------------

class PackBackend:
    """NanoTrackReference backend over a PackModel (template box support for the ACM families)."""

    def __init__(self, pack):
        self.pack = pack
        self.name = "pack:" + pack.pack_dir

    def template(self, z, template_box=None):
        binds = {"exemplar": z}
        if template_box is not None:
            binds["templateBox"] = template_box
        self.pack.template(**binds)

    def track(self, x):
        out = self.pack.search(x)
        return out["cls"], out["loc"]


def _pysot_cfg(manifest):
    inp, out, hp = manifest["input"], manifest["output"], manifest["hyperparameters"]
    return dict(window_influence=hp["windowInfluence"], penalty_k=hp["penaltyK"], lr=hp["lr"],
                score_size=out["scoreSize"], stride=out["stride"], exemplar_size=inp["exemplarSize"],
                instance_size=inp["instanceSize"], context_amount=inp["contextAmount"])


class PointReference(NanoTrackReference):
    """pysot/siamban point decoding (NanoTrackReference) + the ACM template box."""

    def __init__(self, pack):
        super().__init__(PackBackend(pack), "v2", **_pysot_cfg(pack.manifest))
        self.needs_box = "templateBox" in pack.template_binds

    def init(self, img, bbox):
        x, y, w, h = bbox
        self.center_pos = np.array([x + (w - 1) / 2, y + (h - 1) / 2])
        self.size = np.array([w, h])
        w_z, h_z = self._context_size()
        s_z = round(np.sqrt(w_z * h_z))
        self.channel_average = np.mean(img, axis=(0, 1))
        z = get_subwindow(img, self.center_pos, self.cfg["exemplar_size"], s_z, self.channel_average)
        box = None
        if self.needs_box:
            box = _template_box(self.cfg["exemplar_size"], w, h, self.cfg["exemplar_size"] / s_z)
        self.backend.template(z, box)


def pysot_anchors(stride, ratios, scales, score_size):
    """pysot ``Anchors`` + ``SiamRPNTracker.generate_anchor``: (A*S*S, 4) float32 cx, cy, w, h, anchor-major."""
    base = np.zeros((len(ratios) * len(scales), 4), dtype=np.float32)
    size = stride * stride
    count = 0
    for r in ratios:
        ws = int(math.sqrt(size * 1. / r))
        hs = int(ws * r)
        for s in scales:
            w, h = ws * s, hs * s
            base[count][:] = [-w * 0.5, -h * 0.5, w * 0.5, h * 0.5]
            count += 1
    x1, y1, x2, y2 = base[:, 0], base[:, 1], base[:, 2], base[:, 3]
    base = np.stack([(x1 + x2) * 0.5, (y1 + y2) * 0.5, x2 - x1, y2 - y1], 1)
    num = base.shape[0]
    anchor = np.tile(base, score_size * score_size).reshape((-1, 4))
    ori = -(score_size // 2) * stride
    xx, yy = np.meshgrid([ori + stride * dx for dx in range(score_size)],
                         [ori + stride * dy for dy in range(score_size)])
    xx = np.tile(xx.flatten(), (num, 1)).flatten()
    yy = np.tile(yy.flatten(), (num, 1)).flatten()
    anchor[:, 0], anchor[:, 1] = xx.astype(np.float32), yy.astype(np.float32)
    return anchor


class AnchorReference(PointReference):
    """pysot SiamRPNTracker (anchor decoding); SiamRPNLTTracker when ``long_term`` is a dict."""

    def __init__(self, pack, long_term=None):
        super().__init__(pack)
        a = pack.manifest["anchors"]
        self.ratios, self.scales = a["ratios"], a["scales"]
        self.base_size = a["baseSize"]
        self.anchor_num = len(self.ratios) * len(self.scales)
        self.long_term = long_term
        self.lost = False
        self.window, self.anchors = self._window_anchors(self.cfg["score_size"])

    def _window_anchors(self, score_size):
        hanning = np.hanning(score_size)
        window = np.tile(np.outer(hanning, hanning).flatten(), self.anchor_num)
        return window, pysot_anchors(self.cfg["stride"], self.ratios, self.scales, score_size)

    def _boxes(self, loc):
        delta = loc.permute(1, 2, 3, 0).contiguous().view(4, -1).detach().cpu().numpy()
        a = self.current_anchors
        delta[0, :] = delta[0, :] * a[:, 2] + a[:, 0]
        delta[1, :] = delta[1, :] * a[:, 3] + a[:, 1]
        delta[2, :] = np.exp(delta[2, :]) * a[:, 2]
        delta[3, :] = np.exp(delta[3, :]) * a[:, 3]
        return delta

    def track(self, img):
        if self.long_term is None:
            self.current_anchors = self.anchors
            return super().track(img)
        return self._track_long_term(img)

    def _track_long_term(self, img):
        cfg, lt = self.cfg, self.long_term
        w_z, h_z = self._context_size()
        s_z = np.sqrt(w_z * h_z)
        scale_z = cfg["exemplar_size"] / s_z
        instance_size = lt["lostInstanceSize"] if self.lost else cfg["instance_size"]
        score_size = (instance_size - cfg["exemplar_size"]) // cfg["stride"] + 1 + self.base_size
        window, self.current_anchors = self._window_anchors(score_size)
        s_x = s_z * (instance_size / cfg["exemplar_size"])
        x = get_subwindow(img, self.center_pos, instance_size, round(s_x), self.channel_average)
        cls, loc = self.backend.track(x)
        score = self._scores(cls)
        pred = self._boxes(loc)

        penalty = scale_ratio_penalty(pred, self.size, scale_z, cfg["penalty_k"])
        pscore = penalty * score
        if not self.lost:
            pscore = pscore * (1 - cfg["window_influence"]) + window * cfg["window_influence"]
        else:
            wi = lt["lostWindowInfluence"]
            pscore = pscore * (1 - wi) + window * wi
        best = np.argmax(pscore)
        self.last_pscore = pscore
        self.last_best = int(best)
        box = pred[:, best] / scale_z
        lr = penalty[best] * score[best] * cfg["lr"]
        best_score = score[best]
        if best_score >= lt["confidenceLow"]:
            cx = box[0] + self.center_pos[0]
            cy = box[1] + self.center_pos[1]
            width = self.size[0] * (1 - lr) + box[2] * lr
            height = self.size[1] * (1 - lr) + box[3] * lr
        else:
            cx, cy = self.center_pos[0], self.center_pos[1]
            width, height = self.size[0], self.size[1]
        self.center_pos = np.array([cx, cy])
        self.size = np.array([width, height])
        rows, cols = img.shape[:2]
        cx = max(0, min(cx, cols))
        cy = max(0, min(cy, rows))
        width = max(10, min(width, cols))
        height = max(10, min(height, rows))
        if best_score < lt["confidenceLow"]:
            self.lost = True
        elif best_score > lt["confidenceHigh"]:
            self.lost = False
        return [cx - width / 2, cy - height / 2, width, height], best_score


# ----------------------------------------------------------------------------------------------
# Runner
# ----------------------------------------------------------------------------------------------

def make_tracker(pack, long_term=True):
    if pack.kind == "response":
        return ResponseMapReference(pack)
    if pack.kind == "anchor":
        return AnchorReference(pack, pack.manifest.get("longTerm") if long_term else None)
    return PointReference(pack)


def run_pack(pack_dir, frames, init_box, long_term=True):
    """Track ``frames`` (iterable of BGR uint8 images); returns (boxes, scores, seconds per step)."""
    pack = PackModel(pack_dir)
    tracker = make_tracker(pack, long_term)
    rgb = pack.manifest["input"]["colorOrder"].lower() == "rgb"
    boxes, scores, times = [], [], []
    for idx, img in enumerate(frames):
        if rgb:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        tic = time.perf_counter()
        if idx == 0:
            tracker.init(img, list(init_box))
            boxes.append([float(v) for v in init_box])
            scores.append(float("nan"))
        elif pack.kind == "response":
            boxes.append([float(v) for v in tracker.update(img)])
            scores.append(tracker.last_peak)
        else:
            box, score = tracker.track(img)
            boxes.append([float(v) for v in box])
            scores.append(float(score))
        times.append(time.perf_counter() - tic)
    return boxes, scores, times


def main(argv=None):
    ap = argparse.ArgumentParser(description="Reference tracker for MLNet.Siamese model packs (ONNX via onnx_torch).")
    ap.add_argument("--pack", required=True, help="pack folder (model.json + ONNX)")
    ap.add_argument("--frames", required=True, help="folder of *.jpg/*.png (natural sort) or a video file")
    ap.add_argument("--init", help="init box x,y,w,h (response-map packs: 1-based, as the ground truth)")
    ap.add_argument("--init-file", help="take the init box from a box file ...")
    ap.add_argument("--init-line", type=int, default=None, help="... at this 0-based line (default: --start)")
    ap.add_argument("--start", type=int, default=0, help="index of the init frame")
    ap.add_argument("--count", type=int, default=None, help="number of frames including the init frame")
    ap.add_argument("--out", required=True, help="box file: one x,y,w,h line per frame, line 1 = init box")
    ap.add_argument("--scores", help="optional file with the best raw score (response peak) per frame")
    ap.add_argument("--times", help="optional file with seconds per init/track step")
    ap.add_argument("--fmt", default="%.6f", help="number format (default %%.6f) or 'repr'")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--no-long-term", action="store_true", help="ignore the manifest's longTerm block")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    if args.init:
        init_box = parse_box(args.init)
    elif args.init_file:
        init_box = read_box_line(args.init_file, args.start if args.init_line is None else args.init_line)
    else:
        ap.error("--init or --init-file is required")
    tic = time.perf_counter()
    boxes, scores, times = run_pack(args.pack, iter_frames(args.frames, args.start, args.count), init_box,
                                    long_term=not args.no_long_term)
    total = time.perf_counter() - tic
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        for box in boxes:
            f.write(format_box(box, args.fmt) + "\n")
    if args.scores:
        with open(args.scores, "w") as f:
            for s in scores:
                f.write(("nan" if s != s else (repr(s) if args.fmt == "repr" else "%.6f" % s)) + "\n")
    if args.times:
        with open(args.times, "w") as f:
            for t in times:
                f.write("%.6f\n" % t)
    step = np.median(times[1:]) * 1000 if len(times) > 1 else float("nan")
    print("%s: %d frames, %.2f s total, median step %.2f ms" % (args.pack, len(boxes), total, step), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
