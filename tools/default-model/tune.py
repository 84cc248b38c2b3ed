#!/usr/bin/env python3
"""Grid search of the tracking hyper-parameters (windowInfluence, penaltyK, lr) of a point-decoder pack.

Runs the project's evaluator (siamese eval) on the TRAINING sequences only (the held-out validation sequence and the
held-out benchmark never take part) and prints the configurations by mean AUC:

    python3 tools/default-model/tune.py --pack models/default --dataset ../shared/data/sequences \
        --sequences Bolt,Human3,bike1,boat1,wakeboard7 [--apply]

Variant packs are folders of symbolic links to the pack's ONNX files plus an edited model.json (under out/tune).
``--apply`` writes the best values into the pack's model.json.
"""

import argparse
import collections
import itertools
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--sequences", required=True)
    ap.add_argument("--window", default="0.35,0.45,0.55")
    ap.add_argument("--penalty", default="0.05,0.15,0.3")
    ap.add_argument("--lr", default="0.3,0.45,0.6")
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "tune"))
    ap.add_argument("--apply", action="store_true")
    args = ap.parse_args()
    pack = os.path.abspath(args.pack)
    with open(os.path.join(pack, "model.json")) as f:
        manifest = json.load(f, object_pairs_hook=collections.OrderedDict)
    grid = list(itertools.product(*[[float(v) for v in s.split(",")] for s in (args.window, args.penalty, args.lr)]))
    packs = {}
    for wi, pk, lr in grid:
        name = "wi%.3f_pk%.3f_lr%.3f" % (wi, pk, lr)
        folder = os.path.join(args.out, "packs", name)
        os.makedirs(folder, exist_ok=True)
        for f in os.listdir(pack):
            if f.endswith(".onnx") and not os.path.exists(os.path.join(folder, f)):
                os.symlink(os.path.join(pack, f), os.path.join(folder, f))
        m = collections.OrderedDict(manifest)
        m["name"] = name
        m["hyperparameters"] = collections.OrderedDict(m["hyperparameters"], windowInfluence=wi, penaltyK=pk, lr=lr)
        with open(os.path.join(folder, "model.json"), "w") as f:
            json.dump(m, f, indent=2)
        packs[name] = (wi, pk, lr)
    cli = os.path.join(ROOT, "out", "bin", "siamese.dll")
    eval_out = os.path.join(args.out, "eval")
    cmd = ["dotnet", cli, "eval", "-d", args.dataset, "--sequences", args.sequences, "-o", eval_out, "--quiet",
           "-m"] + [os.path.join(args.out, "packs", n) for n in packs]
    subprocess.run(cmd, check=True)
    with open(os.path.join(eval_out, "summary.json")) as f:
        summary = json.load(f)
    scores = []
    for tracker in summary["trackers"]:
        scores.append((tracker["overall"]["auc"], tracker["name"]))
    scores.sort(reverse=True)
    for auc, name in scores[:10]:
        print("%.4f  %s" % (auc, name))
    best = packs[scores[0][1]]
    print("best: windowInfluence %.3f penaltyK %.3f lr %.3f (mean AUC %.4f on %s)" % (best + (scores[0][0], args.sequences)))
    if args.apply:
        manifest["hyperparameters"] = collections.OrderedDict(manifest["hyperparameters"], windowInfluence=best[0],
                                                             penaltyK=best[1], lr=best[2])
        with open(os.path.join(pack, "model.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
