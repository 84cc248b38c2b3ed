"""Template/search training pairs: annotated video pairs, self-supervised single-frame pairs, negatives.

* **video pair** (pysot): frames i and j of one sequence, |i - j| <= ``frame_range``, template around box i, search
  around box j, both jittered;
* **self-supervised pair**: a random box in one unannotated (or annotated) frame is the "object"; the search crop
  is the same frame seen through synthetic motion (shift), zoom, aspect change, rotation, blur and a different
  colour treatment — stretches the small annotated set with many more object appearances;
* **unlabeled video pair** (only with a distillation teacher): two frames of one unannotated video (``--extra``)
  at most ``frame_range`` apart, a random box in the first; the search crop is centred where that box was, in
  the second frame; nothing is known about where the content went (``positive`` is None: every ground-truth
  label is ignored), the teacher's maps are the targets — real motion, deformation and lighting change;
* **pasted pair** (opt-in, ``--mix paste:P``): an annotated video pair whose search frame is replaced by another
  picture with the target's box pixels (from the search frame) pasted at a random place — the object moves, the
  background does not follow it, so the tracker cannot lean on the surroundings of the template (a camera panning
  with a runner keeps sweeping the background past him);
* **distractor pair** (opt-in, ``--mix distractor:P``): an annotated video pair whose search frame (a copy) also
  shows another object — another sequence's target or a random region, scaled to about the target's size — pasted
  beside the target without covering it; only the target is positive. Teaches the score map to tell the target
  from a similar object next to it (runners in neighbouring lanes), which plain pairs of few sequences rarely show;
* **shifted pair** (opt-in, ``--mix shift:P``): an annotated video pair whose search frame (a copy) has the target
  cut out and pasted 0.5–2 target sizes away in the same frame (its old place filled with the frame's pixels from
  the opposite side): the surroundings stay where the template saw them while the target moves past them, as when
  a camera pans with a runner past static lane signs;
* **negative pair** (pysot NEG): the search crop shows another sequence's object or a random region: every
  point is background.

A flip applies to both crops of a pair (a mirrored world is still a consistent pair); grayscale likewise.
"""

import math

import cv2
import numpy as np

from .augment import Augmentation, box_to_crop, context_side, crop, pad_colour, to_grayscale

__all__ = ["PairSampler", "Pair", "DEFAULT_MIX", "PAIR_KINDS"]

DEFAULT_MIX = (("video", 0.35), ("self", 0.45), ("negative", 0.20))
PAIR_KINDS = ("video", "self", "negative", "unlabeled", "paste", "distractor", "shift")


def _pixel_bounds(image, box):
    """Whole-pixel bounds (x0, y0, x1, y1) of box (x, y, w, h), rounded outwards and clipped to the image."""
    h, w = image.shape[:2]
    return (max(0, int(math.floor(box[0]))), max(0, int(math.floor(box[1]))),
            min(w, int(math.ceil(box[0] + box[2]))), min(h, int(math.ceil(box[1] + box[3]))))


class Pair:
    __slots__ = ("template", "search", "box", "positive", "kind")

    def __init__(self, template, search, box, positive, kind):
        self.template, self.search, self.box, self.positive, self.kind = template, search, box, positive, kind


class _FrameCache:
    """Decoded frames and their mean colours, loaded on first use."""

    def __init__(self):
        self._frames = {}

    def get(self, seq, index):
        key = (seq.name, index)
        hit = self._frames.get(key)
        if hit is None:
            image = seq.image(index)
            hit = (image, pad_colour(image))
            self._frames[key] = hit
        return hit


class PairSampler:
    def __init__(self, sequences, pool, exemplar_size=127, instance_size=255, context=0.5, frame_range=100,
                 mix=DEFAULT_MIX, template_aug=None, search_aug=None, self_aug=None, flip=0.5, gray=0.05,
                 pool_every=2):
        self.sequences = [s for s in sequences if s.valid.sum() >= 2]
        self.pool = pool
        self.exemplar, self.instance, self.context = exemplar_size, instance_size, context
        self.frame_range = frame_range
        self.pool_every = pool_every            # video frames between two consecutive frames of a pool clip
        unknown = [k for k, _ in mix if k not in PAIR_KINDS]
        if unknown:
            raise ValueError("unknown pair kind(s) %s (expected %s)" % (", ".join(unknown), ", ".join(PAIR_KINDS)))
        kinds = [(k, p) for k, p in mix if p > 0 and (k != "video" or self.sequences) and (k != "self" or len(pool))
                 and (k not in ("paste", "distractor") or (self.sequences and len(pool)))
                 and (k != "shift" or self.sequences)            # moves the target within its own frame: no pool
                 and (k != "unlabeled" or getattr(pool, "clips", None))]
        if not kinds:
            raise ValueError("no training data: no annotated sequence and no frames for self-supervised pairs")
        total = sum(p for _, p in kinds)
        self.kinds = [k for k, _ in kinds]
        self.kind_p = np.array([p / total for _, p in kinds])
        self.template_aug = template_aug or Augmentation(shift=4, scale=0.05, colour=1.0)
        self.search_aug = search_aug or Augmentation(shift=64, scale=0.18, aspect=0.05, blur=0.2, colour=1.0)
        self.self_aug = self_aug or Augmentation(shift=64, scale=0.25, aspect=0.15, rotate=10, blur=0.3, colour=1.0)
        self.flip, self.gray = flip, gray
        self.cache = _FrameCache()
        weights = np.array([float(s.valid.sum()) for s in self.sequences]) if self.sequences else np.zeros(0)
        self.seq_p = weights / weights.sum() if len(weights) else weights

    # ------------------------------------------------------------------ sources of (image, box, pad)
    def _video_frames(self, rng):
        """(sequence name, (frame i, box i, pad i), (frame j, box j, pad j)) of one annotated sequence, |i-j| <= range."""
        seq = self.sequences[rng.choice(len(self.sequences), p=self.seq_p)]
        valid = np.flatnonzero(seq.valid)
        i = int(rng.choice(valid))
        near = valid[np.abs(valid - i) <= self.frame_range]
        j = int(rng.choice(near))
        a, pad_a = self.cache.get(seq, i)
        b, pad_b = self.cache.get(seq, j)
        return seq.name, (a, seq.boxes[i], pad_a), (b, seq.boxes[j], pad_b)

    def _random_box(self, rng, image):
        h, w = image.shape[:2]
        side = rng.uniform(0.08, 0.45) * min(w, h)
        aspect = math.exp(rng.uniform(-math.log(2.5), math.log(2.5)))
        bw = min(side * math.sqrt(aspect), w - 2.0)
        bh = min(side / math.sqrt(aspect), h - 2.0)
        x = rng.uniform(0, w - bw)
        y = rng.uniform(0, h - bh)
        return np.array([x, y, bw, bh])

    def _pool_image(self, rng):
        k = rng.integers(len(self.pool))
        return self.pool.images[k], self.pool.means[k]

    def _any_object(self, rng):
        """An (image, box, pad) showing some object: another sequence's target or a random region."""
        if self.sequences and rng.random() < 0.5:
            seq = self.sequences[rng.integers(len(self.sequences))]
            i = int(rng.choice(np.flatnonzero(seq.valid)))
            image, pad = self.cache.get(seq, i)
            return image, seq.boxes[i], pad
        image, pad = self._pool_image(rng)
        return image, self._random_box(rng, image), pad

    def _pasted(self, rng, image, box, seq_name=None):
        """A pool picture (a copy, scaled up where the target would not fit) with the pixels of ``box`` in
        ``image`` pasted at a random place; returns (picture, the pasted box, its pad colour)."""
        x0, y0, x1, y1 = _pixel_bounds(image, box)
        patch = image[y0:y1, x0:x1]
        ph, pw = patch.shape[:2]
        background, _ = self._pool_image(rng)
        bh, bw = background.shape[:2]
        grow = max(1.0, 2.0 * pw / bw, 2.0 * ph / bh)     # the target covers at most half of each side
        if grow > 1.0:
            background = cv2.resize(background, (int(math.ceil(bw * grow)), int(math.ceil(bh * grow))))
        else:
            background = background.copy()                # pool pictures are shared: never paint on them
        bh, bw = background.shape[:2]
        px, py = int(rng.integers(0, bw - pw + 1)), int(rng.integers(0, bh - ph + 1))
        background[py:py + ph, px:px + pw] = patch
        pasted = np.array([px + (box[0] - x0), py + (box[1] - y0), box[2], box[3]], dtype=float)
        return background, pasted, pad_colour(background)

    def _other_object(self, rng, seq_name):
        """(image, box) of an object for a distractor: another sequence's target (70 %, when there is another
        sequence) or a random region of a frame-pool picture."""
        others = [s for s in self.sequences if s.name != seq_name]
        if others and rng.random() < 0.7:
            seq = others[rng.integers(len(others))]
            i = int(rng.choice(np.flatnonzero(seq.valid)))
            return self.cache.get(seq, i)[0], seq.boxes[i]
        image, _ = self._pool_image(rng)
        return image, self._random_box(rng, image)

    def _with_distractor(self, rng, image, box, seq_name):
        """A copy of ``image`` with another object pasted beside ``box`` (about its size, not overlapping it);
        returns (picture, ``box``, pad colour)."""
        source, sbox = self._other_object(rng, seq_name)
        sx0, sy0, sx1, sy1 = _pixel_bounds(source, sbox)
        patch = source[sy0:sy1, sx0:sx1]
        x, y, w, h = box
        scale = math.sqrt(max(w * h, 1.0) / max(patch.shape[0] * patch.shape[1], 1)) * math.exp(rng.uniform(-0.3, 0.3))
        dw, dh = max(2, int(round(patch.shape[1] * scale))), max(2, int(round(patch.shape[0] * scale)))
        patch = cv2.resize(patch, (dw, dh), interpolation=cv2.INTER_LINEAR)
        # centre offset in a random direction, k (> 1) half-extents away in the L-inf sense: never overlaps the box
        angle = rng.uniform(0.0, 2.0 * math.pi)
        ux, uy = math.cos(angle) / ((w + dw) / 2.0), math.sin(angle) / ((h + dh) / 2.0)
        k = rng.uniform(1.1, 2.2) / max(abs(ux), abs(uy))
        cx, cy = x + w / 2.0 + k * math.cos(angle), y + h / 2.0 + k * math.sin(angle)
        px, py = int(round(cx - dw / 2.0)), int(round(cy - dh / 2.0))
        picture = image.copy()                            # cached frames are shared: never paint on them
        hi, wi = picture.shape[:2]
        x0, y0, x1, y1 = max(0, px), max(0, py), min(wi, px + dw), min(hi, py + dh)
        if x1 > x0 and y1 > y0:
            picture[y0:y1, x0:x1] = patch[y0 - py:y1 - py, x0 - px:x1 - px]
        return picture, box, pad_colour(picture)

    def _shifted(self, rng, image, box, seq_name=None):
        """A copy of ``image`` whose ``box`` pixels moved by a random offset (0.5–2 box sizes, kept inside the
        image); the old place shows the pixels on the far side of it (the pad colour beyond the image).
        Returns (picture, moved box, pad colour)."""
        h_img, w_img = image.shape[:2]
        x0, y0, x1, y1 = _pixel_bounds(image, box)
        bw, bh = x1 - x0, y1 - y0
        angle = rng.uniform(0.0, 2.0 * math.pi)
        k = rng.uniform(0.5, 2.0)
        dx = int(round(k * bw * math.cos(angle)))
        dy = int(round(k * bh * math.sin(angle)))
        dx = min(max(dx, -x0), w_img - x1)                # the moved box stays in the image
        dy = min(max(dy, -y0), h_img - y1)
        picture = image.copy()                            # cached frames are shared: never paint on them
        fill = np.empty((bh, bw, 3), dtype=image.dtype)
        fill[:] = pad_colour(image).astype(image.dtype)
        sx0, sy0 = x0 - dx, y0 - dy                       # what a move of the camera would uncover
        cx0, cy0, cx1, cy1 = max(0, sx0), max(0, sy0), min(w_img, sx0 + bw), min(h_img, sy0 + bh)
        if cx1 > cx0 and cy1 > cy0:
            fill[cy0 - sy0:cy1 - sy0, cx0 - sx0:cx1 - sx0] = image[cy0:cy1, cx0:cx1]
        picture[y0:y1, x0:x1] = fill
        picture[y0 + dy:y1 + dy, x0 + dx:x1 + dx] = image[y0:y1, x0:x1]
        moved = np.array([box[0] + dx, box[1] + dy, box[2], box[3]], dtype=float)
        return picture, moved, pad_colour(picture)

    # ------------------------------------------------------------------ crops
    def _template(self, rng, image, box, pad):
        x, y, w, h = box
        dx, dy, sx, sy, angle = self.template_aug.geometry(rng)
        side = context_side(w, h, self.context)
        sxs, sys_ = side * sx, side * sy
        cx = x + w / 2.0 - dx * sxs / self.exemplar
        cy = y + h / 2.0 - dy * sys_ / self.exemplar
        patch, _ = crop(image, cx, cy, sxs, sys_, self.exemplar, pad, angle)
        return self.template_aug.photometric(patch, rng)

    def _search(self, rng, image, box, pad, aug):
        x, y, w, h = box
        dx, dy, sx, sy, angle = aug.geometry(rng)
        side = context_side(w, h, self.context) * self.instance / self.exemplar
        sxs, sys_ = side * sx, side * sy
        cx = x + w / 2.0 - dx * sxs / self.instance
        cy = y + h / 2.0 - dy * sys_ / self.instance
        patch, m = crop(image, cx, cy, sxs, sys_, self.instance, pad, angle)
        return aug.photometric(patch, rng), box_to_crop(box, m)

    # video pairs whose search frame is edited: kind -> (self, rng, frame, box, sequence) -> (picture, box, pad)
    _EDITS = {"paste": _pasted, "distractor": _with_distractor, "shift": _shifted}

    # ------------------------------------------------------------------ pairs
    def sample(self, rng):
        kind = self.kinds[rng.choice(len(self.kinds), p=self.kind_p)]
        if kind == "video":
            _, (a, box_a, pad_a), (b, box_b, pad_b) = self._video_frames(rng)
            template = self._template(rng, a, box_a, pad_a)
            search, box = self._search(rng, b, box_b, pad_b, self.search_aug)
            positive = True
        elif kind in self._EDITS:
            seq_name, (a, box_a, pad_a), (b, box_b, _) = self._video_frames(rng)
            template = self._template(rng, a, box_a, pad_a)
            picture, edited, pad = self._EDITS[kind](self, rng, b, box_b, seq_name)
            search, box = self._search(rng, picture, edited, pad, self.search_aug)
            positive = True
        elif kind == "self":
            image, pad = self._pool_image(rng)
            box_a = self._random_box(rng, image)
            template = self._template(rng, image, box_a, pad)
            search, box = self._search(rng, image, box_a, pad, self.self_aug)
            positive = True
        elif kind == "unlabeled":
            first, end = self.pool.clips[rng.integers(len(self.pool.clips))]
            i = int(rng.integers(first, end))
            span = max(1, self.frame_range // max(1, self.pool_every))
            j = int(rng.integers(max(first, i - span), min(end, i + span + 1)))
            a, pad_a = self.pool.images[i], self.pool.means[i]
            box_a = self._random_box(rng, a)
            template = self._template(rng, a, box_a, pad_a)
            search, box = self._search(rng, self.pool.images[j], box_a, self.pool.means[j], self.search_aug)
            positive = None
        else:
            if self.sequences and rng.random() < 0.5:
                _, (a, box_a, pad_a), _ = self._video_frames(rng)
            else:
                a, pad_a = self._pool_image(rng)
                box_a = self._random_box(rng, a)
            template = self._template(rng, a, box_a, pad_a)
            b, box_b, pad_b = self._any_object(rng)
            search, box = self._search(rng, b, box_b, pad_b, self.search_aug)
            positive = False
        if self.flip and rng.random() < self.flip:
            template = template[:, ::-1]
            search = search[:, ::-1]
            box = np.array([self.instance - 1 - box[2], box[1], self.instance - 1 - box[0], box[3]])
        if self.gray and rng.random() < self.gray:
            template, search = to_grayscale(np.ascontiguousarray(template)), to_grayscale(np.ascontiguousarray(search))
        return Pair(np.ascontiguousarray(template), np.ascontiguousarray(search), box, positive, kind)
