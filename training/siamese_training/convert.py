"""Checkpoint -> model pack converter.

    cd training && /usr/bin/python3 -m siamese_training.convert --family siamfc --variant fdsiamfc-30 \\
        --checkpoint ../../shared/models/third_party/fdsiamfc/FDSiamfc_30.pth --out /tmp/fdsiamfc-30
    /usr/bin/python3 -m siamese_training.convert --family siamrpn++ --variant alex --checkpoint random:1 --out DIR

``--checkpoint``: a ``.pth`` (pysot / siamban ``{'state_dict': ...}`` dicts, plain state dicts, NanoTrack
``{'epoch', 'state_dict', 'optimizer'}`` files; a leading ``module.`` is stripped; missing ``num_batches_tracked``
buffers are tolerated; every other key must match -- strict) or ``random:SEED`` (fixed-seed random weights
with calibrated BatchNorm statistics, see ``random_init.py``). Files are unpickled with a restricted unpickler
(tensors, containers, numpy scalars only).

Other options: ``--channels N`` (neck/head width of the pysot-style families; 256 = public layout),
``--long-term`` (anchor families: add the ``longTerm`` block), ``--set key=value`` (override a manifest
hyperparameter, e.g. ``--set windowInfluence=0.3851``, or a longTerm field: ``--set longTerm.confidenceLow=0.95``,
which implies --long-term), ``--name``, ``--no-check`` (skip the onnx_torch
validation), ``--threads``.
"""

import argparse
import json
import os
import sys
import time

import torch

from .export import export_pack
from .models.common import load_checkpoint_state_dict
from .models.registry import FAMILIES, build_model, load_weights
from .random_init import parse_random_spec, randomize


def _parse_set(items):
    out = {}
    for item in items or []:
        if "=" not in item:
            raise SystemExit("--set expects key=value, got %r" % item)
        k, v = item.split("=", 1)
        v = v.strip()
        if v.lower() in ("true", "false"):
            out[k] = v.lower() == "true"
        else:
            try:
                out[k] = int(v)
            except ValueError:
                out[k] = float(v)
    return out


def default_name(family, variant, channels, seed):
    name = variant if variant.startswith("fdsiamfc") else "%s-%s" % (family, variant)
    if channels and channels != 256:
        name += "-c%d" % channels
    if seed is not None:
        name += "-random%d" % seed
    return name


def convert(family, variant, checkpoint, out, name=None, channels=None, long_term=False, overrides=None,
            check=True, description=None):
    """Build, load (or randomise) and export; returns the export info dict."""
    tic = time.perf_counter()
    model = build_model(family, variant, channels)
    seed = parse_random_spec(checkpoint)
    if seed is not None:
        randomize(model, seed)
        source = "random:%d (siamese_training.random_init, torch %s)" % (seed, torch.__version__)
    else:
        load_weights(model, load_checkpoint_state_dict(checkpoint), strict=True)
        source = os.path.basename(checkpoint)
    load_s = time.perf_counter() - tic
    name = name or default_name(family, model.variant, channels, seed)
    info = export_pack(model, out, name=name, source=source, description=description, long_term=long_term,
                       overrides=overrides, check=check,
                       extra_info={"checkpoint": checkpoint, "channels": channels or None,
                                   "build_seconds": round(load_s, 2)})
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m siamese_training.convert", description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", required=True, choices=list(FAMILIES))
    ap.add_argument("--variant", help="; ".join("%s: %s" % (f, "|".join(v[1])) for f, v in FAMILIES.items()))
    ap.add_argument("--checkpoint", required=True, help="file.pth or random:SEED")
    ap.add_argument("--out", required=True, help="pack folder (created)")
    ap.add_argument("--name", help="manifest name (default: family-variant[-cN][-randomSEED])")
    ap.add_argument("--channels", type=int, help="neck/head width of the pysot-style families (default 256)")
    ap.add_argument("--long-term", action="store_true", help="anchor families: add a longTerm block")
    ap.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a hyperparameter")
    ap.add_argument("--description")
    ap.add_argument("--no-check", action="store_true", help="skip the onnx_torch validation")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        info = convert(args.family, args.variant, args.checkpoint, args.out, args.name, args.channels,
                       args.long_term, _parse_set(args.set), not args.no_check, args.description)
    except (ValueError, KeyError) as ex:
        print("error: %s" % ex, file=sys.stderr)
        return 2
    size = sum(info["bytes"].values())
    print("%s: %s -> %s (%.1f MB, %d parameters, export %.1f s%s)" % (
        info["name"], args.checkpoint, args.out, size / 1e6, info["parameters"], info["export_seconds"],
        ", validated: worst relative diff %.2g" % info["validation"]["worst_relative"] if "validation" in info else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
