#!/usr/bin/env python3
"""Convert the released FDSiamFC weights to packs and run pack_tracker.py on ../shared/data/sequences.

    python3 tools/reference/verify_fdsiamfc.py [--rates 30,15] [--sequences Bolt,...] [--packs DIR]
        [--out-dir DIR] [--threads 1]

For each rate: ``siamese_training.convert --family siamfc --variant fdsiamfc-RATE`` of
``../shared/models/third_party/fdsiamfc/FDSiamfc_RATE.pth`` (into --packs, a temporary folder by default), then
the response-map reference tracker with the raw ground-truth box (line 1 of the reference file), RGB frames and
the manifest defaults (3 scales, clipCenter). Prints per sequence: frames, mean/min IoU against
``../shared/docs/reference/fdsiamfc-RATE/<seq>.txt``, first frame with IoU < 0.9, max |coordinate difference|,
first frame differing by more than 1e-4 px, and AUC / precision@20 against the ground truth for both tracks
(got10k ExperimentOTB rules: frame 0 = ground truth, IoU > t over linspace(0,1,21), centre error <= 20 px).
"""

import argparse
import os
import sys
import tempfile
import time

import numpy as np
import torch

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))
for _p in (_HERE, os.path.join(_REPO, "training")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import compare_tracks  # noqa: E402
import nanotrack_tracker as nt  # noqa: E402
import pack_tracker  # noqa: E402
from verify_shared import SEQUENCES, shared_root  # noqa: E402


def ground_truth(seq_dir):
    for name in ("groundtruth_rect.txt", "groundtruth.txt"):
        path = os.path.join(seq_dir, name)
        if os.path.exists(path):
            return compare_tracks.read_boxes(path)
    raise FileNotFoundError("no ground truth in %s" % seq_dir)


def otb_metrics(boxes, gt):
    """(AUC, precision@20) of x,y,w,h boxes against the ground truth over their common prefix."""
    n = min(len(boxes), len(gt))
    b = np.array(boxes[:n], dtype=np.float64)
    g = np.array(gt[:n], dtype=np.float64)
    b[0] = g[0]
    x1 = np.maximum(b[:, 0], g[:, 0])
    y1 = np.maximum(b[:, 1], g[:, 1])
    x2 = np.minimum(b[:, 0] + b[:, 2], g[:, 0] + g[:, 2])
    y2 = np.minimum(b[:, 1] + b[:, 3], g[:, 1] + g[:, 3])
    inter = np.maximum(0, x2 - x1) * np.maximum(0, y2 - y1)
    union = b[:, 2] * b[:, 3] + g[:, 2] * g[:, 3] - inter
    iou = np.clip(inter / np.maximum(union, np.finfo(float).eps), 0, 1)
    succ = [(iou > t).mean() for t in np.linspace(0, 1, 21)]
    cb = b[:, :2] + (b[:, 2:] - 1) / 2
    cg = g[:, :2] + (g[:, 2:] - 1) / 2
    err = np.sqrt(((cb - cg) ** 2).sum(1))
    return float(np.mean(succ)), float((err <= 20).mean())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=shared_root())
    ap.add_argument("--rates", default="30,15")
    ap.add_argument("--sequences", default=",".join(SEQUENCES))
    ap.add_argument("--packs", help="folder for the converted packs (default: a temporary folder)")
    ap.add_argument("--out-dir", help="write <rate>/<seq>.txt boxes here")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    shared = os.path.abspath(args.shared)
    from siamese_training.convert import convert

    tmp = None
    packs = args.packs
    if not packs:
        tmp = tempfile.TemporaryDirectory()
        packs = tmp.name
    print("| tracker | sequence | frames | mean IoU | min IoU | first IoU<0.9 | max abs diff px | first diff>1e-4 "
          "| AUC ref / mine | prec@20 ref / mine | median ms/frame |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for rate in args.rates.split(","):
        name = "fdsiamfc-" + rate
        pack = os.path.join(packs, name)
        convert("siamfc", name, os.path.join(shared, "models", "third_party", "fdsiamfc", "FDSiamfc_%s.pth" % rate),
                pack, check=False)
        ious, aucs = [], []
        for seq in args.sequences.split(","):
            ref = compare_tracks.read_boxes(os.path.join(shared, "docs", "reference", name, seq + ".txt"))
            seq_dir = os.path.join(shared, "data", "sequences", seq)
            tic = time.perf_counter()
            boxes, _, times = pack_tracker.run_pack(pack, nt.iter_frames(os.path.join(seq_dir, "img")), ref[0])
            if args.out_dir:
                d = os.path.join(args.out_dir, name)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, seq + ".txt"), "w") as f:
                    f.writelines(nt.format_box(b, "%.6f") + "\n" for b in boxes)
            mine = [[float("%.6f" % v) for v in b] for b in boxes]
            res = compare_tracks.compare(mine, ref)
            gt = ground_truth(seq_dir)
            auc_ref, prec_ref = otb_metrics(ref, gt)
            auc_mine, prec_mine = otb_metrics(mine, gt)
            ious.append(res["mean_iou"])
            aucs.append((auc_ref, auc_mine))
            print("| %s | %s | %d | %.6f | %.6f | %s | %.3g | %s | %.3f / %.3f | %.3f / %.3f | %.1f |" % (
                name, seq, res["frames"], res["mean_iou"], res["min_iou"], res["first_below"], res["max_abs_diff"],
                res["first_diff_over_1e-4"], auc_ref, auc_mine, prec_ref, prec_mine,
                1000 * float(np.median(times[1:]))))
            sys.stdout.flush()
        a = np.array(aucs)
        print("| %s | **mean** | | %.6f | | | | | %.3f / %.3f | | |" % (name, float(np.mean(ious)), a[:, 0].mean(),
                                                                      a[:, 1].mean()))
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
