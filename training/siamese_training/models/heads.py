"""Correlation heads of the pysot / siamban families (per-level ``cls`` + ``loc`` branches and their fusion).

Branch kinds (each a module with ``template_part(z, box)`` -> template tensor and ``track(x, t)`` -> map):

* ``DepthwiseXCorr`` (pysot / siamban): ``conv_kernel`` and ``conv_search`` = 3x3 conv (no bias) + BN + ReLU,
  depth-wise cross-correlation, ``head`` = 1x1 conv (no bias) + BN + ReLU + 1x1 conv (bias). The template part is
  the raw (neck) feature, so ``conv_kernel`` runs in the search graph, as in pysot's ``track()``.
* ``CANXCorr`` (SiamCAN as specified for this project): ``DepthwiseXCorr`` plus a cross-channel attention from
  the template (``channel_attention.conv``: global average of ``conv_kernel(z)`` -> 1-D conv (k=3, pad 1, no
  bias) across channels -> sigmoid, multiplying ``conv_search(x)``) and a spatial attention on the correlation
  map (``spatial_attention.conv``: [channel mean, channel max] -> 7x7 conv (pad 3, no bias) -> sigmoid,
  multiplying the map) before ``head``.
* ``ACMXCorr`` (see ``acm.py``): the template part is ``theta_z*z + box embedding`` (1 x hidden x 1 x 1).

``LevelHead`` holds ``cls`` and ``loc`` branches of one feature level (pysot ``DepthwiseRPN``, siamban
``DepthwiseBAN``). ``MultiLevelHead`` holds ``rpn{2,3,4}`` / ``box{2,3,4}`` and fuses like pysot ``MultiRPN`` /
siamban ``MultiBAN``: ``softmax(cls_weight)``-weighted sums (weighted) or plain averages; for BAN each level's
loc becomes ``exp(loc_i * loc_scale[i])`` before fusion.
"""

import collections

import torch
import torch.nn as nn
import torch.nn.functional as F

from .acm import ACMXCorr
from .common import conv_bn_relu, xcorr_depthwise

__all__ = ["DepthwiseXCorr", "CANXCorr", "LevelHead", "MultiLevelHead", "make_branch"]


class DepthwiseXCorr(nn.Module):
    def __init__(self, in_channels, hidden, out_channels, kernel_size=3):
        super().__init__()
        self.conv_kernel = conv_bn_relu(in_channels, hidden, kernel_size)
        self.conv_search = conv_bn_relu(in_channels, hidden, kernel_size)
        self.head = nn.Sequential(
            nn.Conv2d(hidden, hidden, kernel_size=1, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
            nn.Conv2d(hidden, out_channels, kernel_size=1),
        )

    def template_part(self, z, box=None):
        return z

    def track(self, x, z):
        kernel = self.conv_kernel(z)
        search = self.conv_search(x)
        return self.head(xcorr_depthwise(search, kernel))

    def final_conv(self):
        return self.head[3]


class _ChannelAttention1d(nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.conv = nn.Conv1d(1, 1, kernel_size=k, padding=k // 2, bias=False)

    def forward(self, kernel):
        b, c = kernel.shape[0], kernel.shape[1]
        g = kernel.mean(dim=(2, 3)).reshape(b, 1, c)
        return torch.sigmoid(self.conv(g)).reshape(b, c, 1, 1)


class _SpatialAttention(nn.Module):
    def __init__(self, k=7):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel_size=k, padding=k // 2, bias=False)

    def forward(self, feature):
        pooled = torch.cat([feature.mean(dim=1, keepdim=True), feature.amax(dim=1, keepdim=True)], dim=1)
        return torch.sigmoid(self.conv(pooled))


class CANXCorr(DepthwiseXCorr):
    def __init__(self, in_channels, hidden, out_channels, kernel_size=3):
        super().__init__(in_channels, hidden, out_channels, kernel_size)
        self.channel_attention = _ChannelAttention1d(3)
        self.spatial_attention = _SpatialAttention(7)

    def track(self, x, z):
        kernel = self.conv_kernel(z)
        search = self.conv_search(x) * self.channel_attention(kernel)
        feature = xcorr_depthwise(search, kernel)
        feature = feature * self.spatial_attention(feature)
        return self.head(feature)


class _ACMBranch(ACMXCorr):
    def template_part(self, z, box):
        return self.template(z, box)


def make_branch(kind, in_channels, hidden, out_channels, acm_kernel=5):
    if kind == "dw":
        return DepthwiseXCorr(in_channels, hidden, out_channels)
    if kind == "can":
        return CANXCorr(in_channels, hidden, out_channels)
    if kind == "acm":
        return _ACMBranch(in_channels, hidden, out_channels, kernel_size=acm_kernel, adapters=True)
    raise ValueError(kind)


class LevelHead(nn.Module):
    """One level: ``cls`` (-> cls_channels) and ``loc`` (-> loc_channels) branches."""

    def __init__(self, kind, in_channels, hidden, cls_channels, loc_channels, acm_kernel=5):
        super().__init__()
        self.kind = kind
        self.cls = make_branch(kind, in_channels, hidden, cls_channels, acm_kernel)
        self.loc = make_branch(kind, in_channels, hidden, loc_channels, acm_kernel)

    def template_parts(self, z, box):
        """OrderedDict(bind suffix -> tensor): '' (raw feature, shared) or '_cls' / '_loc' (ACM)."""
        if self.kind == "acm":
            return collections.OrderedDict([("_cls", self.cls.template_part(z, box)),
                                            ("_loc", self.loc.template_part(z, box))])
        return collections.OrderedDict([("", z)])

    def track(self, x, parts):
        if self.kind == "acm":
            return self.cls.track(x, parts["_cls"]), self.loc.track(x, parts["_loc"])
        return self.cls.track(x, parts[""]), self.loc.track(x, parts[""])


class MultiLevelHead(nn.Module):
    """``{prefix}{2,3,4}`` level heads + optional ``cls_weight``/``loc_weight`` (+ ``loc_scale`` for BAN)."""

    def __init__(self, prefix, levels, weighted, loc_scale, **level_kwargs):
        super().__init__()
        self.prefix = prefix
        self.levels = levels
        self.weighted = weighted
        self.use_loc_scale = loc_scale
        for i in range(levels):
            setattr(self, "%s%d" % (prefix, i + 2), LevelHead(**level_kwargs))
        if weighted:
            self.cls_weight = nn.Parameter(torch.ones(levels))
            self.loc_weight = nn.Parameter(torch.ones(levels))
        if loc_scale:
            self.loc_scale = nn.Parameter(torch.ones(levels))

    def level(self, i):
        return getattr(self, "%s%d" % (self.prefix, i + 2))

    def fuse(self, cls, loc):
        if self.use_loc_scale:
            loc = [torch.exp(l * self.loc_scale[i]) for i, l in enumerate(loc)]
        if self.weighted:
            cw = F.softmax(self.cls_weight, 0)
            lw = F.softmax(self.loc_weight, 0)
            c, l = cls[0] * cw[0], loc[0] * lw[0]
            for i in range(1, len(cls)):
                c = c + cls[i] * cw[i]
                l = l + loc[i] * lw[i]
            return c, l
        c, l = cls[0], loc[0]
        for i in range(1, len(cls)):
            c = c + cls[i]
            l = l + loc[i]
        return c / len(cls), l / len(loc)

    def final_convs(self):
        cls = [self.level(i).cls.final_conv() for i in range(self.levels)]
        loc = [self.level(i).loc.final_conv() for i in range(self.levels)]
        return cls, loc

    def fusion_parameters(self):
        return [p for n, p in self.named_parameters(recurse=False)]
