#!/usr/bin/env python3
"""Compare two per-frame box files (x,y,w,h per line; separators , space or tab).

    python3 tools/reference/compare_tracks.py A.txt B.txt [--threshold 0.9] [--per-frame]

Prints the number of compared frames, mean IoU, min IoU (and its frame), the first frame with
IoU below the threshold, and the largest absolute coordinate difference. Frame numbers are
0-based line indices. Lines that are not 4 numbers (e.g. VOT '1'/'2' markers, blank) are skipped
in both files at the same index. Exit status 0 always (use --min-mean to make it a check).
"""

import argparse
import re
import sys

import numpy as np


def read_boxes(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = [p for p in re.split(r"[,\s]+", line.strip()) if p]
            if len(parts) == 4:
                try:
                    rows.append([float(p) for p in parts])
                    continue
                except ValueError:
                    pass
            rows.append(None)
    return rows


def iou(a, b):
    """IoU of x,y,w,h boxes (continuous coordinates, no +1)."""
    ax2, ay2 = a[0] + a[2], a[1] + a[3]
    bx2, by2 = b[0] + b[2], b[1] + b[3]
    iw = max(0.0, min(ax2, bx2) - max(a[0], b[0]))
    ih = max(0.0, min(ay2, by2) - max(a[1], b[1]))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def compare(rows_a, rows_b, threshold=0.9):
    n = min(len(rows_a), len(rows_b))
    ious, diffs, frames = [], [], []
    for i in range(n):
        a, b = rows_a[i], rows_b[i]
        if a is None or b is None:
            continue
        ious.append(iou(a, b))
        diffs.append(max(abs(x - y) for x, y in zip(a, b)))
        frames.append(i)
    ious = np.array(ious)
    res = {
        "frames": len(ious),
        "lines_a": len(rows_a),
        "lines_b": len(rows_b),
        "mean_iou": float(ious.mean()) if len(ious) else float("nan"),
        "min_iou": float(ious.min()) if len(ious) else float("nan"),
        "min_iou_frame": frames[int(ious.argmin())] if len(ious) else None,
        "first_below": next((f for f, v in zip(frames, ious) if v < threshold), None),
        "max_abs_diff": float(max(diffs)) if diffs else float("nan"),
        "max_abs_diff_frame": frames[int(np.argmax(diffs))] if diffs else None,
        "first_diff_over_1e-4": next((f for f, d in zip(frames, diffs) if d > 1e-4), None),
        "ious": ious,
    }
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description="Per-frame IoU between two box files.")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--threshold", type=float, default=0.9, help="report the first frame below this IoU")
    ap.add_argument("--per-frame", action="store_true", help="print the IoU of every frame")
    ap.add_argument("--min-mean", type=float, default=None, help="exit 1 if the mean IoU is below this")
    args = ap.parse_args(argv)
    res = compare(read_boxes(args.a), read_boxes(args.b), args.threshold)
    if args.per_frame:
        for i, v in enumerate(res["ious"]):
            print("%d %.6f" % (i, v))
    if res["lines_a"] != res["lines_b"]:
        print("warning: %d vs %d lines" % (res["lines_a"], res["lines_b"]))
    print("frames %d" % res["frames"])
    print("mean IoU %.6f" % res["mean_iou"])
    print("min IoU %.6f (frame %s)" % (res["min_iou"], res["min_iou_frame"]))
    print("first frame with IoU < %g: %s" % (args.threshold, res["first_below"]))
    print("max |coord diff| %.6g px (frame %s); first frame with diff > 1e-4: %s"
          % (res["max_abs_diff"], res["max_abs_diff_frame"], res["first_diff_over_1e-4"]))
    if args.min_mean is not None and not res["mean_iou"] >= args.min_mean:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
