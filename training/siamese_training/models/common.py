"""Pieces shared by the tracker families: correlations, BN layers, checkpoint loading, layouts.

Correlations take the template (``kernel``) with batch 1 **or** the same batch as the search:

* batch 1 (tracking, export): one template broadcast over a batch of N search crops
  (``F.conv2d(x, kernel...)`` with the kernel as the weight, so the ONNX export keeps a dynamic batch);
* batch B == search batch (used only for BatchNorm calibration of random weights): pair-wise.

Both forms compute the same per-channel sums as siamfc-pytorch ``_fast_xcorr`` / pysot ``xcorr_depthwise``
(for batch 1 the calls are identical to the originals).
"""

from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

from .nanotrack import load_checkpoint_state_dict  # restricted unpickler, 'state_dict' / 'module.' handling

__all__ = [
    "xcorr_fast", "xcorr_depthwise", "BatchNorm2dEps6", "conv_bn_relu",
    "load_checkpoint_state_dict", "state_dict_layout", "strip_prefix",
]


def xcorr_fast(kernel, search):
    """SiamFC cross-correlation: kernel (1|N, C, h, w), search (N, C, H, W) -> (N, 1, H-h+1, W-w+1)."""
    nz = kernel.shape[0]
    if nz == 1:
        return F.conv2d(search, kernel)
    n, c, h, w = search.shape
    out = F.conv2d(search.reshape(-1, nz * c, h, w), kernel, groups=nz)
    return out.reshape(n, -1, out.shape[-2], out.shape[-1])


def xcorr_depthwise(search, kernel):
    """Depth-wise cross-correlation: search (N, C, H, W), kernel (1|N, C, h, w) -> (N, C, H-h+1, W-w+1)."""
    b, c = kernel.shape[0], kernel.shape[1]
    if b == 1:
        return F.conv2d(search, kernel.reshape(c, 1, kernel.shape[2], kernel.shape[3]), groups=c)
    x = search.reshape(1, b * c, search.shape[2], search.shape[3])
    k = kernel.reshape(b * c, 1, kernel.shape[2], kernel.shape[3])
    out = F.conv2d(x, k, groups=b * c)
    return out.reshape(b, c, out.shape[2], out.shape[3])


class BatchNorm2dEps6(nn.BatchNorm2d):
    """siamfc-pytorch's ``_BatchNorm2d``: eps 1e-6, momentum 0.05."""

    def __init__(self, num_features):
        super().__init__(num_features, eps=1e-6, momentum=0.05)


def conv_bn_relu(in_ch, out_ch, kernel, padding=0, bias=False):
    """Conv (no bias by default) + BN + ReLU, the pysot ``conv_kernel`` / ``conv_search`` adapter."""
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, kernel_size=kernel, padding=padding, bias=bias),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
    )


def state_dict_layout(module_or_sd):
    """[[key, shape, dtype], ...] in state_dict order, the format of shared/docs/checkpoint-keys/*.json."""
    sd = module_or_sd.state_dict() if isinstance(module_or_sd, nn.Module) else module_or_sd
    return [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in sd.items()]


def strip_prefix(state_dict, prefix):
    """Keys starting with ``prefix`` with it removed (others dropped)."""
    return OrderedDict((k[len(prefix):], v) for k, v in state_dict.items() if k.startswith(prefix))
