"""Response-map family: SiamFC (+ FDSiamFC widths), SA-Siam, SiamFC-ACM.

* ``AlexNetV1``: siamfc-pytorch's backbone (``backbone.conv{1..5}``: Conv(3,96,11,s2)+BN+ReLU+MaxPool(3,2);
  Conv(96,256,5,groups 2)+BN+ReLU+MaxPool; Conv(256,384,3)+BN+ReLU; Conv(384,384,3,g2)+BN+ReLU;
  Conv(384,256,3,g2)), BN eps 1e-6. ``squeeze`` gives FDSiamFC's ``FDAlexNetLite`` widths
  ``int(int(rate*C/2)*2)`` (0.30 -> 28/76/114/114/76, 0.15 -> 14/38/56/56/38); the released
  ``FDSiamfc_{15,30}.pth`` load with ``strict=True``.
* ``SiamFC``: ``backbone`` + a parameter-free head (cross-correlation x ``out_scale`` 0.001), the
  ``Net(backbone, head)`` of siamfc-pytorch / FDSiamFC: template 1x3x127x127 -> kernel 1xCx6x6; search Nx3x255x255
  -> response Nx1x17x17.
* ``SASiam``: appearance branch (``appearance.backbone``: a SiamFC AlexNetV1 on the 127 exemplar) and semantic
  branch (``semantic.*``, after microsoft/SA-Siam ``embeddings/sa_siam.py``): an AlexNet (same layout, ReLU after
  conv5) on mean-subtracted BGR input [x - (123,117,104) in RGB, then channel flip], conv4 + conv5 features;
  channel attention computed once on the 255 *context* crop (same centre and side as the first search crop):
  per channel a 3x3 grid max-pool whose centre cell is the template region (grid [0,8,14,22] for conv5 22x22,
  [0,8,16,24] for conv4 24x24) -> MLP 9 -> 9 (ReLU) -> 1 -> sigmoid + 0.5; the weighted maps are cropped to the
  template region (conv4 8x8, conv5 6x6), conv4 is scaled by 0.1, each goes through a 1x1 conv to 128 channels,
  conv5 is zero-padded by 1 to the conv4 size and both are concatenated (256 channels; template 8x8, search
  24x24). Response ``lambda*h_a + (1-lambda)*h_s`` with lambda = 0.3, each ``h`` = xcorr x 0.001.
* ``SiamFCACM``: ``backbone`` (AlexNetV1) + ``head`` (:class:`ACMXCorr` without adapters, 6x6 kernels,
  1 output channel) -> response x 0.001.

No public PyTorch checkpoints exist for SA-Siam and SiamFC-ACM; their key layouts are this package's own.
"""

import collections

import torch
import torch.nn as nn
import torch.nn.functional as F

from .acm import ACMXCorr
from .base import RESPONSE_DEFAULTS, SiameseModel
from .common import BatchNorm2dEps6, xcorr_fast

__all__ = ["AlexNetV1", "SiamFC", "SASiam", "SiamFCACM", "squeezed_widths", "FDSIAMFC_RATES"]

ALEXNET_WIDTHS = (96, 256, 384, 384, 256)
FDSIAMFC_RATES = {"fdsiamfc-15": 0.15, "fdsiamfc-30": 0.30}


def squeezed_widths(rate):
    rates = rate if isinstance(rate, (list, tuple)) else [rate] * 5
    return tuple(int(int(r * c / 2) * 2) for r, c in zip(rates, ALEXNET_WIDTHS))


class AlexNetV1(nn.Module):
    output_stride = 8

    def __init__(self, widths=ALEXNET_WIDTHS, conv5_relu=False):
        super().__init__()
        c1, c2, c3, c4, c5 = widths
        self.widths = tuple(widths)
        self.conv1 = nn.Sequential(nn.Conv2d(3, c1, 11, 2), BatchNorm2dEps6(c1), nn.ReLU(inplace=True),
                                   nn.MaxPool2d(3, 2))
        self.conv2 = nn.Sequential(nn.Conv2d(c1, c2, 5, 1, groups=2), BatchNorm2dEps6(c2), nn.ReLU(inplace=True),
                                   nn.MaxPool2d(3, 2))
        self.conv3 = nn.Sequential(nn.Conv2d(c2, c3, 3, 1), BatchNorm2dEps6(c3), nn.ReLU(inplace=True))
        self.conv4 = nn.Sequential(nn.Conv2d(c3, c4, 3, 1, groups=2), BatchNorm2dEps6(c4), nn.ReLU(inplace=True))
        self.conv5 = nn.Sequential(nn.Conv2d(c4, c5, 3, 1, groups=2))
        self.conv5_relu = conv5_relu

    @property
    def out_channels(self):
        return self.widths[4]

    def features45(self, x):
        x = self.conv3(self.conv2(self.conv1(x)))
        f4 = self.conv4(x)
        f5 = self.conv5(f4)
        if self.conv5_relu:
            f5 = F.relu(f5)
        return f4, f5

    def forward(self, x):
        return self.features45(x)[1]


class _ResponseModel(SiameseModel):
    decoder = "response"
    color_order = "rgb"
    stride = 8
    score_size = 17
    out_scale = 0.001
    clip_center = False

    def hyperparameters(self):
        hp = collections.OrderedDict(RESPONSE_DEFAULTS)
        hp["clipCenter"] = bool(self.clip_center)
        return hp


class SiamFC(_ResponseModel):
    family = "siamfc"

    def __init__(self, widths=ALEXNET_WIDTHS, clip_center=False):
        super().__init__()
        self.backbone = AlexNetV1(widths)
        self.clip_center = clip_center

    def template(self, exemplar, **extra):
        return collections.OrderedDict(zf=self.backbone(exemplar))

    def search(self, instance, feats):
        return collections.OrderedDict(response=xcorr_fast(feats["zf"], self.backbone(instance)) * self.out_scale)

    # split layout: the template graph is the backbone itself
    split_template_identity = True

    def split_backbone(self, x):
        return collections.OrderedDict([("", self.backbone(x))])

    def split_template(self, backbone_feats, **extra):
        return collections.OrderedDict(zf=backbone_feats[""])

    def split_search(self, backbone_feats, feats):
        return collections.OrderedDict(response=xcorr_fast(feats["zf"], backbone_feats[""]) * self.out_scale)


class SemanticBranch(nn.Module):
    # RGB means subtracted by SA-Siam's semantic net before it flips the input to BGR.
    MEAN_RGB = (123.0, 117.0, 104.0)
    Z5 = 6                     # template side of conv5 (sz_conv5_z)

    def __init__(self, channels_out=256):
        super().__init__()
        self.backbone = AlexNetV1(conv5_relu=True)
        c4, c5 = self.backbone.widths[3], self.backbone.widths[4]
        self.att_conv4 = nn.Sequential(nn.Linear(9, 9), nn.ReLU(inplace=True), nn.Linear(9, 1))
        self.att_conv5 = nn.Sequential(nn.Linear(9, 9), nn.ReLU(inplace=True), nn.Linear(9, 1))
        self.c1x1_conv4 = nn.Conv2d(c4, channels_out // 2, 1)
        self.c1x1_conv5 = nn.Conv2d(c5, channels_out // 2, 1)
        self.register_buffer("mean", torch.tensor(self.MEAN_RGB).view(1, 3, 1, 1), persistent=False)

    def _features(self, x):
        x = torch.flip(x - self.mean, dims=[1])           # RGB -> BGR
        return self.backbone.features45(x)

    @staticmethod
    def _grid(size, z):
        left = int((size - z) / 2 + 0.5)
        return [0, left, left + z, size]

    def _attend_crop(self, feat, z, mlp):
        """Channel attention on a context feature map, then the centre crop of side z."""
        g = self._grid(feat.shape[-1], z)
        cells = []
        for j in range(3):
            for i in range(3):
                cells.append(feat[:, :, g[j]:g[j + 1], g[i]:g[i + 1]].amax(dim=(2, 3)))
        pooled = torch.stack(cells, dim=2)                     # B x C x 9
        weight = torch.sigmoid(mlp(pooled)) + 0.5              # B x C x 1
        feat = feat * weight.unsqueeze(3)
        return feat[:, :, g[1]:g[2], g[1]:g[2]]

    def _fuse(self, f4, f5):
        a = self.c1x1_conv4(f4 * 0.1)
        b = self.c1x1_conv5(f5)
        # conv5 is a valid 3x3 conv of conv4: always 2 smaller -> zero-pad 1 on each side (a constant, so the
        # exported search graph stays free of shape arithmetic)
        b = F.pad(b, [1, 1, 1, 1])
        return torch.cat([a, b], dim=1)

    def template(self, context):
        f4, f5 = self._features(context)
        z4 = self.Z5 + (f4.shape[-1] - f5.shape[-1])
        f4 = self._attend_crop(f4, z4, self.att_conv4)
        f5 = self._attend_crop(f5, self.Z5, self.att_conv5)
        return self._fuse(f4, f5)

    def search(self, x):
        return self._fuse(*self._features(x))


class _AppearanceBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = AlexNetV1()


class SASiam(_ResponseModel):
    family = "sa-siam"
    weight_appearance = 0.3      # lambda

    def __init__(self):
        super().__init__()
        self.appearance = _AppearanceBranch()
        self.semantic = SemanticBranch()

    def template_inputs(self):
        return [("exemplar", [1, 3, self.exemplar_size, self.exemplar_size]),
                ("context", [1, 3, self.instance_size, self.instance_size])]

    def template(self, exemplar, context=None, **extra):
        return collections.OrderedDict(zf=self.appearance.backbone(exemplar), zs=self.semantic.template(context))

    def search(self, instance, feats):
        h_a = xcorr_fast(feats["zf"], self.appearance.backbone(instance)) * self.out_scale
        h_s = xcorr_fast(feats["zs"], self.semantic.search(instance)) * self.out_scale
        lam = self.weight_appearance
        return collections.OrderedDict(response=h_a * lam + h_s * (1 - lam))


class SiamFCACM(_ResponseModel):
    family = "siamfc-acm"

    def __init__(self):
        super().__init__()
        self.backbone = AlexNetV1()
        c = self.backbone.out_channels
        self.head = ACMXCorr(c, c, 1, kernel_size=6, adapters=False)

    def template_inputs(self):
        return [("exemplar", [1, 3, self.exemplar_size, self.exemplar_size]), ("templateBox", [1, 4])]

    def template(self, exemplar, templateBox=None, **extra):
        return collections.OrderedDict(zk=self.head.template(self.backbone(exemplar), templateBox))

    def search(self, instance, feats):
        return collections.OrderedDict(response=self.head.track(self.backbone(instance), feats["zk"]) * self.out_scale)

    def head_layers(self):
        return dict(cls=[self.head.final_conv()], loc=[], loc_bias=None, fusion=[])
