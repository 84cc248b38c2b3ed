"""The project's own compact anchor-free tracker (SiamBAN family, variant ``compact``).

Chosen for CPU speed: plain 3x3 convolutions (no depth-wise layers: dense convolutions are what ONNX Runtime's
CPU kernels and PyTorch's CPU training run fastest per multiply-add at this size), output stride 16 like
NanoTrack, so a 127 template gives 8x8 features and a 255 search region 16x16; pixel-wise correlation (each of
the 64 template cells is a 1x1 kernel) gives 64 channels on which two small towers predict

* ``cls``: N x 2 x 16 x 16 logits (softmax channel 1 = target),
* ``loc``: N x 4 x 16 x 16 distances (l, t, r, b) in search-crop pixels (``exp`` inside the model).

Points follow the SiamBAN convention: point (i, j) sits at ``-(S//2)*stride + stride*j`` from the crop centre
(see ``train/targets.py``), which the C# ``PointDecoder`` reproduces from ``output.stride``/``output.scoreSize``.
"""

import collections

import torch
import torch.nn as nn

from .base import SiameseModel
from .nanotrack import pixelwise_correlation

__all__ = ["CompactBackbone", "CompactHead", "CompactTracker", "COMPACT_HYPERPARAMETERS"]

# Tracking hyper-parameters of the compact model (the default before last; pysot semantics): priors close to
# NanoTrack's released values, not tuned. A grid search on the training sequences (tools/default-model/tune.py) gained
# < 0.01 AUC there and lost on the held-out validation sequence, so the priors were kept.
COMPACT_HYPERPARAMETERS = collections.OrderedDict([("windowInfluence", 0.45), ("penaltyK", 0.15), ("lr", 0.40)])

# (out channels, extra stride-1 conv after the stride-2 conv) per level; 4 stride-2 levels -> stride 16.
_LEVELS = ((16, False), (32, False), (48, True), (64, True))


def _conv_bn_relu(in_ch, out_ch, stride):
    return [nn.Conv2d(in_ch, out_ch, 3, stride, 1, bias=False), nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True)]


class CompactBackbone(nn.Module):
    """Six 3x3 conv-BN-ReLU layers (widths 16, 32, 48, 48, 64, 64), output stride 16."""

    def __init__(self, levels=_LEVELS):
        super().__init__()
        layers, in_ch = [], 3
        for out_ch, extra in levels:
            layers += _conv_bn_relu(in_ch, out_ch, 2)
            if extra:
                layers += _conv_bn_relu(out_ch, out_ch, 1)
            in_ch = out_ch
        self.features = nn.Sequential(*layers)
        self.out_channels = in_ch

    def forward(self, x):
        return self.features(x)


class CompactHead(nn.Module):
    """1x1 adapters, pixel-wise correlation (64 template cells -> 64 channels), cls and box towers."""

    def __init__(self, channels=64, template_cells=64, width=48):
        super().__init__()
        self.adapt_template = nn.Conv2d(channels, channels, 1)
        self.adapt_search = nn.Conv2d(channels, channels, 1)
        self.cls_tower = nn.Sequential(*_conv_bn_relu(template_cells, width, 1), *_conv_bn_relu(width, width, 1))
        self.box_tower = nn.Sequential(*_conv_bn_relu(template_cells, width, 1), *_conv_bn_relu(width, width, 1))
        self.cls_pred = nn.Conv2d(width, 2, 1)
        self.box_pred = nn.Conv2d(width, 4, 1)

    def forward(self, zf, xf):
        corr = pixelwise_correlation(self.adapt_search(xf), self.adapt_template(zf))
        cls = self.cls_pred(self.cls_tower(corr))
        loc = torch.exp(self.box_pred(self.box_tower(corr)))
        return cls, loc


class CompactTracker(SiameseModel):
    """``template(exemplar)`` -> ``zf`` 1x64x8x8; ``search(instance, feats)`` -> ``cls``, ``loc``."""

    family = "siamban"
    decoder = "point"
    template_batch = True
    stride = 16
    score_size = 16
    variant = "compact"
    license = "MIT (MLNet.Siamese; trained by the project, see MODEL_CARD.md)"

    def __init__(self):
        super().__init__()
        self.backbone = CompactBackbone()
        self.head = CompactHead(self.backbone.out_channels)

    def template(self, exemplar, **extra):
        return collections.OrderedDict(zf=self.backbone(exemplar))

    def search(self, instance, feats):
        cls, loc = self.head(feats["zf"], self.backbone(instance))
        return collections.OrderedDict([("cls", cls), ("loc", loc)])

    def forward(self, exemplar, instance, **extra):
        return self.head(self.backbone(exemplar), self.backbone(instance))

    def head_layers(self):
        return dict(cls=[self.head.cls_pred], loc=[self.head.box_pred], loc_bias=3.4657, fusion=[])

    def hyperparameters(self):
        return collections.OrderedDict(COMPACT_HYPERPARAMETERS)
