"""Asymmetric convolution module (ACM; Han et al., CVPR 2021) used by SiamFC-ACM, SiamRPN++-ACM, SiamBAN-ACM.

Layout of one branch (the ``DepthwiseXCorr`` of wencheng256/SiamBAN-ACM, key for key):

* ``conv_kernel`` / ``conv_search`` (only with adapters, i.e. the pysot/siamban heads): 3x3 conv (no
  bias) + BN + ReLU on the template (7 -> 5) and on the search features (31 -> 29);
* ``head``: 3x3 conv pad 1 (bias) + BN + ReLU + 3x3 conv pad 1 -> ``out_channels``;
* ``xorr_bbox``: Linear(2,32) + BN1d + ReLU + Linear(32,32) + BN1d + ReLU + Linear(32,hidden, no bias)
  on the template box size ``templateBox[:, 2:]`` = (w*r, h*r), r = exemplar / s_z;
* ``xorr_search``: k x k conv (no bias) on the search (theta_x * x), k = template feature side;
* ``xorr_kernel``: k x k conv (bias) on the template (theta_z * z) -> hidden x 1 x 1;
* ``xorr_activate``: BN + ReLU + 3x3 conv pad 1 (bias) + BN + ReLU.

``out = head(xorr_activate(theta_x*x + theta_z*z + box_part))`` with the 1x1 template terms broadcast over
the search map. ``template()`` returns ``theta_z*z + box_part`` (1 x hidden x 1 x 1), computed once per target;
the original adds the two template terms to the search term one after the other ((s + k) + b), this
implementation adds them first (s + (k + b)) -- the same up to float rounding.
"""

import torch.nn as nn

from .common import conv_bn_relu

__all__ = ["ACMXCorr"]


class ACMXCorr(nn.Module):
    def __init__(self, in_channels, hidden, out_channels, kernel_size, adapters=True):
        super().__init__()
        self.adapters = adapters
        if adapters:
            self.conv_kernel = conv_bn_relu(in_channels, hidden, 3)
            self.conv_search = conv_bn_relu(in_channels, hidden, 3)
        else:
            assert in_channels == hidden, "without adapters the features enter the ACM directly"
        self.head = nn.Sequential(
            nn.Conv2d(hidden, hidden, kernel_size=3, padding=1, bias=True),
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
            nn.Conv2d(hidden, out_channels, kernel_size=3, padding=1),
        )
        self.xorr_bbox = nn.Sequential(
            nn.Linear(2, 32),
            nn.BatchNorm1d(32),
            nn.ReLU(inplace=True),
            nn.Linear(32, 32),
            nn.BatchNorm1d(32),
            nn.ReLU(inplace=True),
            nn.Linear(32, hidden, bias=False),
        )
        self.xorr_search = nn.Conv2d(hidden, hidden, kernel_size=kernel_size, bias=False)
        self.xorr_kernel = nn.Conv2d(hidden, hidden, kernel_size=kernel_size, bias=True)
        self.xorr_activate = nn.Sequential(
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
            nn.Conv2d(hidden, hidden, kernel_size=3, padding=1, bias=True),
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
        )

    def template(self, z, box):
        """z: template features (B x C x k' x k'); box: B x 4 [cx, cy, w*r, h*r] -> B x hidden x 1 x 1."""
        if self.adapters:
            z = self.conv_kernel(z)
        kernel_part = self.xorr_kernel(z)
        bbox_part = self.xorr_bbox(box[:, 2:]).reshape(kernel_part.shape)
        return kernel_part + bbox_part

    def track(self, x, zk):
        """x: search features (N x C x H x W); zk: template() output (1 or N) -> N x out x S x S."""
        if self.adapters:
            x = self.conv_search(x)
        return self.head(self.xorr_activate(self.xorr_search(x) + zk))

    def final_conv(self):
        return self.head[3]
