#!/usr/bin/env python3
"""Reference crops and channel means computed the way the Python trackers do (numpy + OpenCV), for the C# tests.

  crop_reference.py crop  IMAGE.raw WIDTH HEIGHT CASES.json OUT.f32
      IMAGE.raw: HEIGHT*WIDTH*3 bytes, uint8 BGR. CASES.json: a list of cases, each one of
        {"kind": "region", "xmin", "ymin", "size", "out", "pad": [b, g, r], "order": "bgr"|"rgb"}
        {"kind": "pysot",  "cx", "cy", "size", "out"}   pysot/NanoTrack get_subwindow, avg_chans = mean of the image
        {"kind": "siamfc", "cx", "cy", "size", "out"}   siamfc-pytorch crop_and_resize on the RGB image, 0-based centre
      OUT.f32: the float32 CHW crops, concatenated in case order.
  crop_reference.py decode IMAGE.jpg OUT.raw
      decodes with cv2.imread (BGR), writes the tight bytes and prints "WIDTH HEIGHT"
  crop_reference.py means IMAGE.raw WIDTH HEIGHT
      prints JSON {"mean": np.mean(img, axis=(0,1)), "truncated": that mean written into uint8 (numpy),
                   "rounded": the border colour cv2.copyMakeBorder makes of it}
"""
import json
import sys

import cv2
import numpy as np


def load(path, width, height):
    return np.fromfile(path, dtype=np.uint8).reshape(height, width, 3)


def pad_crop(im, xmin, ymin, size, avg):
    """pysot's padding: a uint8 canvas, the image, each overflowing side set to the pad colour, then the slice."""
    xmax, ymax = xmin + size - 1, ymin + size - 1
    r, c, k = im.shape
    left, top = max(0, -xmin), max(0, -ymin)
    right, bottom = max(0, xmax - c + 1), max(0, ymax - r + 1)
    xmin, xmax, ymin, ymax = xmin + left, xmax + left, ymin + top, ymax + top
    if any([top, bottom, left, right]):
        te = np.zeros((r + top + bottom, c + left + right, k), np.uint8)
        te[top:top + r, left:left + c, :] = im
        if top:
            te[0:top, left:left + c, :] = avg
        if bottom:
            te[r + top:, left:left + c, :] = avg
        if left:
            te[:, 0:left, :] = avg
        if right:
            te[:, c + left:, :] = avg
        return te[ymin:ymax + 1, xmin:xmax + 1, :]
    return im[ymin:ymax + 1, xmin:xmax + 1, :]


def region(im, case):
    patch = pad_crop(im, case["xmin"], case["ymin"], case["size"], np.array(case["pad"], np.uint8))
    if case["out"] != case["size"]:
        patch = cv2.resize(patch, (case["out"], case["out"]))
    if case.get("order", "bgr") == "rgb":
        patch = patch[:, :, ::-1]
    return patch.transpose(2, 0, 1)


def pysot(im, case):
    """get_subwindow of pysot (also NanoTrack), with its float avg_chans and its origin arithmetic."""
    avg = np.mean(im, axis=(0, 1))
    sz = case["size"]
    c = (sz + 1) / 2
    xmin = int(np.floor(case["cx"] - c + 0.5))
    ymin = int(np.floor(case["cy"] - c + 0.5))
    patch = pad_crop(im, xmin, ymin, sz, avg)
    if not np.array_equal(case["out"], sz):
        patch = cv2.resize(patch, (case["out"], case["out"]))
    return patch.transpose(2, 0, 1)


def siamfc(im, case):
    """crop_and_resize of siamfc-pytorch on the RGB image (center is (y, x), 0-based), padded with the rounded mean."""
    img = cv2.cvtColor(im, cv2.COLOR_BGR2RGB)
    avg = np.mean(img, axis=(0, 1))
    center = np.array([case["cy"], case["cx"]])
    size = round(case["size"])
    corners = np.concatenate((np.round(center - (size - 1) / 2), np.round(center - (size - 1) / 2) + size))
    corners = np.round(corners).astype(int)
    pads = np.concatenate((-corners[:2], corners[2:] - img.shape[:2]))
    npad = max(0, int(pads.max()))
    if npad > 0:
        img = cv2.copyMakeBorder(img, npad, npad, npad, npad, cv2.BORDER_CONSTANT, value=avg)
    corners = (corners + npad).astype(int)
    patch = img[corners[0]:corners[2], corners[1]:corners[3]]
    patch = cv2.resize(patch, (case["out"], case["out"]), interpolation=cv2.INTER_LINEAR)
    return patch.transpose(2, 0, 1)


def main(argv):
    if argv[1] == "decode":
        im = cv2.imread(argv[2], cv2.IMREAD_COLOR)
        if im is None:
            raise SystemExit("cannot decode " + argv[2])
        np.ascontiguousarray(im).tofile(argv[3])
        print(im.shape[1], im.shape[0])
        return 0
    mode, path, width, height = argv[1], argv[2], int(argv[3]), int(argv[4])
    im = load(path, width, height)
    if mode == "means":
        mean = np.mean(im, axis=(0, 1))
        truncated = np.zeros((1, 1, 3), np.uint8)
        truncated[:, :, :] = mean
        border = cv2.copyMakeBorder(np.zeros((1, 1, 3), np.uint8), 1, 0, 0, 0, cv2.BORDER_CONSTANT, value=mean)
        print(json.dumps({"mean": [float(v) for v in mean],
                          "truncated": [int(v) for v in truncated[0, 0]],
                          "rounded": [int(v) for v in border[0, 0]]}))
        return 0
    with open(argv[5]) as f:
        cases = json.load(f)
    kinds = {"region": region, "pysot": pysot, "siamfc": siamfc}
    with open(argv[6], "wb") as out:
        for case in cases:
            chw = kinds[case["kind"]](im, case)
            assert chw.shape == (3, case["out"], case["out"]), chw.shape
            out.write(np.ascontiguousarray(chw, dtype=np.float32).tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
