"""The training loop: batches of pairs -> labels -> loss -> AdamW step, with checkpoints, resume and a log.

Reproducibility: the pairs of step ``k`` come from ``numpy.random.default_rng([seed, k])``, the weights from
``torch.manual_seed(seed)``, so a run resumed from a checkpoint draws exactly the batches the uninterrupted run
would have drawn. Files in ``--out``: ``config.json`` (every setting), ``train_log.jsonl`` (one JSON object per
logged step: losses, learning rate, pairs/s, validation loss), ``checkpoint.pth`` (latest: weights as
``state_dict``, optimiser, step — loadable by ``siamese_training.convert``), ``checkpoint-STEP.pth`` every
``keep_every`` steps (for model selection; 0: none), ``final.pth`` (weights only).
With ``teacher`` set, a frozen teacher's output maps (and optionally backbone features) are added as targets
(``distill.py``); validation stays ground truth only.
"""

import concurrent.futures
import json
import math
import os
import time

import numpy as np
import torch

from ..models.registry import build_model
from .distill import Teacher, distill_losses, feature_loss, forward, head_feature_loss
from .losses import linear_iou_loss, logistic_loss, select_cross_entropy
from .targets import point_labels, response_labels

__all__ = ["TrainConfig", "Trainer", "make_batch"]


class TrainConfig(dict):
    """Settings (a dict, saved as config.json); attribute access for reading."""

    DEFAULTS = dict(family="siamban", variant="compact", steps=3000, batch=32, lr=2e-3, min_lr_ratio=0.02,
                    weight_decay=1e-4, warmup=200, seed=1, threads=2, cls_weight=1.0, loc_weight=1.0,
                    checkpoint_every=250, log_every=25, val_every=250, val_pairs=192, frame_range=100,
                    keep_every=0, teacher="", distill_weight=1.0, feature_distill_weight=0.0, distill_temperature=1.0,
                    self_loc_weight=1.0, head_distill_weight=0.0,
                    mix=[["video", 0.35], ["self", 0.45], ["negative", 0.2]])

    def __init__(self, **kw):
        super().__init__(self.DEFAULTS)
        unknown = [k for k in kw if k not in self.DEFAULTS and k not in ("data", "holdout", "extra", "images", "out")]
        if unknown:
            raise ValueError("unknown training setting(s): %s" % ", ".join(unknown))
        self.update({k: v for k, v in kw.items() if v is not None})

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)


def _label_geometry(model):
    """(output size, stride, search size): where the model's output cells sit in the search crop."""
    return model.score_size, model.stride, model.instance_size


def make_batch(sampler, model, rng, size):
    """Tensors for ``size`` pairs: template, search (float 0..255 BGR NCHW, as the runtime feeds) + labels."""
    pairs = [sampler.sample(rng) for _ in range(size)]
    z = torch.from_numpy(np.stack([p.template for p in pairs]).transpose(0, 3, 1, 2).astype(np.float32))
    x = torch.from_numpy(np.stack([p.search for p in pairs]).transpose(0, 3, 1, 2).astype(np.float32))
    batch = dict(z=z, x=x, kinds=[p.kind for p in pairs])
    s, stride, inst = _label_geometry(model)
    if model.decoder == "point":
        labs = [point_labels(p.box, p.positive, s, stride, inst) if p.positive is not None
                else (np.full((s, s), -1, np.int64), np.zeros((4, s, s), np.float32)) for p in pairs]
        batch["cls"] = torch.from_numpy(np.stack([c for c, _ in labs]))
        batch["loc"] = torch.from_numpy(np.stack([l for _, l in labs]))
    elif model.decoder == "response":
        labs = [response_labels(p.box, p.positive, s, stride, inst) if p.positive is not None
                else (np.zeros((s, s), np.float32), np.zeros((s, s), np.float32)) for p in pairs]
        batch["labels"] = torch.from_numpy(np.stack([l for l, _ in labs]))
        batch["weights"] = torch.from_numpy(np.stack([w for _, w in labs]))
    else:
        raise ValueError("training supports the point (anchor-free) and response-map decoders, not %r"
                         % model.decoder)
    return batch


def compute_loss(model, batch, cfg, teacher=None):
    """Ground-truth losses (+ with a ``teacher``: distillation ``dcls``/``dloc``, backbone ``feat`` and ``head``)."""
    features = teacher is not None and cfg.feature_distill_weight > 0
    head = teacher is not None and cfg.head_distill_weight > 0
    out = forward(model, batch["z"], batch["x"], features, head)
    if model.decoder == "point":
        cls = select_cross_entropy(out["cls"], batch["cls"])
        pair_weights = None
        if cfg.self_loc_weight != 1.0:    # self pairs' random boxes have no object edges to find
            pair_weights = torch.tensor([cfg.self_loc_weight if k == "self" else 1.0 for k in batch["kinds"]])
        loc = linear_iou_loss(out["loc"], batch["loc"], batch["cls"], pair_weights)
        loss, parts = cfg.cls_weight * cls + cfg.loc_weight * loc, dict(cls=float(cls), loc=float(loc))
    else:
        loss = logistic_loss(out["response"], batch["labels"], batch["weights"])
        parts = dict(logistic=float(loss))
    if teacher is not None:
        t = teacher(batch["z"], batch["x"], features, head)
        dcls, dloc = distill_losses(out, t, cfg.distill_temperature)
        loss = loss + cfg.distill_weight * (dcls + dloc)
        parts.update(dcls=float(dcls), dloc=float(dloc))
        if features:
            feat = feature_loss(out, t)
            loss = loss + cfg.feature_distill_weight * feat
            parts["feat"] = float(feat)
        if head:
            head_feat = head_feature_loss(out, t)
            loss = loss + cfg.head_distill_weight * head_feat
            parts["head"] = float(head_feat)
    return loss, parts


class Trainer:
    def __init__(self, cfg, sampler, val_sampler=None, out_dir=None, log=print):
        self.cfg, self.sampler, self.val_sampler, self.out = cfg, sampler, val_sampler, out_dir
        self.log = log
        torch.manual_seed(cfg.seed)
        torch.set_num_threads(cfg.threads)
        self.model = build_model(cfg.family, cfg.variant)
        _init_box_bias(self.model)
        self.model.train()
        self.teacher = Teacher(cfg.teacher, self.model) if cfg.teacher else None
        if self.teacher is not None:    # mismatched feature / head widths: refused now, not at the first step
            self.teacher.check_mimicry(self.model, cfg.feature_distill_weight > 0, cfg.head_distill_weight > 0)
        if self.teacher is None and any(k == "unlabeled" and p > 0 for k, p in cfg.mix):
            raise ValueError("unlabeled pairs (--mix unlabeled:...) need a --teacher: they have no ground truth")
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.step = 0
        self.val_batches = None

    # ------------------------------------------------------------------ schedule
    def lr_at(self, step):
        cfg = self.cfg
        if step < cfg.warmup:
            return cfg.lr * (step + 1) / cfg.warmup
        t = (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup)
        floor = cfg.lr * cfg.min_lr_ratio
        return floor + (cfg.lr - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, t)))

    # ------------------------------------------------------------------ checkpoints
    def save(self, name="checkpoint.pth"):
        if not self.out:
            return
        state = dict(state_dict=self.model.state_dict(), optimizer=self.opt.state_dict(), step=self.step,
                     config=dict(self.cfg))
        tmp = os.path.join(self.out, name + ".tmp")
        torch.save(state, tmp)
        os.replace(tmp, os.path.join(self.out, name))

    def resume(self, path):
        state = torch.load(path, map_location="cpu")
        self.model.load_state_dict(state["state_dict"])
        self.opt.load_state_dict(state["optimizer"])
        self.step = int(state["step"])
        self.log("resumed from %s at step %d" % (path, self.step))

    # ------------------------------------------------------------------ validation
    def validate(self):
        if self.val_sampler is None:
            return None
        if self.val_batches is None:
            rng = np.random.default_rng([self.cfg.seed, 10 ** 9])
            n = self.cfg.val_pairs
            self.val_batches = [make_batch(self.val_sampler, self.model, rng, min(32, n - i))
                                for i in range(0, n, 32)]
        self.model.eval()
        total, parts = 0.0, {}
        with torch.no_grad():
            for b in self.val_batches:
                loss, p = compute_loss(self.model, b, self.cfg)
                total += float(loss) * len(b["kinds"])
                for k, v in p.items():
                    parts[k] = parts.get(k, 0.0) + v * len(b["kinds"])
        self.model.train()
        n = sum(len(b["kinds"]) for b in self.val_batches)
        return dict(val_loss=total / n, **{"val_" + k: v / n for k, v in parts.items()})

    # ------------------------------------------------------------------ loop
    def _batch_for(self, step):
        return make_batch(self.sampler, self.model, np.random.default_rng([self.cfg.seed, step]), self.cfg.batch)

    def run(self):
        cfg = self.cfg
        log_path = os.path.join(self.out, "train_log.jsonl") if self.out else None
        start, t0, seen = self.step, time.time(), 0
        acc = {}
        with concurrent.futures.ThreadPoolExecutor(1) as pool:   # the next batch is built while this one trains
            pending = pool.submit(self._batch_for, self.step) if self.step < cfg.steps else None
            while self.step < cfg.steps:
                batch = pending.result()
                nxt = self.step + 1
                pending = pool.submit(self._batch_for, nxt) if nxt < cfg.steps else None
                lr = self.lr_at(self.step)
                for g in self.opt.param_groups:
                    g["lr"] = lr
                loss, parts = compute_loss(self.model, batch, cfg, self.teacher)
                if not torch.isfinite(loss):
                    raise FloatingPointError("loss is %s at step %d" % (float(loss), self.step))
                self.opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 10.0)
                self.opt.step()
                self.step += 1
                seen += len(batch["kinds"])
                for k, v in dict(loss=float(loss), **parts).items():
                    acc[k] = acc.get(k, 0.0) + v
                acc["n"] = acc.get("n", 0) + 1
                last = self.step == cfg.steps
                if self.step % cfg.log_every == 0 or last:
                    rec = dict(step=self.step, lr=round(lr, 7), elapsed_s=round(time.time() - t0, 1),
                               pairs_per_s=round(seen / max(1e-9, time.time() - t0), 1))
                    rec.update({k: round(v / acc["n"], 5) for k, v in acc.items() if k != "n"})
                    acc = {}
                    if self.val_sampler is not None and (self.step % cfg.val_every == 0 or last):
                        rec.update({k: round(v, 5) for k, v in self.validate().items()})
                    self.log(json.dumps(rec))
                    if log_path:
                        with open(log_path, "a") as f:
                            f.write(json.dumps(rec) + "\n")
                if self.out and (self.step % cfg.checkpoint_every == 0 or last):
                    self.save()
                if self.out and cfg.keep_every and self.step % cfg.keep_every == 0:
                    self.save("checkpoint-%d.pth" % self.step)     # kept for model selection
        if self.out:
            tmp = os.path.join(self.out, "final.pth.tmp")
            torch.save(dict(state_dict=self.model.state_dict()), tmp)
            os.replace(tmp, os.path.join(self.out, "final.pth"))
        self.log("trained steps %d..%d in %.1f s" % (start, self.step, time.time() - t0))
        return self.model.eval()


def _init_box_bias(model):
    """Start the box branch near a plausible size (exp(bias) ~ 32 px), as NanoTrack's released init does.

    A no-op for models without a box branch (the response-map family declares no ``loc`` layers)."""
    layers = model.head_layers()
    bias = layers.get("loc_bias")
    for m in layers.get("loc", []):
        if bias is not None and getattr(m, "bias", None) is not None:
            with torch.no_grad():
                m.weight.mul_(0.1)
                m.bias.fill_(bias)
