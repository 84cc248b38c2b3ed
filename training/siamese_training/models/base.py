"""Common interface of the exportable tracker models.

Every family model is an ``nn.Module`` whose ``state_dict()`` has the layout of the public checkpoint
format it mirrors (so nothing but the checkpoint's own parameters and buffers may be registered), plus:

* ``template_inputs()``: ``[(bind, shape), ...]`` of the template graph ("exemplar" first; "context" for
  SA-Siam, "templateBox" for the ACM families);
* ``template(**inputs)`` -> ``OrderedDict(bind -> tensor)``: the cached template features (batch 1);
* ``search(instance, feats)`` -> ``OrderedDict(bind -> tensor)``: "cls"/"loc" or "response";
* ``head_layers()``: the final layers that random initialisation scales down (see ``random_init``);
* manifest facts: ``family``, ``decoder`` ("response" | "anchor" | "point"), ``color_order``, sizes,
  ``hyperparameters()``, ``anchors()``.
"""

import collections

import torch
import torch.nn as nn

__all__ = ["PackModelMixin", "SiameseModel", "RESPONSE_DEFAULTS", "count_parameters"]

# siamfc-pytorch TrackerSiamFC.parse_args inference defaults (FDSiamFC keeps them).
RESPONSE_DEFAULTS = collections.OrderedDict([
    ("windowInfluence", 0.176),
    ("scaleNum", 3),
    ("scaleStep", 1.0375),
    ("scalePenalty", 0.9745),
    ("scaleLr", 0.59),
    ("responseUp", 16),
])


class PackModelMixin:
    """Facts and graph interface every exportable model provides (mixed into an nn.Module)."""

    family = None
    decoder = None              # "response" | "anchor" | "point"
    # True when the search graph also takes one template per search crop (a correlation that is batch-generic once
    # traced, e.g. the pixel-wise one): the export then declares the features' batch (graph_edits.py)
    template_batch = False
    color_order = "bgr"
    exemplar_size = 127
    instance_size = 255
    context_amount = 0.5
    stride = 8
    score_size = 25
    variant = None
    license = "MIT (MLNet.Siamese model definition; weights: see source)"

    # ---------------------------------------------------------------- graph interface
    def template_inputs(self):
        return [("exemplar", [1, 3, self.exemplar_size, self.exemplar_size])]

    def pack_template(self, **inputs):
        """OrderedDict(bind -> tensor) of the template graph outputs."""
        raise NotImplementedError

    def pack_search(self, instance, feats):
        """OrderedDict(bind -> tensor) of the search graph outputs."""
        raise NotImplementedError

    def search_output_names(self):
        return ["response"] if self.decoder == "response" else ["cls", "loc"]

    # ---------------------------------------------------------------- random init hooks
    def head_layers(self):
        """dict(cls=[modules], loc=[modules], loc_bias=float|None, fusion=[parameters])."""
        return dict(cls=[], loc=[], loc_bias=None, fusion=[])

    # ---------------------------------------------------------------- manifest facts
    def hyperparameters(self):
        raise NotImplementedError

    def anchors(self):
        return None

    def describe(self):
        return "%s %s" % (self.family, self.variant or "")


class SiameseModel(PackModelMixin, nn.Module):
    """Base of this package's family models: ``template(exemplar, **extra)`` / ``search(instance, feats)``."""

    def __init__(self):
        nn.Module.__init__(self)

    def template(self, exemplar, **extra):
        raise NotImplementedError

    def search(self, instance, feats):
        raise NotImplementedError

    def pack_template(self, **inputs):
        return self.template(**inputs)

    def pack_search(self, instance, feats):
        return self.search(instance, feats)

    def forward(self, exemplar, instance, **extra):
        """Template then search in one call (convenience; export uses template()/search())."""
        return self.search(instance, self.template(exemplar, **extra))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


