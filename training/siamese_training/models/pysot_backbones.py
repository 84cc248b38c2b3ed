"""Backbones and neck of pysot / siamban, laid out like their state_dicts (``backbone.*``, ``neck.*``).

* ``AlexNetLegacy`` (pysot ``alexnetlegacy``): ``features.{0,4,8,11,14}`` convs with bias, each followed by
  BN (``features.{1,5,9,12,15}``); Conv-BN-MaxPool-ReLU twice, then Conv-BN-ReLU twice, last Conv-BN.
  127 -> 6x6, 287 -> 26x26 (256 channels). Single output (no neck).
* ``MobileNetV2`` (pysot ``mobilenetv2``, width 1.4, dilated last stages, output stride 8): ``layer0`` =
  3x3 s2 conv (pad 0) + BN + ReLU6, ``layer1..7`` inverted residuals (pw, dw, pw-linear; expansion 1 still
  has the pw conv); used layers 3, 5, 7 -> 44 / 134 / 448 channels; 127 -> 15x15, 255 -> 31x31.
* ``ResNet50`` (pysot ``resnet_atrous``): conv1 7x7 s2 pad 0, maxpool 3 s2 pad 1, layer1..4 bottlenecks,
  layer2 stride 2 (3x3 downsample conv), layer3 dilation 2, layer4 dilation 4; used layers 2, 3, 4 ->
  512 / 1024 / 2048 channels; 127 -> 15x15, 255 -> 31x31.
* ``AdjustAllLayer``: ``downsample{2,3,4}.downsample`` = 1x1 conv (no bias) + BN to 256 channels; a map
  narrower than 20 (the template) is cropped to its central 7x7 (``[4:11]`` of 15).
"""

import torch.nn as nn

__all__ = ["AlexNetLegacy", "MobileNetV2", "ResNet50", "TinyBackbone", "AdjustLayer", "AdjustAllLayer",
           "build_backbone"]


class AlexNetLegacy(nn.Module):
    def __init__(self, width_mult=1.0):
        super().__init__()
        c = [3] + [int(v * width_mult) for v in (96, 256, 384, 384, 256)]
        self.features = nn.Sequential(
            nn.Conv2d(c[0], c[1], kernel_size=11, stride=2),
            nn.BatchNorm2d(c[1]),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.ReLU(inplace=True),
            nn.Conv2d(c[1], c[2], kernel_size=5),
            nn.BatchNorm2d(c[2]),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.ReLU(inplace=True),
            nn.Conv2d(c[2], c[3], kernel_size=3),
            nn.BatchNorm2d(c[3]),
            nn.ReLU(inplace=True),
            nn.Conv2d(c[3], c[4], kernel_size=3),
            nn.BatchNorm2d(c[4]),
            nn.ReLU(inplace=True),
            nn.Conv2d(c[4], c[5], kernel_size=3),
            nn.BatchNorm2d(c[5]),
        )
        self.out_channels = [c[5]]

    def forward(self, x):
        return [self.features(x)]


# ----------------------------------------------------------------------------------------------
# MobileNetV2
# ----------------------------------------------------------------------------------------------

class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio, dilation=1):
        super().__init__()
        self.use_res_connect = stride == 1 and inp == oup
        padding = dilation if dilation > 1 else 2 - stride
        hidden = inp * expand_ratio
        self.conv = nn.Sequential(
            nn.Conv2d(inp, hidden, 1, 1, 0, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, hidden, 3, stride, padding, dilation=dilation, groups=hidden, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, oup, 1, 1, 0, bias=False),
            nn.BatchNorm2d(oup),
        )

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class MobileNetV2(nn.Module):
    # t (expansion), c (channels), n (blocks), s (stride), d (dilation)
    SETTING = [
        (1, 16, 1, 1, 1),
        (6, 24, 2, 2, 1),
        (6, 32, 3, 2, 1),
        (6, 64, 4, 1, 2),
        (6, 96, 3, 1, 2),
        (6, 160, 3, 1, 4),
        (6, 320, 1, 1, 4),
    ]

    def __init__(self, width_mult=1.4, used_layers=(3, 5, 7)):
        super().__init__()
        self.used_layers = list(used_layers)
        input_channel = int(32 * width_mult)
        self.layer0 = nn.Sequential(
            nn.Conv2d(3, input_channel, 3, 2, 0, bias=False),
            nn.BatchNorm2d(input_channel),
            nn.ReLU6(inplace=True),
        )
        channels = [input_channel]
        last_dilation = 1
        for idx, (t, c, n, s, d) in enumerate(self.SETTING, start=1):
            output_channel = int(c * width_mult)
            blocks = []
            for i in range(n):
                if i == 0:
                    dd = d if d == last_dilation else max(d // 2, 1)
                    blocks.append(InvertedResidual(input_channel, output_channel, s, t, dd))
                else:
                    blocks.append(InvertedResidual(input_channel, output_channel, 1, t, d))
                input_channel = output_channel
            last_dilation = d
            setattr(self, "layer%d" % idx, nn.Sequential(*blocks))
            channels.append(output_channel)
        self.out_channels = [channels[i] for i in self.used_layers]

    def forward(self, x):
        outputs = []
        for idx in range(8):
            x = getattr(self, "layer%d" % idx)(x)
            outputs.append(x)
        return [outputs[i] for i in self.used_layers]


# ----------------------------------------------------------------------------------------------
# ResNet-50 (atrous)
# ----------------------------------------------------------------------------------------------

class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        padding = 2 - stride
        if downsample is not None and dilation > 1:
            dilation = dilation // 2
            padding = dilation
        if dilation > 1:
            padding = dilation
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=stride, padding=padding, bias=False,
                               dilation=dilation)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        residual = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + residual)


class ResNet50(nn.Module):
    def __init__(self, used_layers=(2, 3, 4), blocks=(3, 4, 6, 3)):
        super().__init__()
        self.used_layers = list(used_layers)
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=0, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(64, blocks[0])
        self.layer2 = self._make_layer(128, blocks[1], stride=2)
        self.layer3 = self._make_layer(256, blocks[2], stride=1, dilation=2)
        self.layer4 = self._make_layer(512, blocks[3], stride=1, dilation=4)
        widths = [64, 256, 512, 1024, 2048]
        self.out_channels = [widths[i] for i in self.used_layers]

    def _make_layer(self, planes, blocks, stride=1, dilation=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            if stride == 1 and dilation == 1:
                downsample = nn.Sequential(
                    nn.Conv2d(self.inplanes, planes * 4, kernel_size=1, stride=stride, bias=False),
                    nn.BatchNorm2d(planes * 4))
            else:
                dd, padding = (dilation // 2, dilation // 2) if dilation > 1 else (1, 0)
                downsample = nn.Sequential(
                    nn.Conv2d(self.inplanes, planes * 4, kernel_size=3, stride=stride, bias=False,
                              padding=padding, dilation=dd),
                    nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, downsample, dilation=dilation)]
        self.inplanes = planes * 4
        for _ in range(1, blocks):
            layers.append(Bottleneck(self.inplanes, planes, dilation=dilation))
        return nn.Sequential(*layers)

    def forward(self, x):
        x_ = self.relu(self.bn1(self.conv1(x)))
        p1 = self.layer1(self.maxpool(x_))
        p2 = self.layer2(p1)
        p3 = self.layer3(p2)
        p4 = self.layer4(p3)
        out = [x_, p1, p2, p3, p4]
        return [out[i] for i in self.used_layers]


# ----------------------------------------------------------------------------------------------
# Neck
# ----------------------------------------------------------------------------------------------

class AdjustLayer(nn.Module):
    def __init__(self, in_channels, out_channels, center_size=7):
        super().__init__()
        self.downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False),
            nn.BatchNorm2d(out_channels),
        )
        self.center_size = center_size

    def forward(self, x):
        x = self.downsample(x)
        if x.shape[3] < 20:
            left = (x.shape[3] - self.center_size) // 2
            x = x[:, :, left:left + self.center_size, left:left + self.center_size]
        return x


class AdjustAllLayer(nn.Module):
    def __init__(self, in_channels, out_channels, center_size=7):
        super().__init__()
        self.num = len(out_channels)
        if self.num == 1:
            self.downsample = AdjustLayer(in_channels[0], out_channels[0], center_size)
        else:
            for i in range(self.num):
                setattr(self, "downsample%d" % (i + 2), AdjustLayer(in_channels[i], out_channels[i], center_size))

    def forward(self, features):
        if self.num == 1:
            return [self.downsample(features[0])]
        return [getattr(self, "downsample%d" % (i + 2))(f) for i, f in enumerate(features)]


class TinyBackbone(nn.Module):
    """A small synthetic stand-in with the r50/mobilev2 geometry (NOT a public backbone; tests and small packs).

    stem: 7x7 s2 conv (pad 0) + BN + ReLU, 3x3 s2 max-pool (pad 1), 3x3 s2 conv (pad 0) + BN + ReLU
    (127 -> 15, 255 -> 31, output stride 8); then three 3x3 conv + BN + ReLU levels (pad 1, dilation 1 / 2 / 2)
    with 32 / 48 / 64 channels, all returned (the l2/l3/l4 of the real backbones).
    """

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 7, 2, 0, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, 1),
            nn.Conv2d(16, 24, 3, 2, 0, bias=False), nn.BatchNorm2d(24), nn.ReLU(inplace=True))

        def level(i, o, d):
            return nn.Sequential(nn.Conv2d(i, o, 3, 1, d, dilation=d, bias=False), nn.BatchNorm2d(o),
                                 nn.ReLU(inplace=True))

        self.layer2 = level(24, 32, 1)
        self.layer3 = level(32, 48, 2)
        self.layer4 = level(48, 64, 2)
        self.out_channels = [32, 48, 64]

    def forward(self, x):
        p2 = self.layer2(self.stem(x))
        p3 = self.layer3(p2)
        return [p2, p3, self.layer4(p3)]


def build_backbone(name):
    """'alex' | 'mobilev2' | 'r50' | 'tiny' -> (backbone, uses_neck)."""
    if name == "alex":
        return AlexNetLegacy(), False
    if name == "mobilev2":
        return MobileNetV2(width_mult=1.4, used_layers=(3, 5, 7)), True
    if name == "r50":
        return ResNet50(used_layers=(2, 3, 4)), True
    if name == "tiny":
        return TinyBackbone(), True
    raise ValueError("unknown backbone %r (alex, mobilev2, r50, tiny)" % name)
