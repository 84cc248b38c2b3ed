"""Family/variant registry: build a model, load a public checkpoint into it.

    model = build_model("siamrpn++", "mobilev2")          # eval mode, default (untrained) init
    model = load_model("siamfc", "fdsiamfc-30", "FDSiamfc_30.pth")   # strict load

Families and variants (first = default):

| family        | variants                                | checkpoint layout                               |
| ------------- | --------------------------------------- | ----------------------------------------------- |
| siamfc        | alexnet, fdsiamfc-30, fdsiamfc-15       | siamfc-pytorch AlexNetV1 / FDSiamFC (strict)     |
| sa-siam       | alexnet                                 | this package's (appearance.*, semantic.*)        |
| siamfc-acm    | alexnet                                 | this package's (backbone.* + head.* ACM)         |
| siamrpn++     | r50, mobilev2, alex, tiny               | pysot siamrpn_*_dwxcorr                          |
| siamrpn++-acm | r50, mobilev2, alex, tiny               | pysot layout + ACM branches                      |
| siamban       | r50, mobilev2, tiny, compact            | hqucv/siamban siamban_r50_l234; compact: ours    |
| siamcan       | r50, mobilev2, tiny                     | siamban layout + attention convs                 |
| siamban-acm   | r50, mobilev2, tiny                     | wencheng256/SiamBAN-ACM (assumed r50_l234 config)|
| nanotrack     | v2, v1, v3                              | HonglinChu/SiamTrackers NanoTrack                |

``tiny`` is a small synthetic 3-level backbone with the r50 geometry (127 -> 15x15, 255 -> 31x31, stride 8;
``pysot_backbones.TinyBackbone``), not a public one: for tests and small random-weight packs that exercise a
family's neck / heads / fusion cheaply. ``channels`` (pysot-style families only) sets the neck / head width (256 in every public checkpoint); a
smaller width gives small random-weight packs with the same graph structure.
"""

import collections

import torch

from .base import PackModelMixin
from .compact import CompactTracker
from .common import load_checkpoint_state_dict
from .nanotrack import TRACK_CONFIG, NanoTrack
from .siamfc import FDSIAMFC_RATES, SASiam, SiamFC, SiamFCACM, squeezed_widths
from .siamrpn import SiamBAN, SiamBANACM, SiamCAN, SiamRPNPP, SiamRPNPPACM

__all__ = ["FAMILIES", "build_model", "load_model", "load_weights", "NanoTrackModel", "default_variant"]


class NanoTrackModel(PackModelMixin, NanoTrack):
    """NanoTrack (unchanged state_dict) with the pack interface: template ``zf`` -> search ``cls``/``loc``."""

    family = "nanotrack"
    decoder = "point"
    stride = 16
    license = "Apache-2.0 (HonglinChu/SiamTrackers)"

    def __init__(self, version="v2"):
        NanoTrack.__init__(self, version)
        self.variant = version
        self.score_size = self.track_config["score_size"]
        # v1/v2 correlate pixel-wise (batch-generic once traced: graph_edits.py frees the template batch); v3's
        # depth-wise correlation folds the batch into convolution groups, so its search graph keeps batch 1
        self.template_batch = version != "v3"

    def pack_template(self, exemplar, **extra):
        return collections.OrderedDict(zf=self.backbone(exemplar))

    def pack_search(self, instance, feats):
        cls, loc = self.ban_head(feats["zf"], self.backbone(instance))
        return collections.OrderedDict([("cls", cls), ("loc", loc)])

    split_template_identity = True

    def split_backbone(self, x):
        return collections.OrderedDict([("", self.backbone(x))])

    def split_template(self, backbone_feats, **extra):
        return collections.OrderedDict(zf=backbone_feats[""])

    def split_search(self, backbone_feats, feats):
        cls, loc = self.ban_head(feats["zf"], backbone_feats[""])
        return collections.OrderedDict([("cls", cls), ("loc", loc)])

    def head_layers(self):
        h = self.ban_head
        cls = getattr(h, "cls_logits", None) or getattr(h, "cls_pred")
        return dict(cls=[cls[0]], loc=[h.bbox_pred[0]], loc_bias=3.4657, fusion=[])

    def hyperparameters(self):
        c = self.track_config
        return collections.OrderedDict([("windowInfluence", c["window_influence"]),
                                        ("penaltyK", c["penalty_k"]), ("lr", c["lr"])])


def _siamfc(variant, channels=None):
    if variant == "alexnet":
        m = SiamFC()
    elif variant in FDSIAMFC_RATES:
        m = SiamFC(squeezed_widths(FDSIAMFC_RATES[variant]), clip_center=True)
        m.license = "MIT (conquerhuang/FDSiamFC)"
    else:
        raise ValueError(variant)
    return m


def _single(cls):
    def build(variant, channels=None):
        if variant != "alexnet":
            raise ValueError(variant)
        return cls()
    return build


def _pysot(cls):
    def build(variant, channels=None):
        return cls(variant, channels or 256)
    return build


def _siamban(variant, channels=None):
    if variant == "compact":  # the project's own small model (the default before last); fixed widths
        return CompactTracker()
    return SiamBAN(variant, channels or 256)


def _nanotrack(variant, channels=None):
    return NanoTrackModel(variant)


# family -> (builder, variants; first = default)
FAMILIES = collections.OrderedDict([
    ("siamfc", (_siamfc, ("alexnet", "fdsiamfc-30", "fdsiamfc-15"))),
    ("sa-siam", (_single(SASiam), ("alexnet",))),
    ("siamfc-acm", (_single(SiamFCACM), ("alexnet",))),
    ("siamrpn++", (_pysot(SiamRPNPP), ("r50", "mobilev2", "alex", "tiny"))),
    ("siamrpn++-acm", (_pysot(SiamRPNPPACM), ("r50", "mobilev2", "alex", "tiny"))),
    ("siamban", (_siamban, ("r50", "mobilev2", "tiny", "compact"))),
    ("siamcan", (_pysot(SiamCAN), ("r50", "mobilev2", "tiny"))),
    ("siamban-acm", (_pysot(SiamBANACM), ("r50", "mobilev2", "tiny"))),
    ("nanotrack", (_nanotrack, tuple(TRACK_CONFIG))),
])


def default_variant(family):
    return FAMILIES[family][1][0]


def build_model(family, variant=None, channels=None):
    """A model of ``family``/``variant`` in eval mode with PyTorch's default initialisation."""
    if family not in FAMILIES:
        raise ValueError("unknown family %r; expected one of %s" % (family, ", ".join(FAMILIES)))
    builder, variants = FAMILIES[family]
    variant = variant or variants[0]
    if variant not in variants:
        raise ValueError("unknown variant %r of %s; expected one of %s" % (variant, family, ", ".join(variants)))
    if channels not in (None, 256) and family in ("siamfc", "sa-siam", "siamfc-acm", "nanotrack"):
        raise ValueError("--channels applies to the pysot-style families only")
    if channels not in (None, 256) and variant in ("alex", "compact"):
        raise ValueError("%s alex has no neck: its width is the backbone's (256)" % family)
    model = builder(variant, channels)
    model.variant = variant
    return model.eval()


def load_weights(model, state_dict, strict=True):
    """Load a state dict; missing ``num_batches_tracked`` buffers (older PyTorch files) are tolerated."""
    own = model.state_dict()
    sd = collections.OrderedDict(state_dict)
    for k, v in own.items():
        if k.endswith("num_batches_tracked") and k not in sd:
            sd[k] = v.clone()
    missing = [k for k in own if k not in sd]
    unexpected = [k for k in sd if k not in own]
    if strict and (missing or unexpected):
        raise KeyError("checkpoint does not fit %s: missing %s, unexpected %s"
                       % (model.describe(), missing[:8] + (["..."] if len(missing) > 8 else []),
                          unexpected[:8] + (["..."] if len(unexpected) > 8 else [])))
    bad = [(k, tuple(sd[k].shape), tuple(own[k].shape)) for k in own if k in sd and sd[k].shape != own[k].shape]
    if bad:
        raise ValueError("shape mismatch: %s" % bad[:8])
    model.load_state_dict(sd, strict=strict)
    return model.eval()


def load_model(family, variant, path, strict=True, channels=None):
    model = build_model(family, variant, channels)
    return load_weights(model, load_checkpoint_state_dict(path), strict)
