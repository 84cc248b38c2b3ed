"""Knowledge distillation from a trained teacher tracker (e.g. NanoTrack v2) into a student trained from scratch.

The teacher runs frozen (eval mode, no gradients) on exactly the crops the student sees, so every pair becomes
labelled, also where no ground truth exists. Nothing of the teacher's weights enters the student: the student
starts from its own random initialisation and only ever sees the teacher's *outputs*.

Losses (all on the point grid that both models share; the teacher must have the student's decoder, score size,
stride and crop sizes, checked when the teacher is loaded):

* ``dcls`` — KL(teacher || student) of the 2-class softmax at temperature ``T`` (times ``T**2``) per point,
  balanced like SiamBAN's cross-entropy: half of the weight on the points the teacher calls target (weights
  ``p_fg``), half on the background (weights ``1 - p_fg``), each normalised over the batch;
* ``dloc`` — ``1 - IoU`` between the student's and the teacher's (l, t, r, b) boxes per point, weighted by the
  teacher's target probability (the teacher's box means nothing where it sees background);
* ``feat`` — feature mimicry: mean squared difference of the backbone outputs on the template and the search
  crop, relative to the teacher's mean square (needs the same backbone output shapes, e.g. the NanoTrack v2
  architecture as student);
* ``head`` — head feature mimicry: the same relative squared difference on the inputs of the model's final cls and
  box convolutions (``head_layers()``: the tower outputs that the scores and the box distances are read from), so
  the student's box regression learns the teacher's representation of object extent, not only its outputs.
"""

import torch
import torch.nn.functional as F

from ..models.common import load_checkpoint_state_dict
from ..models.registry import FAMILIES, build_model, load_weights

__all__ = ["Teacher", "parse_teacher", "distill_losses", "feature_loss", "head_feature_loss", "iou_map"]


def parse_teacher(spec):
    """``FAMILY-VARIANT:PATH`` (e.g. ``nanotrack-v2:nanotrack.pth``) -> (family, variant, path)."""
    name, sep, path = spec.partition(":")
    names = {"%s-%s" % (f, v): (f, v) for f, (_, variants) in FAMILIES.items() for v in variants}
    if not sep or not path or name not in names:
        raise ValueError("--teacher %r: expected FAMILY-VARIANT:PATH with FAMILY-VARIANT one of %s"
                         % (spec, ", ".join(sorted(names))))
    family, variant = names[name]
    return family, variant, path


class Teacher:
    """A frozen teacher: ``teacher(z, x, features=False, head=False)`` -> dict(cls, loc[, zf, xf][, head_cls,
    head_loc]) without gradients."""

    def __init__(self, spec, student):
        family, variant, path = parse_teacher(spec)
        try:
            state = load_checkpoint_state_dict(path)
        except (OSError, RuntimeError) as e:
            raise ValueError("--teacher %s: cannot read the checkpoint (%s)" % (path, e))
        self.model = load_weights(build_model(family, variant), state)
        for p in self.model.parameters():
            p.requires_grad_(False)
        mine = _geometry(self.model)
        theirs = _geometry(student)
        if mine != theirs:
            raise ValueError("--teacher %s: its outputs (decoder, score size, stride, exemplar, instance) %s do not "
                             "match the student's %s" % (spec, mine, theirs))
        self.spec = spec

    def check_mimicry(self, student, features, head):
        """Raises ValueError (naming the option) when the student cannot mimic the teacher's backbone (``features``)
        or head (``head``) outputs: one forward of both on a blank pair per option, the student in eval mode (its
        batch-norm statistics untouched)."""
        ex, inst = student.exemplar_size, student.instance_size
        z, x = torch.zeros(1, 3, ex, ex), torch.zeros(1, 3, inst, inst)
        checks = (("--feature-distill-weight", features, dict(features=True), feature_loss),
                  ("--head-distill-weight", head, dict(head=True), head_feature_loss))
        was_training = student.training
        student.eval()
        try:
            for option, wanted, taps, loss in checks:
                if not wanted:
                    continue
                try:
                    with torch.no_grad():
                        loss(forward(student, z, x, **taps), self(z, x, **taps))
                except ValueError as e:
                    raise ValueError("%s with --teacher %s: %s" % (option, self.spec, e))
        finally:
            student.train(was_training)

    def __call__(self, z, x, features=False, head=False):
        with torch.no_grad():
            return forward(self.model, z, x, features, head)


def _geometry(model):
    return (model.decoder, model.score_size, model.stride, model.exemplar_size, model.instance_size)


def forward(model, z, x, features=False, head=False):
    """The model's outputs on a batch of pairs; with ``features`` also its backbone outputs (``zf``, ``xf``), with
    ``head`` also the inputs of its final cls and box convolutions (``head_cls``, ``head_loc``)."""
    if not head:
        return _forward(model, z, x, features)
    if not hasattr(model, "head_layers"):
        raise ValueError("head distillation needs a model that names its final head layers (%s does not)"
                         % model.describe())
    layers = model.head_layers()
    captured, hooks = {}, []
    for key in ("cls", "loc"):
        if len(layers[key]) != 1:    # multi-level heads (pysot r50) would need one tap per level
            raise ValueError("head distillation needs one final %s layer (%s has %d)"
                             % (key, model.describe(), len(layers[key])))
        hooks.append(layers[key][0].register_forward_pre_hook(
            lambda module, inputs, key=key: captured.__setitem__("head_" + key, inputs[0])))
    try:
        out = _forward(model, z, x, features)
    finally:
        for h in hooks:
            h.remove()
    out.update(captured)
    return out


def _forward(model, z, x, features):
    if not features:
        return dict(model.pack_search(x, model.pack_template(exemplar=z)))
    if not hasattr(model, "split_backbone"):
        raise ValueError("feature distillation needs a model with a separable backbone (%s has none)"
                         % model.describe())
    zf, xf = model.split_backbone(z), model.split_backbone(x)
    out = dict(model.split_search(xf, model.split_template(zf)))
    out["zf"], out["xf"] = zf, xf
    return out


def iou_map(pred, target):
    """IoU per point of (l, t, r, b) distance maps N x 4 x S x S (boxes around the same point) -> N x S x S."""
    p_area = (pred[:, 0] + pred[:, 2]) * (pred[:, 1] + pred[:, 3])
    t_area = (target[:, 0] + target[:, 2]) * (target[:, 1] + target[:, 3])
    w_int = torch.min(pred[:, 0], target[:, 0]) + torch.min(pred[:, 2], target[:, 2])
    h_int = torch.min(pred[:, 1], target[:, 1]) + torch.min(pred[:, 3], target[:, 3])
    inter = w_int.clamp(min=0) * h_int.clamp(min=0)
    return (inter + 1.0) / (p_area + t_area - inter + 1.0)


def distill_losses(student, teacher, temperature=1.0):
    """(dcls, dloc) between the student's and the teacher's ``cls`` (N x 2 x S x S) and ``loc`` (N x 4 x S x S)."""
    t_logits, s_logits = teacher["cls"].detach(), student["cls"]
    p_t = F.softmax(t_logits / temperature, dim=1)
    kl = (p_t * (torch.log(p_t.clamp(min=1e-8)) - F.log_softmax(s_logits / temperature, dim=1))).sum(1)
    kl = kl * temperature ** 2
    fg = F.softmax(t_logits, dim=1)[:, 1]
    bg = 1.0 - fg
    # a batch (almost) without target points: its few weak target points do not get the whole half
    dcls = 0.5 * (kl * fg).sum() / fg.sum().clamp(min=1.0) + 0.5 * (kl * bg).sum() / bg.sum().clamp(min=1.0)
    iou = iou_map(student["loc"], teacher["loc"].detach())
    dloc = ((1.0 - iou) * fg).sum() / fg.sum().clamp(min=1.0)
    return dcls, dloc


def _relative_mse(s, t, what):
    if s is None or s.shape != t.shape:
        raise ValueError("%s has shape %s, the teacher's %s" % (what, None if s is None else tuple(s.shape),
                                                                tuple(t.shape)))
    t = t.detach()
    return ((s - t) ** 2).mean() / (t ** 2).mean().clamp(min=1e-6)


def feature_loss(student, teacher):
    """Mean over template and search of mean((s - t)^2) / mean(t^2), over every backbone level."""
    total, n = 0.0, 0
    for key in ("zf", "xf"):
        s_levels, t_levels = student[key], teacher[key]
        for level, t in t_levels.items():
            total = total + _relative_mse(s_levels.get(level), t,
                                          "feature distillation: student backbone output %r" % level)
            n += 1
    return total / max(n, 1)


def head_feature_loss(student, teacher):
    """Mean over the cls and box branches of mean((s - t)^2) / mean(t^2) of the final layers' inputs."""
    return sum(_relative_mse(student.get(key), teacher[key], "head distillation: student %s input" % key)
               for key in ("head_cls", "head_loc")) / 2
