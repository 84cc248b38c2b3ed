"""Weight averaging of checkpoints of one run (model selection; "stochastic weight averaging" done after the fact).

    /usr/bin/python3 -m siamese_training.average --out AVG.pth RUN/checkpoint-4000.pth RUN/checkpoint-4500.pth ...

Floating-point tensors of the ``state_dict`` (weights and BatchNorm running statistics) become their mean over the
checkpoints; integer tensors (BatchNorm's ``num_batches_tracked``) are taken from the last one. The checkpoints must
come from one architecture (same keys, shapes and dtypes); the output holds ``state_dict``, ``step`` (-1),
``averaged`` (the inputs) and the first checkpoint's ``config``, and loads wherever a checkpoint does
(``siamese_training.convert --checkpoint AVG.pth``). Averaging the running statistics is an approximation that holds
for checkpoints of a late, low-learning-rate stretch of one run; score the result like any checkpoint
(``training/eval-checkpoint.sh``).
"""

import argparse
import os
import sys

import torch


def average_state_dicts(state_dicts):
    """Mean of floating-point tensors, last value of the others; raises ValueError on mismatched keys or shapes."""
    if not state_dicts:
        raise ValueError("no checkpoints to average")
    first = state_dicts[0]
    for i, sd in enumerate(state_dicts[1:], start=2):
        if list(sd) != list(first):
            raise ValueError("checkpoint %d has other keys than checkpoint 1" % i)
        for k, v in sd.items():
            if v.shape != first[k].shape or v.dtype != first[k].dtype:
                raise ValueError("checkpoint %d: %s is %s %s, checkpoint 1 has %s %s"
                                 % (i, k, tuple(v.shape), v.dtype, tuple(first[k].shape), first[k].dtype))
    out = {}
    for k, v in first.items():
        if v.is_floating_point():
            acc = torch.zeros_like(v, dtype=torch.float64)
            for sd in state_dicts:
                acc += sd[k].to(torch.float64)
            out[k] = (acc / len(state_dicts)).to(v.dtype)
        else:
            out[k] = state_dicts[-1][k].clone()
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m siamese_training.average", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the averaged checkpoint to write")
    ap.add_argument("checkpoints", nargs="+", help="checkpoints of one run (training's checkpoint-STEP.pth files)")
    args = ap.parse_args(argv)
    loaded = []
    for path in args.checkpoints:
        if not os.path.isfile(path):
            sys.exit("error: %s: no such checkpoint" % path)
        ckpt = torch.load(path, map_location="cpu")
        if not isinstance(ckpt, dict) or "state_dict" not in ckpt:
            sys.exit("error: %s: not a training checkpoint (no state_dict)" % path)
        loaded.append(ckpt)
    try:
        avg = average_state_dicts([c["state_dict"] for c in loaded])
    except ValueError as e:
        sys.exit("error: %s" % e)
    tmp = args.out + ".part"
    torch.save({"state_dict": avg, "step": -1, "averaged": [os.path.basename(p) for p in args.checkpoints],
                "config": loaded[0].get("config")}, tmp)
    os.replace(tmp, args.out)
    print("%s: mean of %d checkpoints" % (args.out, len(loaded)))


if __name__ == "__main__":
    main()
