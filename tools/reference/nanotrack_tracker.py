#!/usr/bin/env python3
"""Reference NanoTrack tracker (v1 / v2 / v3) with the original Python semantics.

Reproduces HonglinChu/SiamTrackers NanoTrack ``NanoTracker`` + pysot ``get_subwindow`` bit for
bit where it matters (see ../shared/docs/trackers.md):

* state in numpy float64 (``center``, ``size``), network outputs as float32 numpy arrays, and
  numpy's (1.24, value-based) dtype promotion of the mixed expressions, as in the original;
* template side ``round(sqrt(w_z*h_z))``, search side ``round(s_z*255/127)`` (Python round);
* padding with the first frame's per-channel mean written into a uint8 image (truncated),
  ``cv2.resize`` (INTER_LINEAR) on the uint8 crop, float32 BGR NCHW 0..255 input;
* Hanning window, points ``-(S//2)*16 + 16*i``, softmax channel 1, l/t/r/b decode,
  scale/ratio penalty, window influence, lr smoothing, clipping; reported score = raw score.

Model backends: ``pth`` (``training/siamese_training/models/nanotrack.py`` + the released .pth)
or ``onnx`` (the public backbone/head ONNX files evaluated by ``onnx_torch.py``; the backbone
also runs on the 127 template crop).

CLI example:
  python3 tools/reference/nanotrack_tracker.py --version v2 \\
      --model-dir ../shared/models/third_party/nanotrack-v2 \\
      --frames ../shared/data/sequences/wakeboard7/img --init 623.5,299.5,11,38 --out boxes.txt
"""

import argparse
import glob
import os
import re
import sys
import time

import cv2
import numpy as np
import torch

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))
for _p in (os.path.join(_REPO, "training"), _HERE):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from siamese_training.models.nanotrack import TRACK_CONFIG, load_nanotrack  # noqa: E402

ONNX_FILES = {
    "v1": ("nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx"),
    "v2": ("nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx"),
    "v3": ("nanotrack_backbone.onnx", "nanotrack_head.onnx"),
}


# ----------------------------------------------------------------------------------------------
# Model backends: template(z) -> None (keeps the features), track(x) -> (cls, loc) torch tensors
# ----------------------------------------------------------------------------------------------

class PthBackend:
    def __init__(self, version, model_dir=None, checkpoint=None):
        path = checkpoint or os.path.join(model_dir, "nanotrack.pth")
        self.model = load_nanotrack(path, version)
        self.name = "pth:" + path

    def template(self, z):
        with torch.no_grad():
            self.model.template(z)

    def track(self, x):
        with torch.no_grad():
            return self.model.track(x)


class OnnxBackend:
    def __init__(self, version, model_dir, backbone=None, head=None):
        from onnx_torch import OnnxTorchModel
        bb_name, head_name = ONNX_FILES[version]
        bb_path = backbone or os.path.join(model_dir, bb_name)
        head_path = head or os.path.join(model_dir, head_name)
        self.backbone = OnnxTorchModel(bb_path)
        self.head = OnnxTorchModel(head_path)
        self.name = "onnx:%s+%s" % (bb_path, head_path)
        self.zf = None

    def template(self, z):
        self.zf = self.backbone(z)

    def track(self, x):
        xf = self.backbone(x)
        outs = self.head.run({self.head.input_names[0]: self.zf, self.head.input_names[1]: xf})
        cls, loc = list(outs.values())[:2]
        return cls, loc


def make_backend(kind, version, model_dir):
    if kind == "pth":
        return PthBackend(version, model_dir)
    if kind == "onnx":
        return OnnxBackend(version, model_dir)
    raise ValueError("backend must be pth or onnx, not %r" % kind)


# ----------------------------------------------------------------------------------------------
# Crop
# ----------------------------------------------------------------------------------------------

def scale_ratio_penalty(pred, size, scale_z, penalty_k):
    """pysot's scale/ratio penalty of each candidate box (pred rows cx, cy, w, h in search-crop pixels) against the
    current size (w, h in frame pixels) seen at the template scale ``scale_z``."""
    def change(r):
        return np.maximum(r, 1. / r)

    def padded_size(w, h):
        pad = (w + h) * 0.5
        return np.sqrt((w + pad) * (h + pad))

    s_c = change(padded_size(pred[2, :], pred[3, :]) /
                 padded_size(size[0] * scale_z, size[1] * scale_z))
    r_c = change((size[0] / size[1]) / (pred[2, :] / pred[3, :]))
    return np.exp(-(r_c * s_c - 1) * penalty_k)


def get_subwindow(img, pos, model_sz, original_sz, avg_chans):
    """Square crop of side ``original_sz`` centred on ``pos`` -> 1x3xmodel_sz^2 float32 tensor.

    Out-of-image parts take ``avg_chans`` stored in uint8 (i.e. truncated); the crop is resized
    with cv2.resize (bilinear) on uint8 when ``model_sz != original_sz``.
    """
    rows, cols, chans = img.shape
    half = (original_sz + 1) / 2
    xmin = np.floor(pos[0] - half + 0.5)
    ymin = np.floor(pos[1] - half + 0.5)
    xmax = xmin + original_sz - 1
    ymax = ymin + original_sz - 1
    pad_l = int(max(0.0, -xmin))
    pad_t = int(max(0.0, -ymin))
    pad_r = int(max(0.0, xmax - cols + 1))
    pad_b = int(max(0.0, ymax - rows + 1))
    x0, x1 = int(xmin + pad_l), int(xmax + pad_l + 1)
    y0, y1 = int(ymin + pad_t), int(ymax + pad_t + 1)
    if pad_l or pad_t or pad_r or pad_b:
        canvas = np.empty((rows + pad_t + pad_b, cols + pad_l + pad_r, chans), np.uint8)
        canvas[...] = avg_chans            # float64 -> uint8 assignment truncates, as in pysot
        canvas[pad_t:pad_t + rows, pad_l:pad_l + cols] = img
        patch = canvas[y0:y1, x0:x1]
    else:
        patch = img[y0:y1, x0:x1]
    if not np.array_equal(model_sz, original_sz):
        patch = cv2.resize(patch, (model_sz, model_sz))
    patch = patch.transpose(2, 0, 1)[np.newaxis].astype(np.float32)
    return torch.from_numpy(patch)


def crop_rounding_margin(pos, s_x):
    """Distance (px) of the search crop's integer decisions from their rounding boundaries.

    The crop side is round(s_x) and its corner floor(pos - (round(s_x)+1)/2 + 0.5): when one of
    these values lies within ~1e-4 of a boundary, float-level differences in the state (another
    runtime, thread count, SIMD) can move the crop by one pixel or change its size.
    A corner exactly on an integer (frame 1 of an integer init box) is not counted: it is exact
    in any IEEE implementation of the same formulas.
    """
    side = round(s_x)
    margins = [abs((s_x - np.floor(s_x)) - 0.5)]
    for p in pos:
        c = p - (side + 1) / 2 + 0.5
        if c != np.floor(c):
            margins.append(min(c - np.floor(c), np.ceil(c) - c))
    return float(min(margins))


# ----------------------------------------------------------------------------------------------
# Tracker
# ----------------------------------------------------------------------------------------------

class NanoTrackReference:
    def __init__(self, backend, version="v2", **overrides):
        cfg = dict(TRACK_CONFIG[version])
        cfg.update({k: v for k, v in overrides.items() if v is not None})
        self.cfg = cfg
        self.backend = backend
        size = cfg["score_size"]
        stride = cfg["stride"]
        self.window = np.outer(np.hanning(size), np.hanning(size)).flatten()
        origin = -(size // 2) * stride
        grid = np.array([origin + stride * i for i in range(size)])
        gx, gy = np.meshgrid(grid, grid)
        self.points = np.zeros((size * size, 2), dtype=np.float32)
        self.points[:, 0] = gx.astype(np.float32).flatten()
        self.points[:, 1] = gy.astype(np.float32).flatten()
        self.center_pos = None
        self.size = None
        self.channel_average = None
        self.last_pscore = None
        self.last_best = None
        self.last_crop_margin = None

    def _context_size(self):
        ctx = self.cfg["context_amount"] * np.sum(self.size)
        return self.size[0] + ctx, self.size[1] + ctx

    def init(self, img, bbox):
        """img: HxWx3 uint8 BGR; bbox: x, y, w, h (top-left corner, pixels)."""
        x, y, w, h = bbox
        self.center_pos = np.array([x + (w - 1) / 2, y + (h - 1) / 2])
        self.size = np.array([w, h])
        w_z, h_z = self._context_size()
        s_z = round(np.sqrt(w_z * h_z))
        self.channel_average = np.mean(img, axis=(0, 1))
        z = get_subwindow(img, self.center_pos, self.cfg["exemplar_size"], s_z, self.channel_average)
        self.backend.template(z)

    def _scores(self, cls):
        # N x 2 logits in (channel, y, x) order -> softmax -> foreground probability (float32)
        logits = cls.permute(1, 2, 3, 0).contiguous().view(2, -1).permute(1, 0)
        return logits.softmax(1).detach()[:, 1].cpu().numpy()

    def _boxes(self, loc):
        # 4 x N (l, t, r, b) -> centre form (cx, cy, w, h) relative to the crop centre, float32
        d = loc.permute(1, 2, 3, 0).contiguous().view(4, -1).detach().cpu().numpy()
        x1 = self.points[:, 0] - d[0, :]
        y1 = self.points[:, 1] - d[1, :]
        x2 = self.points[:, 0] + d[2, :]
        y2 = self.points[:, 1] + d[3, :]
        out = np.empty_like(d)
        out[0, :] = (x1 + x2) * 0.5
        out[1, :] = (y1 + y2) * 0.5
        out[2, :] = x2 - x1
        out[3, :] = y2 - y1
        return out

    def track(self, img):
        """Returns (bbox [x, y, w, h], best_score)."""
        cfg = self.cfg
        w_z, h_z = self._context_size()
        s_z = np.sqrt(w_z * h_z)
        scale_z = cfg["exemplar_size"] / s_z
        s_x = s_z * (cfg["instance_size"] / cfg["exemplar_size"])
        self.last_crop_margin = crop_rounding_margin(self.center_pos, s_x)
        x = get_subwindow(img, self.center_pos, cfg["instance_size"], round(s_x), self.channel_average)

        cls, loc = self.backend.track(x)
        score = self._scores(cls)
        pred = self._boxes(loc)

        penalty = scale_ratio_penalty(pred, self.size, scale_z, cfg["penalty_k"])
        pscore = penalty * score
        pscore = pscore * (1 - cfg["window_influence"]) + self.window * cfg["window_influence"]
        best = np.argmax(pscore)
        self.last_pscore = pscore
        self.last_best = int(best)

        box = pred[:, best] / scale_z
        lr = penalty[best] * score[best] * cfg["lr"]
        cx = box[0] + self.center_pos[0]
        cy = box[1] + self.center_pos[1]
        width = self.size[0] * (1 - lr) + box[2] * lr
        height = self.size[1] * (1 - lr) + box[3] * lr

        rows, cols = img.shape[:2]
        cx = max(0, min(cx, cols))
        cy = max(0, min(cy, rows))
        width = max(10, min(width, cols))
        height = max(10, min(height, rows))

        self.center_pos = np.array([cx, cy])
        self.size = np.array([width, height])
        return [cx - width / 2, cy - height / 2, width, height], score[best]


# ----------------------------------------------------------------------------------------------
# Frames
# ----------------------------------------------------------------------------------------------

def _natural_key(path):
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", os.path.basename(path))]


def list_image_files(folder):
    files = [f for f in glob.glob(os.path.join(folder, "*"))
             if f.lower().endswith((".jpg", ".jpeg", ".png"))]
    return sorted(files, key=_natural_key)


def iter_frames(source, start=0, count=None, flip=False):
    """Yield BGR uint8 frames [start, start+count) of a folder of images or a video file."""
    stop = None if count is None or count < 0 else start + count
    if os.path.isdir(source):
        files = list_image_files(source)
        if not files:
            raise FileNotFoundError("no *.jpg / *.png in %s" % source)
        for path in files[start:stop]:
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            if img is None:
                raise IOError("cannot read %s" % path)
            yield cv2.flip(img, 1) if flip else img
        return
    cap = cv2.VideoCapture(source)
    if not cap.isOpened():
        raise IOError("cannot open video %s" % source)
    try:
        idx = 0
        while stop is None or idx < stop:
            ok, img = cap.read()
            if not ok:
                break
            if idx >= start:
                yield cv2.flip(img, 1) if flip else img
            idx += 1
    finally:
        cap.release()


def flip_box(box, image_width):
    """Mirror an x,y,w,h box horizontally: pixel column i -> W-1-i, so x -> W - x - w."""
    x, y, w, h = box
    return [image_width - x - w, y, w, h]


def parse_box(text):
    vals = [float(v) for v in re.split(r"[,\s]+", text.strip()) if v]
    if len(vals) != 4:
        raise ValueError("expected x,y,w,h, got %r" % text)
    return vals


def read_box_line(path, line_index):
    with open(path) as f:
        lines = [ln for ln in f.read().splitlines()]
    return parse_box(lines[line_index])


# ----------------------------------------------------------------------------------------------
# Runner
# ----------------------------------------------------------------------------------------------

def decision_margin(tracker):
    """(best index, pscore margin, crop margin) of the last track() call.

    pscore margin = pscore[best] - second largest pscore: a tiny value marks a near-tie of the
    arg-max, where other float rounding (ONNX Runtime, thread counts, SIMD) may pick another
    cell. crop margin: see crop_rounding_margin. Either being tiny flags a frame where an
    implementation that is correct up to float rounding may legitimately part from the reference.
    """
    p = tracker.last_pscore
    best = tracker.last_best
    second = np.partition(p, -2)[-2] if p.size > 1 else -np.inf
    return best, float(p[best] - second), tracker.last_crop_margin


# A frame is a near-tie when either margin of decision_margin is below these: the C# parity tests restart their
# free-running tracks from the reference after such frames (tests/.../Tracking/NearTieRestarts.cs).
NEAR_TIE_PSCORE_MARGIN = 1e-4
NEAR_TIE_CROP_MARGIN = 1e-3  # px


def near_tie_frames(diagnostics):
    """Frame indices (frame 0 = init, never one) whose run_sequence diagnostics mark a near-tie."""
    return [i for i, (_, margin, crop) in enumerate(diagnostics)
            if i and (margin < NEAR_TIE_PSCORE_MARGIN or crop < NEAR_TIE_CROP_MARGIN)]


def run_sequence(tracker, frames, init_box, flip=False, on_frame=None, diagnostics=None):
    """Track over an iterable of frames; returns (boxes, scores, track_seconds).

    boxes[0] is the init box (mirrored when flip); scores[0] is NaN. When ``diagnostics`` is a
    list, one (best_index, pscore_margin, crop_margin) tuple per frame is appended (frame 0:
    (-1, nan, nan)).
    """
    boxes, scores, times = [], [], []
    for idx, img in enumerate(frames):
        if idx == 0:
            box = flip_box(init_box, img.shape[1]) if flip else list(init_box)
            tic = time.perf_counter()
            tracker.init(img, box)
            times.append(time.perf_counter() - tic)
            boxes.append([float(v) for v in box])
            scores.append(float("nan"))
            if diagnostics is not None:
                diagnostics.append((-1, float("nan"), float("nan")))
        else:
            tic = time.perf_counter()
            box, score = tracker.track(img)
            times.append(time.perf_counter() - tic)
            boxes.append([float(v) for v in box])
            scores.append(float(score))
            if diagnostics is not None:
                diagnostics.append(decision_margin(tracker))
        if on_frame is not None:
            on_frame(idx, img, boxes[-1])
    return boxes, scores, times


def write_diagnostics(path, diag):
    with open(path, "w") as f:
        f.write("frame,best_index,pscore_margin,crop_margin\n")
        for i, (best, margin, crop) in enumerate(diag):
            f.write("%d,%d,%.9g,%.9g\n" % (i, best, margin, crop))


def format_box(box, fmt):
    if fmt == "repr":
        return ",".join(repr(float(v)) for v in box)
    return ",".join(fmt % v for v in box)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Reference NanoTrack tracker (original Python semantics).")
    ap.add_argument("--version", choices=sorted(TRACK_CONFIG), default="v2")
    ap.add_argument("--model-dir", required=True, help="folder with nanotrack.pth and the ONNX files")
    ap.add_argument("--backend", choices=["pth", "onnx"], default="pth")
    ap.add_argument("--frames", required=True, help="folder of *.jpg/*.png (natural sort) or a video file")
    ap.add_argument("--init", help="init box x,y,w,h in the original (unflipped) frame")
    ap.add_argument("--init-file", help="take the init box from a box file (x,y,w,h lines) ...")
    ap.add_argument("--init-line", type=int, default=None,
                    help="... at this 0-based line (default: --start)")
    ap.add_argument("--start", type=int, default=0, help="index of the first frame used (the init frame)")
    ap.add_argument("--count", type=int, default=None, help="number of frames including the init frame")
    ap.add_argument("--flip", action="store_true",
                    help="mirror frames horizontally; the init box is mirrored, output boxes are in "
                         "mirrored-frame coordinates")
    ap.add_argument("--out", required=True, help="box file: one x,y,w,h line per frame, line 1 = init box")
    ap.add_argument("--scores", help="optional file with the raw best score per frame (line 1: nan)")
    ap.add_argument("--times", help="optional file with seconds per init/track step")
    ap.add_argument("--diag", help="optional CSV: frame,best_index,pscore_margin,crop_margin (near-tie diagnostics)")
    ap.add_argument("--fmt", default="%.6f", help="number format, e.g. %%.6f (default) or 'repr'")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    if args.init:
        init_box = parse_box(args.init)
    elif args.init_file:
        init_box = read_box_line(args.init_file, args.start if args.init_line is None else args.init_line)
    else:
        ap.error("--init or --init-file is required")

    backend = make_backend(args.backend, args.version, args.model_dir)
    tracker = NanoTrackReference(backend, args.version)
    frames = iter_frames(args.frames, args.start, args.count, args.flip)
    tic = time.perf_counter()
    diag = []
    boxes, scores, times = run_sequence(tracker, frames, init_box, args.flip, diagnostics=diag)
    total = time.perf_counter() - tic

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w") as f:
        for box in boxes:
            f.write(format_box(box, args.fmt) + "\n")
    if args.scores:
        with open(args.scores, "w") as f:
            for s in scores:
                f.write(("nan" if s != s else ("%.6f" % s if args.fmt != "repr" else repr(s))) + "\n")
    if args.diag:
        write_diagnostics(args.diag, diag)
    if args.times:
        with open(args.times, "w") as f:
            for t in times:
                f.write("%.6f\n" % t)
    track_ms = np.median(times[1:]) * 1000 if len(times) > 1 else float("nan")
    print("%s %s: %d frames, %.2f s total, median track step %.2f ms"
          % (args.version, backend.name, len(boxes), total, track_ms), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
