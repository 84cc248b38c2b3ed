#!/usr/bin/env python3
"""Run the reference NanoTrack on ../shared/data/sequences and compare with the original outputs.

    python3 tools/reference/verify_shared.py [--versions v1,v2,v3] [--backends pth,onnx]
        [--sequences wakeboard7,...] [--out-dir DIR] [--threads 1]

Init box = line 1 of ../shared/docs/reference/nanotrack-vN/<seq>.txt (the original test script's
``[x+0.5, y+0.5, w, h]``); prints one row per (version, backend, sequence) with frames, mean/min IoU,
first frame with IoU < 0.9, max |coordinate difference|, the median track-step time and the
near-tie frames (pscore margin < 1e-4 or crop rounding margin < 1e-3 px, see
nanotrack_tracker.decision_margin) where float-level differences may legitimately flip a decision.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)

import compare_tracks  # noqa: E402
import nanotrack_tracker as nt  # noqa: E402

SEQUENCES = ["Bolt", "Human3", "bike1", "boat1", "person12", "wakeboard7"]


def shared_root():
    env = os.environ.get("MLNET_SIAMESE_SHARED")
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.dirname(_HERE)), "..", "shared")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=shared_root())
    ap.add_argument("--versions", default="v1,v2,v3")
    ap.add_argument("--backends", default="pth,onnx")
    ap.add_argument("--sequences", default=",".join(SEQUENCES))
    ap.add_argument("--out-dir", default=None, help="write <version>/<backend>/<seq>.txt boxes, <seq>_diag.csv and "
                    "near_ties.json ({\"<version>/<backend>/<seq>\": [near-tie frames]}) here")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    shared = os.path.abspath(args.shared)
    print("| version | backend | sequence | frames | mean IoU | min IoU | first IoU<0.9 | max abs diff px "
          "| first diff>1e-4 | median ms/frame | near-tie frames |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    near_ties = {}
    for version in args.versions.split(","):
        model_dir = os.path.join(shared, "models", "third_party", "nanotrack-" + version)
        for backend_name in args.backends.split(","):
            backend = nt.make_backend(backend_name, version, model_dir)
            means = []
            for seq in args.sequences.split(","):
                ref_path = os.path.join(shared, "docs", "reference", "nanotrack-" + version, seq + ".txt")
                ref = compare_tracks.read_boxes(ref_path)
                tracker = nt.NanoTrackReference(backend, version)
                frames = nt.iter_frames(os.path.join(shared, "data", "sequences", seq, "img"))
                diag = []
                boxes, _, times = nt.run_sequence(tracker, frames, ref[0], diagnostics=diag)
                near = nt.near_tie_frames(diag)
                near_ties["%s/%s/%s" % (version, backend_name, seq)] = near
                if args.out_dir:
                    d = os.path.join(args.out_dir, version, backend_name)
                    os.makedirs(d, exist_ok=True)
                    with open(os.path.join(d, seq + ".txt"), "w") as f:
                        f.writelines(nt.format_box(b, "%.6f") + "\n" for b in boxes)
                    nt.write_diagnostics(os.path.join(d, seq + "_diag.csv"), diag)
                # compare at the precision of the reference files (6 decimals)
                mine = [[float("%.6f" % v) for v in b] for b in boxes]
                res = compare_tracks.compare(mine, ref)
                means.append(res["mean_iou"])
                print("| %s | %s | %s | %d | %.6f | %.6f | %s | %.3g | %s | %.1f | %s |" % (
                    version, backend_name, seq, res["frames"], res["mean_iou"], res["min_iou"],
                    res["first_below"], res["max_abs_diff"], res["first_diff_over_1e-4"],
                    1000 * float(np.median(times[1:])), " ".join(map(str, near[:8])) + (" ..." if len(near) > 8 else "")))
                sys.stdout.flush()
            print("| %s | %s | **mean** | | %.6f | | | | | | |" % (version, backend_name, float(np.mean(means))))
    if args.out_dir:
        with open(os.path.join(args.out_dir, "near_ties.json"), "w") as f:
            json.dump(near_ties, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
