"""Score-map and box diagnostics of point-decoder checkpoints on annotated sequences, without tracking.

    /usr/bin/python3 -m siamese_training.diagnose --data SEQ_ROOT --sequences Bolt,person12 \\
        --teacher nanotrack-v2:nanotrack.pth RUN/checkpoint-1000.pth AVG.pth ...

For every third frame ``k`` the search crop is cut around the ground truth of frame ``k - 1`` (as a tracker that
has followed perfectly so far would cut it) and matched with the template of frame 0. Per model and sequence:

* ``peak``: share of frames whose score peak lies within ``--radius`` (24) crop pixels of the true centre;
* ``log_w`` / ``log_h``: mean log ratio of the predicted box's width / height (the box of the grid point nearest
  the true centre) to the true box's — a student whose boxes turn square on tall targets shows ``log_w > 0``,
  ``log_h < 0``;
* ``log_ar``: mean absolute log error of the aspect ratio.

A tracker's AUC hides why it failed (one bad frame ends a run); these separate "the peak is elsewhere" from "the
box has the wrong shape". One line per sequence and model, tab-separated, with a header.
"""

import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

from .models.registry import load_model
from .train.augment import box_to_crop, context_side, crop, pad_colour
from .train.distill import parse_teacher
from .train.sequences import load_sequence
from .train.targets import point_grid

__all__ = ["diagnose_sequence", "crop_sizes", "main"]

COLUMNS = ("sequence", "model", "frames", "peak", "log_w", "log_h", "log_ar")


def _tensor(image):
    return torch.from_numpy(image.transpose(2, 0, 1)[None].astype(np.float32))


def crop_sizes(models):
    """(exemplar, instance) crop sizes shared by ``models``; ValueError when they differ (the crops are cut once)."""
    sizes = {(m.exemplar_size, m.instance_size) for m in models.values()}
    if len(sizes) != 1:
        raise ValueError("the models crop differently (exemplar, instance sizes %s): diagnose them in separate runs"
                         % sorted(sizes))
    return sizes.pop()


def diagnose_sequence(seq, models, radius=24.0, every=3, context=0.5):
    """{name: dict(frames, peak, log_w, log_h, log_ar)} for ``models`` ({name: point-decoder model in eval mode})."""
    exemplar, instance = crop_sizes(models)
    first = seq.image(0)
    x, y, w, h = seq.boxes[0]
    side = context_side(w, h, context)
    template, _ = crop(first, x + w / 2.0, y + h / 2.0, side, side, exemplar, pad_colour(first))
    z = _tensor(template)
    rows = {name: [] for name in models}
    for k in range(1, len(seq), every):
        if not (seq.valid[k] and seq.valid[k - 1]):
            continue
        frame = seq.image(k)
        px, py, pw, ph = seq.boxes[k - 1]
        s = context_side(pw, ph, context) * instance / exemplar
        search, m = crop(frame, px + pw / 2.0, py + ph / 2.0, s, s, instance, pad_colour(frame))
        x1, y1, x2, y2 = box_to_crop(seq.boxes[k], m)
        tcx, tcy = (x1 + x2) / 2.0, (y1 + y2) / 2.0
        xt = _tensor(search)
        with torch.no_grad():
            for name, model in models.items():
                out = model.pack_search(xt, model.pack_template(exemplar=z))
                p = F.softmax(out["cls"], dim=1)[0, 1]
                size = p.shape[-1]
                xs, ys = point_grid(size, model.stride, instance)    # the training targets' point positions
                r, c = divmod(int(p.argmax()), size)
                hit = np.hypot(xs[r, c] - tcx, ys[r, c] - tcy) <= radius
                gi = int(np.clip(np.round((tcy - ys[0, 0]) / model.stride), 0, size - 1))
                gj = int(np.clip(np.round((tcx - xs[0, 0]) / model.stride), 0, size - 1))
                left, top, right, bottom = out["loc"][0, :, gi, gj].tolist()
                log_w = np.log(max(left + right, 1e-3) / max(x2 - x1, 1e-3))
                log_h = np.log(max(top + bottom, 1e-3) / max(y2 - y1, 1e-3))
                rows[name].append((float(hit), log_w, log_h))
    result = {}
    for name, values in rows.items():
        v = np.array(values, dtype=np.float64).reshape(-1, 3)
        n = len(v)
        result[name] = dict(frames=n, peak=float(v[:, 0].mean()) if n else float("nan"),
                            log_w=float(v[:, 1].mean()) if n else float("nan"),
                            log_h=float(v[:, 2].mean()) if n else float("nan"),
                            log_ar=float(np.abs(v[:, 1] - v[:, 2]).mean()) if n else float("nan"))
    return result


def _load(family, variant, path):
    model = load_model(family, variant, path)
    if model.decoder != "point":
        raise ValueError("%s: %s has no point decoder (diagnose needs cls/loc maps)" % (path, model.describe()))
    return model.eval()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m siamese_training.diagnose", description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder of annotated sequences")
    ap.add_argument("--sequences", required=True, help="comma-separated sequence names under --data")
    ap.add_argument("--family", default="nanotrack")
    ap.add_argument("--variant", default="v2")
    ap.add_argument("--teacher", default="", help="FAMILY-VARIANT:PATH shown first as 'teacher' (optional)")
    ap.add_argument("--radius", type=float, default=24.0, help="peak hit radius in search-crop pixels (24)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("checkpoints", nargs="+", help="checkpoints (.pth) of --family/--variant")
    args = ap.parse_args(argv)
    torch.set_num_threads(max(1, args.threads))
    models = {}
    try:
        if args.teacher:
            family, variant, path = parse_teacher(args.teacher)
            models["teacher"] = _load(family, variant, path)
        for path in args.checkpoints:
            name = "%s/%s" % (os.path.basename(os.path.dirname(os.path.abspath(path))),
                              os.path.splitext(os.path.basename(path))[0])
            models[name] = _load(args.family, args.variant, path)
        crop_sizes(models)
        sequences = [load_sequence(os.path.join(args.data, name)) for name in args.sequences.split(",") if name]
    except (OSError, ValueError, RuntimeError, KeyError) as e:
        sys.exit("error: %s" % e)
    print("\t".join(COLUMNS))
    for seq in sequences:
        for name, r in diagnose_sequence(seq, models, radius=args.radius).items():
            print("%s\t%s\t%d\t%.3f\t%+.3f\t%+.3f\t%.3f" % (seq.name, name, r["frames"], r["peak"], r["log_w"],
                                                            r["log_h"], r["log_ar"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
