"""pysot-style models: SiamRPN++ (+ACM) and SiamBAN / SiamCAN / SiamBAN-ACM, one builder class.

State-dict layouts (``backbone.*``, ``neck.*``, then ``rpn_head.*`` or ``head.*``) equal the public listings in
``shared/docs/checkpoint-keys``: pysot ``siamrpn_{alex,mobilev2_l234,r50_l234}_dwxcorr`` and hqucv/siamban
``siamban_r50_l234`` key for key; ``siamban-acm-r50-l234`` (wencheng256/SiamBAN-ACM, assumed config) likewise.
SiamRPN++-ACM and SiamCAN have no public checkpoints; their layouts extend the above (see ``heads.py``).

Graph split: ``template(exemplar[, templateBox])`` returns per level the neck output (``zf`` single level,
``zf2``/``zf3``/``zf4`` multi-level; 1x256x6x6 alex, 1x256x7x7 otherwise) or, for ACM, the per-branch template
terms ``zk[2..4]_cls`` / ``zk[2..4]_loc`` (1x256x1x1); ``search(instance, feats)`` returns ``cls``/``loc``:
anchors 1x2Ax S x S / 1x4Ax S x S (channel ``class*A + a`` / ``coord*A + a``), points 1x2xSxS / 1x4xSxS with
``exp`` applied inside (SiamBAN).
"""

import collections

from .base import SiameseModel
from .heads import LevelHead, MultiLevelHead
from .pysot_backbones import AdjustAllLayer, build_backbone

__all__ = ["PysotModel", "SiamRPNPP", "SiamRPNPPACM", "SiamBAN", "SiamCAN", "SiamBANACM",
           "ANCHOR_CONFIG", "POINT_CONFIG"]

ANCHOR_RATIOS = [0.33, 0.5, 1, 2, 3]
ANCHOR_SCALES = [8]

# pysot experiments/siamrpn_*_dwxcorr/config.yaml (r50: the VOT config).
ANCHOR_CONFIG = {
    "alex": dict(penaltyK=0.16, windowInfluence=0.40, lr=0.30, instance=287, base_size=0),
    "mobilev2": dict(penaltyK=0.04, windowInfluence=0.40, lr=0.50, instance=255, base_size=8),
    "r50": dict(penaltyK=0.05, windowInfluence=0.42, lr=0.38, instance=255, base_size=8),
    "tiny": dict(penaltyK=0.05, windowInfluence=0.42, lr=0.38, instance=255, base_size=8),   # as r50
}
# hqucv/siamban experiments/siamban_r50_l234/config.yaml (VOT); also used for mobilev2 / SiamCAN / ACM.
POINT_CONFIG = dict(penaltyK=0.08513642556896711, windowInfluence=0.4632532824922313, lr=0.44418184746462425,
                    instance=255, base_size=8)


class PysotModel(SiameseModel):
    head_name = "rpn_head"       # attribute name of the head (state-dict prefix)
    level_prefix = "rpn"
    branch_kind = "dw"           # dw | can | acm
    decoder = "anchor"
    anchor_num = len(ANCHOR_RATIOS) * len(ANCHOR_SCALES)
    license = "Apache-2.0 (STVIR/pysot model zoo checkpoint); model definition MIT"

    def __init__(self, variant="r50", channels=256):
        super().__init__()
        self.variant = variant
        backbone, uses_neck = build_backbone(variant)
        self.backbone = backbone
        in_ch = backbone.out_channels
        if uses_neck:
            self.neck = AdjustAllLayer(in_ch, [channels] * len(in_ch))
            in_ch = [channels] * len(in_ch)
        self.levels = len(in_ch)
        cfg = self._config()
        self.instance_size = cfg["instance"]
        self.base_size = cfg["base_size"]
        self.score_size = (self.instance_size - self.exemplar_size) // self.stride + 1 + self.base_size
        # template feature side after the backbone/neck: 6 (alex) or 7; ACM kernels = that minus 2
        acm_kernel = (6 if variant == "alex" else 7) - 2
        cls_ch, loc_ch = self._out_channels()
        kw = dict(kind=self.branch_kind, in_channels=in_ch[0], hidden=in_ch[0], cls_channels=cls_ch,
                  loc_channels=loc_ch, acm_kernel=acm_kernel)
        if self.levels == 1:
            head = LevelHead(**kw)
        else:
            head = MultiLevelHead(self.level_prefix, self.levels, weighted=self._weighted(),
                                  loc_scale=self.decoder == "point", **kw)
        setattr(self, self.head_name, head)

    # ------------------------------------------------------------ configuration
    def _config(self):
        return ANCHOR_CONFIG[self.variant] if self.decoder == "anchor" else POINT_CONFIG

    def _weighted(self):
        # pysot: r50 weighted, mobilev2 plain average; siamban r50 weighted (used for every BAN variant)
        return self.decoder == "point" or self.variant == "r50"

    def _out_channels(self):
        if self.decoder == "anchor":
            return 2 * self.anchor_num, 4 * self.anchor_num
        return 2, 4

    @property
    def head_module(self):
        return getattr(self, self.head_name)

    def _level_heads(self):
        h = self.head_module
        return [h] if self.levels == 1 else [h.level(i) for i in range(self.levels)]

    def _suffix(self, i):
        return "" if self.levels == 1 else str(i + 2)

    # ------------------------------------------------------------ graph interface
    def template_inputs(self):
        ins = [("exemplar", [1, 3, self.exemplar_size, self.exemplar_size])]
        if self.branch_kind == "acm":
            ins.append(("templateBox", [1, 4]))
        return ins

    def _features(self, x):
        return self._neck(self.backbone(x))

    def template(self, exemplar, templateBox=None, **extra):
        return self._template_from(self._features(exemplar), templateBox)

    def search(self, instance, feats):
        return self._search_from(self._features(instance), feats)

    def _neck(self, f):
        return self.neck(f) if hasattr(self, "neck") else f

    def _template_from(self, features, box):
        feats = collections.OrderedDict()
        base = "zk" if self.branch_kind == "acm" else "zf"
        for i, (lh, z) in enumerate(zip(self._level_heads(), features)):
            for sfx, t in lh.template_parts(z, box).items():
                feats[base + self._suffix(i) + sfx] = t
        return feats

    def _search_from(self, features, feats):
        base = "zk" if self.branch_kind == "acm" else "zf"
        cls, loc = [], []
        for i, (lh, x) in enumerate(zip(self._level_heads(), features)):
            name = base + self._suffix(i)
            parts = collections.OrderedDict((k[len(name):], v) for k, v in feats.items()
                                            if k == name or k.startswith(name + "_"))
            c, l = lh.track(x, parts)
            cls.append(c)
            loc.append(l)
        if self.levels == 1:
            c, l = cls[0], loc[0]
        else:
            c, l = self.head_module.fuse(cls, loc)
        return collections.OrderedDict([("cls", c), ("loc", l)])

    # ------------------------------------------------------------ split layout (backbone graph shared)
    split_template_identity = False

    def split_backbone(self, x):
        """Raw backbone features (before the neck): OrderedDict suffix ('' or '2','3','4') -> tensor."""
        return collections.OrderedDict((self._suffix(i), f) for i, f in enumerate(self.backbone(x)))

    def split_template(self, backbone_feats, templateBox=None, **extra):
        return self._template_from(self._neck(list(backbone_feats.values())), templateBox)

    def split_search(self, backbone_feats, feats):
        return self._search_from(self._neck(list(backbone_feats.values())), feats)

    # ------------------------------------------------------------ random init / manifest
    def head_layers(self):
        lh = self._level_heads()
        fusion = [] if self.levels == 1 else self.head_module.fusion_parameters()
        loc_bias = 3.4657 if self.decoder == "point" else None    # log(32): l,t,r,b ~ 32 px
        return dict(cls=[h.cls.final_conv() for h in lh], loc=[h.loc.final_conv() for h in lh],
                    loc_bias=loc_bias, fusion=fusion)

    def hyperparameters(self):
        cfg = self._config()
        return collections.OrderedDict([("windowInfluence", cfg["windowInfluence"]),
                                        ("penaltyK", cfg["penaltyK"]), ("lr", cfg["lr"])])

    def anchors(self):
        if self.decoder != "anchor":
            return None
        return collections.OrderedDict([("ratios", list(ANCHOR_RATIOS)), ("scales", list(ANCHOR_SCALES)),
                                        ("baseSize", self.base_size)])


class SiamRPNPP(PysotModel):
    family = "siamrpn++"


class SiamRPNPPACM(PysotModel):
    family = "siamrpn++-acm"
    branch_kind = "acm"
    license = "MIT (MLNet.Siamese model definition; weights: see source)"


class SiamBAN(PysotModel):
    family = "siamban"
    decoder = "point"
    head_name = "head"
    level_prefix = "box"
    license = "see hqucv/siamban (checkpoint); model definition MIT"

    def __init__(self, variant="r50", channels=256):
        if variant == "alex":
            raise ValueError("the SiamBAN families are built with multi-level backbones: mobilev2 or r50")
        super().__init__(variant, channels)


class SiamCAN(SiamBAN):
    family = "siamcan"
    branch_kind = "can"
    license = "MIT (MLNet.Siamese model definition; weights: see source)"


class SiamBANACM(SiamBAN):
    family = "siamban-acm"
    branch_kind = "acm"
    license = "see wencheng256/SiamBAN-ACM (checkpoint); model definition MIT"
