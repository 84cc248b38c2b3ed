"""Training labels.

* Anchor-free (SiamBAN): points at ``instance//2 - (S//2)*stride + stride*k`` (crop pixels, the runtime decoder's
  grid). A point is positive inside the ellipse centred on the target with semi-axes (w/4, h/4), negative outside
  the one with (w/2, h/2), ignored (-1) between; box targets are the distances (l, t, r, b) from the point to the
  box sides. A target so small that no point falls in the inner ellipse gets its nearest point inside the box as
  positive (stride 16 would otherwise never teach small objects). Negative pairs: every point negative.
* Response map (SiamFC): a cell is positive within ``r_pos`` crop pixels of the target centre, else negative;
  weights balance the two classes (each half of the loss).
"""

import numpy as np

__all__ = ["point_grid", "point_labels", "response_grid", "response_labels"]


def point_grid(score_size, stride, instance_size):
    ori = instance_size // 2 - (score_size // 2) * stride
    coords = ori + stride * np.arange(score_size, dtype=np.float64)
    xs, ys = np.meshgrid(coords, coords)            # row-major: [i, j] -> (x = coords[j], y = coords[i])
    return xs, ys


def point_labels(box, positive, score_size, stride, instance_size):
    """(cls int64 SxS in {-1,0,1}, loc float32 4xSxS) for a box (x1, y1, x2, y2) in search-crop pixels."""
    xs, ys = point_grid(score_size, stride, instance_size)
    cls = -np.ones((score_size, score_size), dtype=np.int64)
    loc = np.zeros((4, score_size, score_size), dtype=np.float32)
    if not positive:
        cls[:] = 0
        return cls, loc
    x1, y1, x2, y2 = (float(v) for v in box)
    tcx, tcy = (x1 + x2) / 2.0, (y1 + y2) / 2.0
    tw, th = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
    inner = ((xs - tcx) / (tw / 4.0)) ** 2 + ((ys - tcy) / (th / 4.0)) ** 2 < 1
    outer = ((xs - tcx) / (tw / 2.0)) ** 2 + ((ys - tcy) / (th / 2.0)) ** 2 > 1
    cls[outer] = 0
    cls[inner] = 1
    if not inner.any():
        d = (xs - tcx) ** 2 + (ys - tcy) ** 2
        i, j = np.unravel_index(np.argmin(d), d.shape)
        if x1 < xs[i, j] < x2 and y1 < ys[i, j] < y2:
            cls[i, j] = 1
    loc[0] = xs - x1
    loc[1] = ys - y1
    loc[2] = x2 - xs
    loc[3] = y2 - ys
    return cls, loc


def response_grid(response_size, stride, instance_size):
    coords = (instance_size - 1) / 2.0 + (np.arange(response_size) - (response_size - 1) / 2.0) * stride
    return np.meshgrid(coords, coords)


def response_labels(box, positive, response_size, stride, instance_size, r_pos=16.0):
    """(labels float32 SxS in {0,1}, weights float32 SxS summing to 1) for SiamFC's balanced logistic loss."""
    labels = np.zeros((response_size, response_size), dtype=np.float32)
    if positive:
        xs, ys = response_grid(response_size, stride, instance_size)
        x1, y1, x2, y2 = (float(v) for v in box)
        d = np.sqrt((xs - (x1 + x2) / 2.0) ** 2 + (ys - (y1 + y2) / 2.0) ** 2)
        labels[d <= r_pos] = 1.0
    pos, neg = labels.sum(), labels.size - labels.sum()
    weights = np.where(labels > 0, 0.5 / max(pos, 1.0), 0.5 / max(neg, 1.0)).astype(np.float32)
    if pos == 0:
        weights *= 2.0                                # negatives only: they carry the whole weight
    return labels, weights
