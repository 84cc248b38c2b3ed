"""Train a tracker: ``python3 -m siamese_training.train --data SEQ_ROOT --holdout NAME --out RUN_DIR``.

The default model's exact commands (train, average the kept checkpoints, convert) are in
models/default/MODEL_CARD.md, section Training; tests/test_training.py runs them from the card, shortened to a few
steps. ``--resume`` continues from RUN_DIR/checkpoint.pth with the same batches an uninterrupted run would draw.
"""

import argparse
import json
import os
import sys

from .pairs import PAIR_KINDS, PairSampler
from .distill import parse_teacher
from .sequences import FramePool, find_sequences, load_sequence, picture_files, read_picture, video_frames
from .trainer import TrainConfig, Trainer


# Settings that change speed or bookkeeping but not the weights a step produces (batches are a function of
# (seed, step)): a resumed run may use other values; "steps" extends or shortens the same run (its cosine schedule
# is part of the recipe only through "steps", so the model card names the value used).
RESUME_MAY_CHANGE = frozenset({"steps", "threads", "log_every", "val_every", "checkpoint_every", "keep_every"})


def build_pool(sequences, extra, every_sequence_frame=3, every_extra_frame=2, log=print, images=()):
    """Frames for self-supervised pairs and negatives: every 3rd training frame + every 2nd extra frame + every
    picture under the ``images`` folders."""
    pool = FramePool()
    for seq in sequences:
        for i in range(0, len(seq), every_sequence_frame):
            pool.add(seq.image(i), "%s#%d" % (seq.name, i))
    for path in extra:
        frames = video_frames(path, every=every_extra_frame)
        if not frames:
            raise ValueError("%s: no frames" % path)
        pool.add_clip(frames, os.path.basename(os.path.normpath(path)), every_extra_frame)
    for folder in images:
        files = picture_files(folder)
        if not files:
            raise ValueError("--images %s: no pictures (%s)" % (folder, ", ".join(("jpg", "png", "bmp", "webp"))))
        for f in files:
            pool.add(read_picture(f, pool.max_side), f)
    log("self-supervised frame pool: %d frames" % len(pool))
    return pool


_HELP = dict(
    teacher="FAMILY-VARIANT:PATH of a trained tracker whose output maps the student learns (e.g. "
            "nanotrack-v2:nanotrack.pth); it must have the student's score size and stride; default: none",
    distill_weight="weight of the distillation losses (cls KL + box IoU against the teacher); default 1.0",
    feature_distill_weight="weight of the backbone feature mimicry (needs the teacher's backbone output shape, "
                           "e.g. --family nanotrack --variant v2); default 0 (off)",
    head_distill_weight="weight of the head feature mimicry: the inputs of the final cls and box layers (the "
                        "teacher's tower outputs; needs the teacher's head widths, e.g. --family nanotrack "
                        "--variant v2); default 0 (off)",
    distill_temperature="softmax temperature of the cls distillation; default 1.0",
    self_loc_weight="weight of the ground-truth box loss on self-supervised pairs, whose random boxes have no object "
                    "edges to find (the teacher's box loss still applies); default 1.0",
    keep_every="also keep OUT/checkpoint-STEP.pth every this many steps (model selection); default 0 (none)",
)


def parse_mix(items):
    """["video:0.3", "self:0.5", ...] -> [["video", 0.3], ["self", 0.5], ...]."""
    out = []
    for item in items:
        kind, _, share = item.partition(":")
        if kind not in PAIR_KINDS:
            raise ValueError("%r: unknown kind (expected %s)" % (item, ", ".join(PAIR_KINDS)))
        try:
            value = float(share)
        except ValueError:
            raise ValueError("%r: expected KIND:SHARE with a number" % item)
        if not value >= 0:
            raise ValueError("%r: the share must be >= 0" % item)
        out.append([kind, value])
    if not out or sum(v for _, v in out) <= 0:
        raise ValueError("no kind with a positive share")
    return out


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python3 -m siamese_training.train", description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder of annotated sequences (OTB / UAV123 / VOT layouts)")
    ap.add_argument("--holdout", nargs="*", default=[], help="sequence names kept out of training (validation)")
    ap.add_argument("--extra", nargs="*", default=[], help="unannotated videos / frame folders for self-supervised pairs")
    ap.add_argument("--images", nargs="*", default=[],
                    help="folders of still pictures (searched recursively, e.g. the wallpaper sets that "
                         "training/setup-data.sh installs) for self-supervised pairs")
    ap.add_argument("--mix", nargs="*", default=None, metavar="KIND:SHARE",
                    help="pair kinds and their shares (default %s); kinds: video, self, negative, unlabeled "
                         "(two frames of an --extra video, a random box, targets from the --teacher only), paste "
                         "(a video pair whose target is pasted on a frame-pool picture), distractor (a video pair "
                         "whose search frame also shows another object pasted beside the target), shift (a video pair whose "
                         "target is moved within its search frame, the surroundings left in place)"
                    % " ".join("%s:%g" % (k, p) for k, p in TrainConfig.DEFAULTS["mix"]))
    ap.add_argument("--out", required=True, help="run folder: config, log, checkpoints")
    ap.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pth")
    for key, default in TrainConfig.DEFAULTS.items():
        if key == "mix":
            continue
        ap.add_argument("--" + key.replace("_", "-"), type=type(default), default=None,
                        help=_HELP.get(key, "default %s" % default))
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = {k: getattr(args, k) for k in TrainConfig.DEFAULTS if k != "mix"}
    if settings["teacher"]:
        try:
            family, variant, path = parse_teacher(settings["teacher"])
        except ValueError as e:
            sys.exit("error: %s" % e)
        if not os.path.isfile(path):
            sys.exit("error: --teacher %s: no such file" % path)
        settings["teacher"] = "%s-%s:%s" % (family, variant, os.path.abspath(path))
    if args.mix is not None:
        try:
            settings["mix"] = parse_mix(args.mix)
        except ValueError as e:
            sys.exit("error: --mix: %s" % e)
    cfg = TrainConfig(data=os.path.abspath(args.data), holdout=args.holdout,
                      extra=[os.path.abspath(e) for e in args.extra], **settings)
    if args.images:
        cfg["images"] = [os.path.abspath(i) for i in args.images]
    config_path = os.path.join(args.out, "config.json")
    if args.resume and os.path.isfile(config_path):
        with open(config_path) as f:
            saved = json.load(f)
        saved = dict(TrainConfig.DEFAULTS, **saved)     # a run from before a setting existed had its default
        changed = sorted(k for k in set(saved) | set(cfg)
                         if k not in RESUME_MAY_CHANGE and saved.get(k) != cfg.get(k))
        if changed:
            sys.exit("error: --resume with settings different from %s: %s" % (config_path, ", ".join(changed)))
    missing = [h for h in args.holdout if not os.path.isdir(os.path.join(args.data, h))]
    if missing:
        sys.exit("error: --holdout %s: no such sequence in %s" % (", ".join(missing), args.data))
    train_seqs = find_sequences(args.data, exclude=set(args.holdout))
    print("training sequences: %s; held out: %s" % (", ".join(s.name for s in train_seqs), ", ".join(args.holdout) or "-"))
    try:
        pool = build_pool(train_seqs, cfg.extra, images=cfg.get("images", []))
    except (OSError, ValueError) as e:
        sys.exit("error: %s" % e)
    val_sampler = None
    if args.holdout:
        val_seqs = [load_sequence(os.path.join(args.data, h)) for h in args.holdout]
        val_sampler = PairSampler(val_seqs, FramePool(), mix=[("video", 1.0)], flip=0.0, gray=0.0)
    try:
        sampler = PairSampler(train_seqs, pool, frame_range=cfg.frame_range, mix=[tuple(m) for m in cfg.mix])
        trainer = Trainer(cfg, sampler, val_sampler, args.out, log=lambda m: print(m, flush=True))
    except ValueError as e:
        sys.exit("error: %s" % e)
    ckpt = os.path.join(args.out, "checkpoint.pth")
    if args.resume and not os.path.isfile(ckpt):
        sys.exit("error: --resume: %s does not exist" % ckpt)
    os.makedirs(args.out, exist_ok=True)     # only once every setting and source was accepted: no folder left behind
    with open(config_path, "w") as f:
        json.dump(cfg, f, indent=1)
    if args.resume:
        trainer.resume(ckpt)
    trainer.run()
    print("weights: %s" % os.path.join(args.out, "final.pth"))


if __name__ == "__main__":
    main()
