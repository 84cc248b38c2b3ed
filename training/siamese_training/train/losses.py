"""Losses: SiamBAN's balanced cross-entropy + linear IoU, SiamFC's balanced logistic loss."""

import torch
import torch.nn.functional as F

__all__ = ["select_cross_entropy", "linear_iou_loss", "logistic_loss"]


def select_cross_entropy(logits, labels):
    """0.5 * mean CE over positive points + 0.5 * mean CE over negative points (points labelled -1 ignored).

    logits: N x 2 x S x S, labels: N x S x S in {-1, 0, 1}.
    """
    logp = F.log_softmax(logits, dim=1)
    nll = -logp.gather(1, labels.clamp(min=0).unsqueeze(1)).squeeze(1)
    pos, neg = labels == 1, labels == 0
    zero = logits.sum() * 0.0
    loss_pos = nll[pos].mean() if pos.any() else zero
    loss_neg = nll[neg].mean() if neg.any() else zero
    return 0.5 * loss_pos + 0.5 * loss_neg


def linear_iou_loss(pred, target, labels, pair_weights=None):
    """Mean of 1 - IoU over positive points; pred/target N x 4 x S x S distances (l, t, r, b) >= 0. With
    ``pair_weights`` (N), each pair's points count with its weight (a weighted mean)."""
    pos = labels == 1
    if pair_weights is not None:
        pos = pos & (pair_weights > 0).view(-1, 1, 1)
    if not pos.any():
        return pred.sum() * 0.0
    p = pred.permute(0, 2, 3, 1)[pos]
    t = target.permute(0, 2, 3, 1)[pos]
    p_area = (p[:, 0] + p[:, 2]) * (p[:, 1] + p[:, 3])
    t_area = (t[:, 0] + t[:, 2]) * (t[:, 1] + t[:, 3])
    w_int = torch.min(p[:, 0], t[:, 0]) + torch.min(p[:, 2], t[:, 2])
    h_int = torch.min(p[:, 1], t[:, 1]) + torch.min(p[:, 3], t[:, 3])
    inter = w_int.clamp(min=0) * h_int.clamp(min=0)
    union = p_area + t_area - inter
    iou = (inter + 1.0) / (union + 1.0)
    if pair_weights is None:
        return (1.0 - iou).mean()
    w = pair_weights.view(-1, 1, 1).expand_as(labels)[pos]
    return ((1.0 - iou) * w).sum() / w.sum()


def logistic_loss(response, labels, weights):
    """SiamFC: sum over cells of weight * BCE-with-logits, averaged over the batch (N x 1 x S x S response)."""
    r = response.reshape(labels.shape)
    bce = F.binary_cross_entropy_with_logits(r, labels, reduction="none")
    return (bce * weights).sum() / labels.shape[0]
