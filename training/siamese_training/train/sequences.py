"""Annotated sequences and unannotated frame sources for training.

Layouts read (the ones in ../shared/data): OTB (``img/0001.jpg`` + ``groundtruth_rect.txt``), UAV123 copies
(``img/000001.jpg`` + ``groundtruth.txt``), VOT/GOT-10k (frames beside ``groundtruth.txt``). Ground-truth rows
are ``x,y,w,h`` (comma, tab or space separated; 8-value polygons become their bounding box); rows with NaN or a
non-positive size mark the target absent and are never sampled. Frames are decoded with OpenCV (BGR, as the
runtime feeds the model).
"""

import os
import re

import cv2
import numpy as np

from .augment import pad_colour

__all__ = ["Sequence", "FramePool", "load_sequence", "find_sequences", "read_groundtruth", "video_frames",
           "picture_files", "read_picture"]

_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".bmp")
_GT_NAMES = ("groundtruth_rect.txt", "groundtruth.txt")


class Sequence:
    """Frame paths and boxes (N x 4 float, x,y,w,h); ``valid[i]`` is False where the target is absent."""

    def __init__(self, name, frames, boxes):
        if len(frames) == 0:
            raise ValueError("sequence %s: no frames" % name)
        n = min(len(frames), len(boxes))
        self.name = name
        self.frames = list(frames[:n])
        self.boxes = np.asarray(boxes[:n], dtype=np.float64)
        finite = np.all(np.isfinite(self.boxes), axis=1)
        self.valid = finite & (np.nan_to_num(self.boxes[:, 2]) > 1) & (np.nan_to_num(self.boxes[:, 3]) > 1)

    def __len__(self):
        return len(self.frames)

    def image(self, index):
        return read_image(self.frames[index])


def read_image(path):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise IOError("cannot decode image %s" % path)
    return image


def read_groundtruth(path):
    boxes = []
    with open(path) as f:
        for line_no, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            parts = [p for p in re.split(r"[,\s]+", line) if p]
            try:
                values = [float(p) for p in parts]
            except ValueError:
                raise ValueError("%s:%d: not numbers: %r" % (path, line_no, line))
            if len(values) == 8:  # polygon -> axis-aligned bounding box
                xs, ys = values[0::2], values[1::2]
                values = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
            if len(values) != 4:
                raise ValueError("%s:%d: expected 4 or 8 values, got %d" % (path, line_no, len(values)))
            boxes.append(values)
    return np.asarray(boxes, dtype=np.float64).reshape(-1, 4)


def _list_images(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.lower().endswith(_IMAGE_EXT))


def load_sequence(folder):
    gt = next((os.path.join(folder, g) for g in _GT_NAMES if os.path.isfile(os.path.join(folder, g))), None)
    if gt is None:
        raise FileNotFoundError("%s: no groundtruth_rect.txt or groundtruth.txt" % folder)
    img = os.path.join(folder, "img")
    frames = _list_images(img if os.path.isdir(img) else folder)
    return Sequence(os.path.basename(os.path.normpath(folder)), frames, read_groundtruth(gt))


def find_sequences(root, exclude=()):
    """Every annotated sequence directly under ``root`` (sorted by name), minus the names in ``exclude``."""
    out = []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name in exclude or not os.path.isdir(path):
            continue
        if any(os.path.isfile(os.path.join(path, g)) for g in _GT_NAMES):
            out.append(load_sequence(path))
    return out


def video_frames(path, every=1, max_frames=None):
    """Decoded BGR frames of a video file or an image folder (every ``every``-th, at most ``max_frames``)."""
    frames = []
    if os.path.isdir(path):
        for i, f in enumerate(_list_images(path)):
            if i % every == 0:
                frames.append(read_image(f))
            if max_frames and len(frames) >= max_frames:
                break
        return frames
    cap = cv2.VideoCapture(path)
    if not cap.isOpened():
        raise IOError("cannot open video %s" % path)
    i = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if i % every == 0:
            frames.append(frame)
        i += 1
        if max_frames and len(frames) >= max_frames:
            break
    cap.release()
    return frames


_PICTURE_EXT = _IMAGE_EXT + (".webp",)
_RESOLUTION_NAME = re.compile(r"^(\d+)x(\d+)$")


def picture_files(folder):
    """Still pictures under ``folder`` (recursive, sorted), for self-supervised pairs and distillation.

    Wallpaper packages ship one picture in several resolutions (KDE Plasma: ``contents/images/5120x2880.png``,
    ``1080x1920.png``, and a ``screenshot.png`` thumbnail): in a folder whose pictures are all named ``WxH``, only
    the largest is kept, and files named ``screenshot.*`` are skipped.
    """
    if not os.path.isdir(folder):
        raise FileNotFoundError("--images %s: not a folder" % folder)
    out = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        pics = sorted(f for f in files if f.lower().endswith(_PICTURE_EXT)
                      and not os.path.splitext(f)[0].lower() == "screenshot")
        sizes = [_RESOLUTION_NAME.match(os.path.splitext(f)[0]) for f in pics]
        if pics and all(sizes):
            pics = [max(zip(pics, sizes), key=lambda ps: int(ps[1].group(1)) * int(ps[1].group(2)))[0]]
        out += [os.path.join(root, f) for f in pics]
    return out


def read_picture(path, max_side=640):
    """A picture decoded at a reduced scale (1/2, 1/4 or 1/8 when its longest side allows; bounds memory and time
    for multi-megapixel wallpapers), longest side then at most ``max_side`` (``FramePool`` resizes)."""
    image = None
    head = cv2.imread(path, cv2.IMREAD_REDUCED_COLOR_8)
    if head is not None:
        longest = max(head.shape[:2]) * 8
        for factor, flag in ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4),
                             (2, cv2.IMREAD_REDUCED_COLOR_2)):
            if longest / factor >= max_side:
                image = head if factor == 8 else cv2.imread(path, flag)
                break
    if image is None:
        image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise IOError("cannot decode picture %s" % path)
    return image


class FramePool:
    """Frames kept in memory, longest side at most ``max_side`` (for self-supervised pairs and negatives)."""

    def __init__(self, max_side=640):
        self.max_side = max_side
        self.images = []
        self.means = []      # pad colour per frame (its mean), as the runtime pads
        self.origins = []
        self.clips = []      # (first, end) pool indices of consecutive frames of one unannotated video

    def add_clip(self, frames, origin, every=1):
        """Frames of one video, kept in order (frame ``k`` of ``frames`` is video frame ``k * every``)."""
        start = len(self.images)
        for i, f in enumerate(frames):
            self.add(f, "%s#%d" % (origin, i * every))
        if len(self.images) - start >= 2:
            self.clips.append((start, len(self.images)))

    def add(self, image, origin):
        h, w = image.shape[:2]
        scale = min(1.0, self.max_side / float(max(h, w)))
        if scale < 1.0:
            image = cv2.resize(image, (int(round(w * scale)), int(round(h * scale))), interpolation=cv2.INTER_AREA)
        self.images.append(np.ascontiguousarray(image))
        self.means.append(pad_colour(image))
        self.origins.append(origin)

    def __len__(self):
        return len(self.images)
