"""NanoTrack v1 / v2 / v3 network definitions (PyTorch).

The module tree is laid out so that ``state_dict()`` has exactly the keys, shapes and order of the
public NanoTrack checkpoints (HonglinChu/SiamTrackers, ``models/pretrained/nanotrackv{1,2,3}.pth``);
load them with :func:`load_nanotrack` (``strict=True``).

Structure (see ``../shared/docs/checkpoint-keys/nanotrack-v*.json``):

* ``backbone.features``: a MobileNetV3-small truncated after the 48-channel stage (v1/v2) or after
  an extra stride-1 96-channel stage (v3). Output stride 16: a 127 template gives 8x8 features,
  a 255 search region 16x16.
* ``neck.downsample``: an AdjustLayer (1x1 conv + BN). It is stored in the checkpoints but the
  original ``ModelBuilder.template()/track()`` never call it, so it is not used here either.
* ``ban_head``: pixel-wise correlation heads (v1: ban_v1, v2: ban_v2, v3: ban_v3), outputs
  ``cls`` (1x2xSxS logits, softmax channel 1 = foreground) and ``loc`` (1x4xSxS, ``exp`` applied,
  distances l,t,r,b in search-crop pixels); S = 16 (v1/v2) or 15 (v3).

Everything runs in eval mode (BatchNorm with running statistics).
"""

import pickle
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = [
    "NanoTrack",
    "build_nanotrack",
    "load_nanotrack",
    "load_checkpoint_state_dict",
    "VERSIONS",
    "TRACK_CONFIG",
]

VERSIONS = ("v1", "v2", "v3")

# Hyper-parameters of the released configs (models/config/configv*.yaml).
TRACK_CONFIG = {
    "v1": dict(window_influence=0.462, penalty_k=0.148, lr=0.390, score_size=16, stride=16,
               exemplar_size=127, instance_size=255, context_amount=0.5),
    "v2": dict(window_influence=0.490, penalty_k=0.150, lr=0.385, score_size=16, stride=16,
               exemplar_size=127, instance_size=255, context_amount=0.5),
    "v3": dict(window_influence=0.455, penalty_k=0.138, lr=0.348, score_size=15, stride=16,
               exemplar_size=127, instance_size=255, context_amount=0.5),
}


# ----------------------------------------------------------------------------------------------
# Backbone: truncated MobileNetV3-small
# ----------------------------------------------------------------------------------------------

def _round_channels(value, divisor=8):
    """Channel rounding of the MobileNetV3 reference code (nearest multiple, never < 90%)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def _activation(hard_swish):
    return nn.Hardswish() if hard_swish else nn.ReLU()


class SqueezeExcite(nn.Module):
    """SE block: global average -> Linear -> ReLU -> Linear -> hard sigmoid -> channel scale."""

    def __init__(self, channels):
        super().__init__()
        hidden = _round_channels(channels // 4)
        self.fc = nn.Sequential(
            nn.Linear(channels, hidden),
            nn.ReLU(),
            nn.Linear(hidden, channels),
            nn.Hardsigmoid(),
        )

    def forward(self, x):
        n, c = x.shape[:2]
        gate = self.fc(F.adaptive_avg_pool2d(x, 1).view(n, c)).view(n, c, 1, 1)
        return x * gate


class MobileBlock(nn.Module):
    """Inverted residual block; the sub-module indices inside ``conv`` follow the checkpoint."""

    def __init__(self, in_ch, expand_ch, out_ch, kernel, stride, use_se, hard_swish):
        super().__init__()
        self.residual = stride == 1 and in_ch == out_ch
        pad = (kernel - 1) // 2
        se = SqueezeExcite(expand_ch) if use_se else nn.Identity()
        if in_ch == expand_ch:
            # no expansion: dw, BN, act, SE, pw-linear, BN
            layers = [
                nn.Conv2d(expand_ch, expand_ch, kernel, stride, pad, groups=expand_ch, bias=False),
                nn.BatchNorm2d(expand_ch),
                _activation(hard_swish),
                se,
                nn.Conv2d(expand_ch, out_ch, 1, 1, 0, bias=False),
                nn.BatchNorm2d(out_ch),
            ]
        else:
            # pw-expand, BN, act, dw, BN, SE, act, pw-linear, BN
            layers = [
                nn.Conv2d(in_ch, expand_ch, 1, 1, 0, bias=False),
                nn.BatchNorm2d(expand_ch),
                _activation(hard_swish),
                nn.Conv2d(expand_ch, expand_ch, kernel, stride, pad, groups=expand_ch, bias=False),
                nn.BatchNorm2d(expand_ch),
                se,
                _activation(hard_swish),
                nn.Conv2d(expand_ch, out_ch, 1, 1, 0, bias=False),
                nn.BatchNorm2d(out_ch),
            ]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        y = self.conv(x)
        return x + y if self.residual else y


# (kernel, expansion factor, out channels, SE, hard-swish, stride) per block, MobileNetV3-small.
_SMALL_BLOCKS = [
    (3, 1, 16, True, False, 2),
    (3, 4.5, 24, False, False, 2),
    (3, 3.67, 24, False, False, 1),
    (5, 4, 40, True, True, 2),
    (5, 6, 40, True, True, 1),
    (5, 6, 40, True, True, 1),
    (5, 3, 48, True, True, 1),
    (5, 3, 48, True, True, 1),
]
# v3 appends one stride-1 96-channel stage (the original's last stride-2 stage with s=1).
_SMALL_BLOCKS_V3 = _SMALL_BLOCKS + [(5, 6, 96, True, True, 1)]


class TruncatedMobileNetV3(nn.Module):
    def __init__(self, blocks):
        super().__init__()
        stem_ch = _round_channels(16)
        layers = [nn.Sequential(
            nn.Conv2d(3, stem_ch, 3, 2, 1, bias=False),
            nn.BatchNorm2d(stem_ch),
            nn.Hardswish(),
        )]
        in_ch = stem_ch
        for kernel, factor, out, use_se, hard_swish, stride in blocks:
            out_ch = _round_channels(out)
            expand_ch = _round_channels(in_ch * factor)
            layers.append(MobileBlock(in_ch, expand_ch, out_ch, kernel, stride, use_se, hard_swish))
            in_ch = out_ch
        self.features = nn.Sequential(*layers)
        self.out_channels = in_ch

    def forward(self, x):
        return self.features(x)


class AdjustLayer(nn.Module):
    """Neck kept only for checkpoint compatibility (never called by template()/track())."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 1, bias=False),
            nn.BatchNorm2d(out_channels),
        )

    def forward(self, x):
        return self.downsample(x)


# ----------------------------------------------------------------------------------------------
# Heads
# ----------------------------------------------------------------------------------------------

def pixelwise_correlation(search, kernel):
    """corr[b, i*Wz + j, y, x] = sum_c kernel[b, c, i, j] * search[b, c, y, x] (as a matmul).

    A kernel of batch 1 is broadcast over the search batch (one template, N search crops).
    """
    b, c, h, w = search.shape
    k = kernel.reshape(kernel.shape[0], c, -1).transpose(1, 2)   # (1|b) x (Hz*Wz) x c
    s = search.reshape(b, c, -1)                                  # b x c x (H*W)
    return torch.matmul(k, s).reshape(b, -1, h, w)


def depthwise_correlation(search, kernel, padding=0):
    """Per-channel cross-correlation of search (b,c,H,W) with kernel (b,c,h,w) or (1,c,h,w) (broadcast)."""
    b, c = kernel.shape[:2]
    if b == 1:  # the same call as below for a batch-1 search; keeps a dynamic search batch exportable
        k = kernel.reshape(c, 1, kernel.shape[2], kernel.shape[3])
        return F.conv2d(search, k, padding=padding, groups=c)
    x = search.reshape(1, b * c, search.shape[2], search.shape[3])
    k = kernel.reshape(b * c, 1, kernel.shape[2], kernel.shape[3])
    out = F.conv2d(x, k, padding=padding, groups=b * c)
    return out.reshape(b, c, out.shape[2], out.shape[3])


class ChannelAttention(nn.Module):
    """x * sigmoid(fc2(relu(fc1(avgpool(x))))) with 1x1 convolutions."""

    def __init__(self, channels=64):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels, 1)
        self.fc2 = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        gate = F.adaptive_avg_pool2d(x, 1)
        gate = torch.sigmoid(self.fc2(F.relu(self.fc1(gate))))
        return x * gate


def _pw_bn(in_ch, out_ch):
    """1x1 conv with bias followed by BN (the conv_kernel / conv_search adapters)."""
    return nn.Sequential(nn.Conv2d(in_ch, out_ch, 1), nn.BatchNorm2d(out_ch))


class PixelCorrV1(nn.Module):
    """v1: correlation of the raw backbone features + channel attention."""

    def __init__(self):
        super().__init__()
        self.CA_layer = ChannelAttention(64)

    def forward(self, zf, xf):
        return self.CA_layer(pixelwise_correlation(xf, zf))


class PixelCorrV2(nn.Module):
    """v2: 1x1 adapters on both inputs, correlation, channel attention."""

    def __init__(self, channels):
        super().__init__()
        self.CA_layer = ChannelAttention(64)
        self.conv_kernel = _pw_bn(channels, channels)
        self.conv_search = _pw_bn(channels, channels)

    def forward(self, zf, xf):
        corr = pixelwise_correlation(self.conv_search(xf), self.conv_kernel(zf))
        return self.CA_layer(corr)


class PixelCorrV3(PixelCorrV2):
    """v3: as v2 plus a 2x2 depthwise conv (16x16 -> 15x15) and a 1x1 conv."""

    def __init__(self, channels):
        super().__init__(channels)
        self.conv = nn.Sequential(
            nn.Conv2d(64, 64, 2, groups=64, bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU6(),
            nn.Conv2d(64, 64, 1),
            nn.BatchNorm2d(64),
        )

    def forward(self, zf, xf):
        return self.conv(super().forward(zf, xf))


class DepthCorrV3(nn.Module):
    """v3 depth-wise path: 1x1 adapters, depthwise xcorr with padding 1 (4x4 kernel -> 15x15)."""

    def __init__(self, channels):
        super().__init__()
        self.conv_kernel = _pw_bn(channels, channels)
        self.conv_search = _pw_bn(channels, channels)

    def forward(self, zf, xf):
        return depthwise_correlation(self.conv_search(xf), self.conv_kernel(zf), padding=1)


def _separable_tower(specs, bn_after_dw=False, act_after_pw=True):
    """Stack of [dw kxk, (BN, ReLU6), pw 1x1, BN, (ReLU6)] blocks; specs = [(in, out, k), ...].

    v1/v2 towers: dw, pw, BN, ReLU6 (bn_after_dw False, act_after_pw True).
    v3 towers:    dw, BN, ReLU6, pw, BN (bn_after_dw True, act_after_pw False).
    """
    layers = []
    for in_ch, out_ch, k in specs:
        layers.append(nn.Conv2d(in_ch, in_ch, k, 1, k // 2, groups=in_ch, bias=False))
        if bn_after_dw:
            layers += [nn.BatchNorm2d(in_ch), nn.ReLU6()]
        layers += [nn.Conv2d(in_ch, out_ch, 1, 1, 0, bias=False), nn.BatchNorm2d(out_ch)]
        if act_after_pw:
            layers.append(nn.ReLU6())
    return nn.Sequential(*layers)


class HeadV1(nn.Module):
    def __init__(self):
        super().__init__()
        self.corr_pw = PixelCorrV1()
        self.cls_tower = _separable_tower([(64, 128, 5), (128, 128, 5), (128, 128, 3)])
        self.bbox_tower = _separable_tower([(64, 96, 3), (96, 96, 3), (96, 96, 5), (96, 96, 5)])
        self.cls_logits = nn.Sequential(nn.Conv2d(128, 2, 1))
        self.bbox_pred = nn.Sequential(nn.Conv2d(96, 4, 1))

    def forward(self, zf, xf):
        corr = self.corr_pw(zf, xf)
        cls = self.cls_logits(self.cls_tower(corr))
        loc = torch.exp(self.bbox_pred(self.bbox_tower(corr)))
        return cls, loc


class HeadV2(nn.Module):
    def __init__(self, channels=48):
        super().__init__()
        self.corr_pw_reg = PixelCorrV2(channels)
        self.corr_pw_cls = PixelCorrV2(channels)
        tower = [(64, 96, 3)] + [(96, 96, 3)] * 5
        self.cls_pw_tower = _separable_tower(tower)
        self.bbox_pw_tower = _separable_tower(tower)
        self.cls_pred = nn.Sequential(nn.Conv2d(96, 2, 1))
        self.bbox_pred = nn.Sequential(nn.Conv2d(96, 4, 1))

    def forward(self, zf, xf):
        reg = self.corr_pw_reg(zf, xf)
        cls = self.corr_pw_cls(zf, xf)
        cls = self.cls_pred(self.cls_pw_tower(cls))
        loc = torch.exp(self.bbox_pred(self.bbox_pw_tower(reg)))
        return cls, loc


class HeadV3(nn.Module):
    def __init__(self, channels=96):
        super().__init__()
        self.corr_dw_reg = DepthCorrV3(channels)
        self.corr_pw_reg = PixelCorrV3(channels)
        self.corr_dw_cls = DepthCorrV3(channels)
        self.corr_pw_cls = PixelCorrV3(channels)
        tower = [(channels, channels, 3)] * 6
        self.cls_tower = _separable_tower(tower, bn_after_dw=True, act_after_pw=False)
        self.bbox_tower = _separable_tower(tower, bn_after_dw=True, act_after_pw=False)
        self.cls_logits = nn.Sequential(nn.Conv2d(channels, 2, 1))
        self.bbox_pred = nn.Sequential(nn.Conv2d(channels, 4, 1))
        self.down_reg = nn.Sequential(nn.Conv2d(channels + 64, channels, 1))
        self.down_cls = nn.Sequential(nn.Conv2d(channels + 64, channels, 1))

    @staticmethod
    def center_crop(zf):
        """Central 4x4 of the template features (indices 2..5) when wider than 4."""
        if zf.shape[3] > 4:
            zf = zf[:, :, 2:6, 2:6]
        return zf

    def forward(self, zf, xf):
        zc = self.center_crop(zf)
        reg = torch.cat((self.corr_pw_reg(zf, xf), self.corr_dw_reg(zc, xf)), 1)
        cls = torch.cat((self.corr_pw_cls(zf, xf), self.corr_dw_cls(zc, xf)), 1)
        reg = self.down_reg(reg)
        cls = self.down_cls(cls)
        logits = self.cls_logits(self.cls_tower(cls))
        loc = torch.exp(self.bbox_pred(self.bbox_tower(reg)))
        return logits, loc


# ----------------------------------------------------------------------------------------------
# Full model
# ----------------------------------------------------------------------------------------------

class NanoTrack(nn.Module):
    """backbone + (unused) neck + ban_head, as in NanoTrack's ModelBuilder.

    ``template(z)`` stores and returns the template features (raw backbone output),
    ``track(x)`` returns ``(cls, loc)``; ``forward(z, x)`` does both; ``head(zf, xf)`` is the
    part exported as ``nanotrack_head*.onnx``.
    """

    def __init__(self, version="v2"):
        super().__init__()
        if version not in VERSIONS:
            raise ValueError("unknown NanoTrack version %r (expected one of %s)" % (version, VERSIONS))
        self.version = version
        if version == "v3":
            self.backbone = TruncatedMobileNetV3(_SMALL_BLOCKS_V3)
            self.neck = AdjustLayer(96, 96)
            self.ban_head = HeadV3(96)
        else:
            self.backbone = TruncatedMobileNetV3(_SMALL_BLOCKS)
            self.neck = AdjustLayer(64, 64)
            self.ban_head = HeadV1() if version == "v1" else HeadV2(48)
        self.zf = None
        self.track_config = dict(TRACK_CONFIG[version])

    @property
    def feature_channels(self):
        return self.backbone.out_channels

    @property
    def score_size(self):
        return self.track_config["score_size"]

    def template(self, z):
        self.zf = self.backbone(z)
        return self.zf

    def head(self, zf, xf):
        return self.ban_head(zf, xf)

    def track(self, x, zf=None):
        if zf is None:
            zf = self.zf
        if zf is None:
            raise RuntimeError("template() must be called before track()")
        return self.ban_head(zf, self.backbone(x))

    def forward(self, z, x):
        return self.ban_head(self.backbone(z), self.backbone(x))


def build_nanotrack(version="v2"):
    return NanoTrack(version).eval()


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that only builds tensors, containers and numpy scalars (no arbitrary code)."""

    _ALLOWED = {
        ("collections", "OrderedDict"),
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_parameter"),
        ("torch", "Size"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy", "dtype"),
    }

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        if module == "torch" and name.endswith("Storage"):
            return getattr(torch, name)
        raise pickle.UnpicklingError("refusing to load %s.%s from a checkpoint" % (module, name))


class _restricted_pickle:  # a stand-in "pickle module" for torch.load
    Unpickler = _RestrictedUnpickler
    load = staticmethod(pickle.load)
    __name__ = "restricted_pickle"


def load_checkpoint_state_dict(path):
    """State dict of a NanoTrack .pth: a dict with 'state_dict' (released files) or a bare dict.

    The file is unpickled with a restricted unpickler (tensors, dicts and numpy scalars only; the
    released files also hold optimizer state with numpy scalars, which torch's weights_only
    loader rejects). A leading 'module.' (DataParallel) is stripped from the keys.
    """
    ckpt = torch.load(path, map_location="cpu", pickle_module=_restricted_pickle)
    if isinstance(ckpt, dict) and "state_dict" in ckpt:
        ckpt = ckpt["state_dict"]
    out = OrderedDict()
    for key, value in ckpt.items():
        if key.startswith("module."):
            key = key[len("module."):]
        out[key] = value
    return out


def load_nanotrack(path, version, strict=True):
    """Build a NanoTrack of the given version, load ``path`` with ``strict`` and return it in eval mode."""
    model = NanoTrack(version)
    model.load_state_dict(load_checkpoint_state_dict(path), strict=strict)
    return model.eval()
