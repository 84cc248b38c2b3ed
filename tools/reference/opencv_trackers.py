#!/usr/bin/env python3
"""OpenCV's classic trackers (CSRT, KCF, MIL) on a folder of annotated sequences, the way
../shared/docs/reference/HOW-opencv.md describes the shared reference results: Debian's python3-opencv, library
defaults, cv2.setNumThreads(1), OpenCL off, each (tracker, sequence) in a fresh process, init with the frame-0
ground-truth box rounded to integers (floor(v + 0.5)), the previous box repeated when update() reports failure.

Writes OUT/opencv-<tracker>/<sequence>.txt (x,y,w,h per frame, line 1 = the init box) and
OUT/opencv-<tracker>/times/<sequence>_time.txt (seconds per call), the layout `siamese eval --results OUT` scores.

  /usr/bin/python3 tools/reference/opencv_trackers.py --dataset SEQUENCES_DIR --out OUT [--trackers csrt kcf mil]
"""
import argparse
import glob
import math
import os
import re
import subprocess
import sys
import time

import cv2

FACTORIES = {"csrt": "TrackerCSRT_create", "kcf": "TrackerKCF_create", "mil": "TrackerMIL_create"}


def ground_truth(folder):
    for name in ("groundtruth.txt", "groundtruth_rect.txt"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path) as f:
                return [[float(v) for v in re.split(r"[,\s]+", line.strip()) if v] for line in f if line.strip()]
    raise SystemExit(f"error: {folder}: no groundtruth.txt or groundtruth_rect.txt")


def run_one(tracker_name, folder, out_dir):
    """One tracker over one sequence, in this process."""
    cv2.setNumThreads(1)
    cv2.ocl.setUseOpenCL(False)
    frames = sorted(glob.glob(os.path.join(folder, "img", "*.jpg")))
    if not frames:
        raise SystemExit(f"error: {folder}/img: no .jpg frames")
    x, y, w, h = ground_truth(folder)[0][:4]
    box = tuple(int(math.floor(v + 0.5)) for v in (x, y, w, h))
    tracker = getattr(cv2, FACTORIES[tracker_name])()
    boxes, times = [box], []
    image = cv2.imread(frames[0])
    start = time.perf_counter()
    tracker.init(image, box)
    times.append(time.perf_counter() - start)
    for path in frames[1:]:
        image = cv2.imread(path)
        start = time.perf_counter()
        ok, found = tracker.update(image)
        times.append(time.perf_counter() - start)
        boxes.append(tuple(found) if ok else boxes[-1])
    name = os.path.basename(os.path.normpath(folder))
    os.makedirs(os.path.join(out_dir, "times"), exist_ok=True)
    with open(os.path.join(out_dir, name + ".txt"), "w") as f:
        f.writelines(",".join(f"{v:.6f}" for v in b) + "\n" for b in boxes)
    with open(os.path.join(out_dir, "times", name + "_time.txt"), "w") as f:
        f.writelines(f"{t:.6f}\n" for t in times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", required=True, help="folder of sequences (each with img/*.jpg and groundtruth)")
    parser.add_argument("--out", required=True, help="results root (opencv-<tracker>/ folders are written there)")
    parser.add_argument("--trackers", nargs="+", default=["csrt"], choices=sorted(FACTORIES))
    parser.add_argument("--one", nargs=2, metavar=("TRACKER", "SEQUENCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # the child process of one (tracker, sequence)
        run_one(args.one[0], args.one[1], os.path.join(args.out, "opencv-" + args.one[0]))
        return
    sequences = sorted(d for d in glob.glob(os.path.join(args.dataset, "*")) if os.path.isdir(os.path.join(d, "img")))
    if not sequences:
        raise SystemExit(f"error: {args.dataset}: no sequence folders (each needs img/)")
    for tracker in args.trackers:
        for folder in sequences:
            # A fresh process per (tracker, sequence): MIL draws from process-global random generators.
            subprocess.run([sys.executable, __file__, "--dataset", args.dataset, "--out", args.out,
                            "--one", tracker, folder], check=True)
            print(f"opencv-{tracker} {os.path.basename(folder)}", flush=True)


if __name__ == "__main__":
    main()
