#!/usr/bin/env python3
"""Regenerate the extra NanoTrack reference tracks listed in extra_sequences.tsv.

    python3 tools/reference/make_extra_references.py OUTDIR [--versions v1,v2,v3]
        [--backends pth,onnx] [--cases tennis,bag,...] [--threads 1] [--shared PATH]

Writes OUTDIR/nanotrack-<version>/<backend>/<case>.txt (x,y,w,h per frame, line 1 = init box in the
coordinates of the frames actually tracked, i.e. mirrored for flip cases), <case>_scores.txt (raw
best score per frame, line 1 'nan'), <case>_diag.csv (arg-max index and pscore margin per frame)
and OUTDIR/manifest.json (resolved case definitions, the equivalent nanotrack_tracker.py command
per output, timings, near-tie frames: pscore margin < 1e-4 or crop margin < 1e-3 px). Deterministic: the same torch build
and thread count reproduce the files byte for byte.
"""

import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import torch

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)

import nanotrack_tracker as nt  # noqa: E402

TABLE = os.path.join(_HERE, "extra_sequences.tsv")


def default_shared():
    env = os.environ.get("MLNET_SIAMESE_SHARED")
    if env:
        return env
    return os.path.normpath(os.path.join(_HERE, "..", "..", "..", "shared"))


def read_cases(path=TABLE):
    cases = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, source, init, start, count, flip, origin = line.rstrip("\n").split("\t")
            cases.append(dict(name=name, source=source, init=[float(v) for v in init.split(",")],
                              start=int(start), count=int(count), flip=bool(int(flip)),
                              init_origin=origin))
    return cases


def command_for(case, version, backend, shared_arg, out_dir_arg):
    init = ",".join("%g" % v for v in case["init"])
    cmd = ["python3", "tools/reference/nanotrack_tracker.py", "--version", version,
           "--backend", backend, "--model-dir", "%s/models/third_party/nanotrack-%s" % (shared_arg, version),
           "--frames", "%s/%s" % (shared_arg, case["source"]), "--init", init]
    if case["start"]:
        cmd += ["--start", str(case["start"])]
    if case["count"] >= 0:
        cmd += ["--count", str(case["count"])]
    if case["flip"]:
        cmd += ["--flip"]
    base = "%s/nanotrack-%s/%s/%s" % (out_dir_arg, version, backend, case["name"])
    cmd += ["--out", base + ".txt", "--scores", base + "_scores.txt", "--diag", base + "_diag.csv"]
    return " ".join(cmd)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--versions", default="v1,v2,v3")
    ap.add_argument("--backends", default="pth,onnx")
    ap.add_argument("--cases", default=None, help="comma-separated subset of case names")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    shared = os.path.abspath(args.shared)
    if not os.path.isdir(os.path.join(shared, "models", "third_party")):
        ap.error("shared folder not found: %s (set --shared or MLNET_SIAMESE_SHARED)" % shared)
    cases = read_cases()
    if args.cases:
        wanted = args.cases.split(",")
        unknown = set(wanted) - {c["name"] for c in cases}
        if unknown:
            ap.error("unknown case(s): %s" % ", ".join(sorted(unknown)))
        cases = [c for c in cases if c["name"] in wanted]

    manifest = dict(generator="tools/reference/make_extra_references.py", torch=torch.__version__,
                    numpy=np.__version__, threads=args.threads, python=platform.python_version(),
                    shared=shared, table="tools/reference/extra_sequences.tsv", cases=cases, outputs=[])
    t_all = time.perf_counter()
    for version in args.versions.split(","):
        model_dir = os.path.join(shared, "models", "third_party", "nanotrack-" + version)
        for backend_name in args.backends.split(","):
            backend = nt.make_backend(backend_name, version, model_dir)
            out_dir = os.path.join(args.outdir, "nanotrack-" + version, backend_name)
            os.makedirs(out_dir, exist_ok=True)
            for case in cases:
                tracker = nt.NanoTrackReference(backend, version)
                count = None if case["count"] < 0 else case["count"]
                frames = nt.iter_frames(os.path.join(shared, case["source"]), case["start"], count, case["flip"])
                tic = time.perf_counter()
                diag = []
                boxes, scores, times = nt.run_sequence(tracker, frames, case["init"], case["flip"],
                                                       diagnostics=diag)
                seconds = time.perf_counter() - tic
                base = os.path.join(out_dir, case["name"])
                with open(base + ".txt", "w") as f:
                    f.writelines(nt.format_box(b, "%.6f") + "\n" for b in boxes)
                with open(base + "_scores.txt", "w") as f:
                    f.writelines(("nan" if s != s else "%.6f" % s) + "\n" for s in scores)
                nt.write_diagnostics(base + "_diag.csv", diag)
                margins = np.array([m for _, m, _ in diag[1:]])
                crops = np.array([c for _, _, c in diag[1:]])
                fragile = nt.near_tie_frames(diag)
                entry = dict(case=case["name"], version=version, backend=backend_name,
                             boxes=os.path.relpath(base + ".txt", args.outdir),
                             scores=os.path.relpath(base + "_scores.txt", args.outdir),
                             frames=len(boxes), init_box_written=boxes[0], seconds=round(seconds, 3),
                             median_track_ms=round(1000 * float(np.median(times[1:])), 2),
                             min_pscore_margin=float(margins.min()),
                             min_pscore_margin_frame=int(margins.argmin()) + 1,
                             min_crop_margin=float(crops.min()), min_crop_margin_frame=int(crops.argmin()) + 1,
                             near_tie_frames=fragile,
                             command=command_for(case, version, backend_name, "../shared", "OUTDIR"))
                manifest["outputs"].append(entry)
                print("%-16s %s %-4s %4d frames %6.2f s (%5.1f ms/frame)  min pscore margin %.1e @%d, "
                      "min crop margin %.1e @%d, %d near-tie frames" % (
                          case["name"], version, backend_name, len(boxes), seconds, entry["median_track_ms"],
                          entry["min_pscore_margin"], entry["min_pscore_margin_frame"],
                          entry["min_crop_margin"], entry["min_crop_margin_frame"], len(fragile)))
                sys.stdout.flush()
    manifest["total_seconds"] = round(time.perf_counter() - t_all, 2)
    with open(os.path.join(args.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("total %.1f s -> %s" % (manifest["total_seconds"], os.path.join(args.outdir, "manifest.json")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
