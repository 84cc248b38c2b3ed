"""Crops and pysot-style augmentation (shift, scale, blur, colour, flip, grayscale) on uint8 BGR images.

A crop is an affine warp: crop pixel ``u`` shows image point ``c + (u - (out-1)/2) * side/out``; outside the image
it shows the pad colour (the image mean, as at inference). Boxes travel through the same map, so every label is
exact for the pixels the network sees.
"""

import math

import cv2
import numpy as np

__all__ = ["context_side", "crop", "box_to_crop", "Augmentation", "colour_jitter", "to_grayscale", "gaussian_blur"]


def context_side(w, h, context=0.5):
    """Template side ``sqrt((w + c(w+h)) (h + c(w+h)))`` of pysot / SiamBAN / NanoTrack."""
    p = context * (w + h)
    return math.sqrt((w + p) * (h + p))


def pad_colour(image):
    """Per-channel mean of a BGR frame: the padding colour of crops that leave the frame, as the runtime pads."""
    return image.reshape(-1, 3).mean(axis=0)


def crop(image, cx, cy, side_x, side_y, out, pad, angle=0.0):
    """Warp the (side_x x side_y) region centred on (cx, cy) (rotated by ``angle`` degrees) to out x out."""
    sx, sy = out / side_x, out / side_y
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    half = (out - 1) / 2.0
    # u = S R (x - c) + half
    m = np.array([[sx * cos, sx * sin, 0.0], [-sy * sin, sy * cos, 0.0]], dtype=np.float64)
    m[:, 2] = np.array([half, half]) - m[:, :2] @ np.array([cx, cy])
    warped = cv2.warpAffine(image, m, (out, out), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                            borderValue=tuple(float(v) for v in pad))
    return warped, m


def box_to_crop(box, m):
    """Axis-aligned bounding box (x1, y1, x2, y2) in crop pixels of an image box (x, y, w, h) under map ``m``."""
    x, y, w, h = box
    corners = np.array([[x, y, 1.0], [x + w, y, 1.0], [x, y + h, 1.0], [x + w, y + h, 1.0]])
    pts = corners @ m.T
    return np.array([pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()])


def colour_jitter(img, rng, strength=1.0):
    """Brightness, contrast, saturation and per-channel gain, amplitudes scaled by ``strength``."""
    out = img.astype(np.float32)
    if strength <= 0:
        return img
    gain = 1.0 + rng.uniform(-0.1, 0.1, size=3) * strength            # colour cast (per channel)
    out *= gain[None, None, :]
    mean = out.mean()
    contrast = 1.0 + rng.uniform(-0.3, 0.3) * strength
    out = (out - mean) * contrast + mean
    out += rng.uniform(-25, 25) * strength                             # brightness
    grey = out.mean(axis=2, keepdims=True)
    sat = 1.0 + rng.uniform(-0.4, 0.4) * strength
    out = grey + (out - grey) * sat
    return np.clip(out, 0, 255).astype(np.uint8)


def to_grayscale(img):
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)


def gaussian_blur(img, rng):
    k = int(rng.choice([3, 5, 7]))
    sigma = rng.uniform(0.5, 2.0)
    if rng.random() < 0.5:                                             # motion blur along a random direction
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        rot = cv2.getRotationMatrix2D(((k - 1) / 2.0, (k - 1) / 2.0), rng.uniform(0, 180), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (k, k))
        kernel /= max(kernel.sum(), 1e-6)
        return cv2.filter2D(img, -1, kernel)
    return cv2.GaussianBlur(img, (k, k), sigma)


class Augmentation:
    """Geometric jitter of a crop (shift in output pixels, scale, aspect, rotation) + photometric changes.

    pysot's SiamBAN defaults: template shift 4 / scale 0.05, search shift 64 / scale 0.18, blur 0.2 on the
    search, colour on both.
    """

    def __init__(self, shift=0.0, scale=0.0, aspect=0.0, rotate=0.0, blur=0.0, colour=1.0):
        self.shift, self.scale, self.aspect, self.rotate = shift, scale, aspect, rotate
        self.blur, self.colour = blur, colour

    def geometry(self, rng):
        """(dx, dy) shift of the target in output pixels, side scales (sx, sy), rotation in degrees."""
        s = math.exp(rng.uniform(-self.scale, self.scale)) if self.scale else 1.0
        a = math.exp(rng.uniform(-self.aspect, self.aspect)) if self.aspect else 1.0
        dx, dy = (rng.uniform(-self.shift, self.shift, size=2) if self.shift else (0.0, 0.0))
        angle = rng.uniform(-self.rotate, self.rotate) if self.rotate else 0.0
        return float(dx), float(dy), s * math.sqrt(a), s / math.sqrt(a), angle

    def photometric(self, img, rng):
        if self.colour:
            img = colour_jitter(img, rng, self.colour)
        if self.blur and rng.random() < self.blur:
            img = gaussian_blur(img, rng)
        return img
