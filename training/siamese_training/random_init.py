"""Fixed-seed random weights with sane BatchNorm statistics (``--checkpoint random:SEED``).

1. Every conv / linear weight ~ N(0, 2/fan_in) (He; conv kernels with >= 4 taps per output made zero-mean, which
   keeps BN from cancelling a large DC response), biases ~ N(0, 0.01); BN affine weight ~ U(0.8, 1.2),
   bias ~ N(0, 0.05); all drawn from one ``torch.Generator`` seeded with SEED, in ``named_modules()`` order.
2. Final layers (``model.head_layers()``): cls ~ N(0, 1/fan_in), loc ~ N(0, 0.01/fan_in) with bias 0 (anchor
   deltas) or log(32) (point models: l,t,r,b ~ 32 px); fusion weights (``cls_weight``/``loc_weight``) ~ N(0, 0.3),
   ``loc_scale`` ~ 1 + N(0, 0.05).
3. BatchNorm running statistics are measured, not invented: one forward pass in training mode
   (``momentum=None``: plain average) over a small synthetic batch -- smooth random scenes with a box-like
   object at the centre, template = centre 127 crop, search = the scene shifted by a few pixels, context =
   the scene, templateBox = the object's size -- so every BN layer normalises the activations it will see.
   The ACM box branches (BatchNorm1d on a 2-vector) first get theirs from 256 random box sizes.
4. The final cls / loc weights are rescaled on that batch so that the foreground-minus-background logit has
   std 2, anchor deltas std 0.1 and point log-distances std 0.2 (``calibrate_outputs``).

The result is deterministic for a given SEED, torch version and thread count (the calibration pass is a float
computation; packs store the weights, so a pack is reproducible bit for bit only on the same setup).
"""

import math

import cv2
import numpy as np
import torch
import torch.nn as nn

__all__ = ["randomize", "synthetic_batch", "parse_random_spec"]

_BN = (nn.BatchNorm1d, nn.BatchNorm2d)
ZERO_MEAN = True


def parse_random_spec(spec):
    """'random:SEED' -> SEED (int), anything else -> None."""
    if isinstance(spec, str) and spec.startswith("random:"):
        return int(spec.split(":", 1)[1])
    return None


def _fan_in(m):
    w = m.weight
    return w.shape[1] * int(np.prod(w.shape[2:])) if w.dim() > 2 else w.shape[1]


def synthetic_batch(model, batch=2, seed=0, instance_size=None):
    """Template inputs (dict bind -> tensor, batch ``batch``) and a search batch for ``model``.

    ``instance_size`` (default: the model's) sets the side of the search crops.
    """
    rng = np.random.default_rng(seed)
    ex, inst = model.exemplar_size, instance_size or model.instance_size
    scenes, boxes = [], []
    for _ in range(batch):
        size = inst + 16
        low = cv2.resize(rng.uniform(0, 255, (6, 6, 3)).astype(np.float32), (size, size),
                         interpolation=cv2.INTER_CUBIC)
        mid = cv2.resize(rng.uniform(-60, 60, (24, 24, 3)).astype(np.float32), (size, size),
                         interpolation=cv2.INTER_LINEAR)
        img = low + mid + rng.normal(0, 8, (size, size, 3)).astype(np.float32)
        w, h = [int(v) for v in rng.integers(24, 80, 2)]
        c = size // 2
        color = rng.uniform(0, 255, 3).astype(np.float32)
        img[c - h // 2:c - h // 2 + h, c - w // 2:c - w // 2 + w] = color + rng.normal(0, 20, (h, w, 3))
        img = np.clip(img, 0, 255)
        scenes.append(img)
        boxes.append([(ex - 1) / 2, (ex - 1) / 2, float(w), float(h)])

    def to_tensor(arrs):
        return torch.from_numpy(np.stack(arrs).transpose(0, 3, 1, 2).copy()).float()

    off = 8
    z = [s[off + (inst - ex) // 2: off + (inst - ex) // 2 + ex, off + (inst - ex) // 2: off + (inst - ex) // 2 + ex]
         for s in scenes]
    ctx = [s[off:off + inst, off:off + inst] for s in scenes]
    shifts = rng.integers(0, 16, (batch, 2))
    x = [s[dy:dy + inst, dx:dx + inst] for s, (dy, dx) in zip(scenes, shifts)]
    inputs = {}
    for bind, shape in model.template_inputs():
        if bind == "exemplar":
            inputs[bind] = to_tensor(z)
        elif bind == "context":
            side = model.instance_size
            inputs[bind] = to_tensor([cv2.resize(c, (side, side)) if c.shape[0] != side else c for c in ctx])
        elif bind == "templateBox":
            inputs[bind] = torch.tensor(boxes, dtype=torch.float32)
        else:
            raise ValueError("no synthetic input for %r" % bind)
    return inputs, to_tensor(x)


def randomize(model, seed, batch=2):
    """Fill ``model`` (in place) with SEED-determined random weights and calibrated BN statistics."""
    g = torch.Generator().manual_seed(int(seed))
    heads = model.head_layers()
    with torch.no_grad():
        for _, m in model.named_modules():
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear)):
                m.weight.normal_(0.0, math.sqrt(2.0 / _fan_in(m)), generator=g)
                if ZERO_MEAN and isinstance(m, (nn.Conv1d, nn.Conv2d)) and _fan_in(m) >= 4:
                    w = m.weight
                    w.sub_(w.mean(dim=tuple(range(1, w.dim())), keepdim=True))
                if m.bias is not None:
                    m.bias.normal_(0.0, 0.01, generator=g)
            elif isinstance(m, _BN):
                m.weight.uniform_(0.8, 1.2, generator=g)
                m.bias.normal_(0.0, 0.05, generator=g)
        for m in heads["cls"]:
            m.weight.normal_(0.0, math.sqrt(1.0 / _fan_in(m)), generator=g)
            if m.bias is not None:
                m.bias.zero_()
        for m in heads["loc"]:
            m.weight.normal_(0.0, math.sqrt(0.01 / _fan_in(m)), generator=g)
            if m.bias is not None:
                m.bias.fill_(heads["loc_bias"] or 0.0)
        for p in heads["fusion"]:
            p.normal_(0.0, 0.3, generator=g)
        for name, p in model.named_parameters():
            if name.endswith("loc_scale"):
                p.copy_(1.0 + 0.05 * torch.randn(p.shape, generator=g))
    inputs, instance = synthetic_batch(model, batch, seed)
    calibrate_batchnorm(model, inputs, instance, seed)
    calibrate_outputs(model, heads, inputs, instance)
    return model.eval()


def calibrate_outputs(model, heads, template_inputs, instance):
    """Rescale the final cls / loc weights so the outputs have the target spread on the synthetic batch.

    cls: std of the foreground-minus-background logit = 2 (softmax scores spread over ~0.1..0.9);
    anchor loc: std of the deltas = 0.1; point loc: std of log(l,t,r,b) = 0.2 (around log 32).
    Response-map models are left alone (their decoding does not depend on the response scale).
    """
    if model.decoder not in ("anchor", "point"):
        return model
    model.eval()
    with torch.no_grad():
        out = model.pack_search(instance, model.pack_template(**template_inputs))
        cls, loc = out["cls"], out["loc"]
        a = cls.shape[1] // 2
        diff = cls[:, a:] - cls[:, :a]
        s_cls = 2.0 / max(float(diff.std()), 1e-6)
        for m in heads["cls"]:
            m.weight.mul_(s_cls)
            if m.bias is not None:
                m.bias.mul_(s_cls)
        if model.decoder == "anchor":
            s_loc = 0.1 / max(float(loc.std()), 1e-6)
            for m in heads["loc"]:
                m.weight.mul_(s_loc)
                if m.bias is not None:
                    m.bias.mul_(s_loc)
        else:
            s_loc = 0.2 / max(float(torch.log(loc).std()), 1e-6)
            for m in heads["loc"]:
                m.weight.mul_(s_loc)
    return model


def _box_branches(model):
    return [m.xorr_bbox for m in model.modules() if hasattr(m, "xorr_bbox")]


def calibrate_batchnorm(model, template_inputs, instance, seed=0):
    """BN statistics from one training-mode pass; the ACM box branches (BatchNorm1d on a 1x2 box size, where
    two samples would give meaningless variances) first get theirs from 256 random box sizes in 8..127 px."""
    bns = [m for m in model.modules() if isinstance(m, _BN)]
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    boxes = _box_branches(model)
    if boxes:
        g = torch.Generator().manual_seed(int(seed) + 7)
        sizes = 8.0 + 119.0 * torch.rand(256, 2, generator=g)
        with torch.no_grad():
            for branch in boxes:
                branch.train()
                branch(sizes)
                branch.eval()
    model.train()
    for branch in boxes:
        branch.eval()
    try:
        with torch.no_grad():
            feats = model.pack_template(**template_inputs)
            model.pack_search(instance, feats)
    finally:
        for m, mom in zip(bns, saved):
            m.momentum = mom
            m.num_batches_tracked.zero_()
        model.eval()
    return model
