"""Synthetic OTB-layout sequences shared by the training and distillation tests."""

import os
import shutil
import tempfile

import cv2
import numpy as np
import torch

from tests import _paths  # noqa: F401  (puts training/ on sys.path)
from siamese_training.train.sequences import FramePool, find_sequences


def write_synthetic_sequence(root, name, frames=12, size=(160, 120), seed=0):
    """A textured background with a red square moving right; OTB layout."""
    rng = np.random.default_rng(seed)
    folder = os.path.join(root, name)
    os.makedirs(os.path.join(folder, "img"))
    bg = rng.integers(0, 255, size=(size[1], size[0], 3), dtype=np.uint8)
    rows = []
    for i in range(frames):
        img = bg.copy()
        x, y = 20 + 4 * i, 40
        img[y:y + 30, x:x + 24] = (0, 0, 255)
        cv2.imwrite(os.path.join(folder, "img", "%04d.jpg" % (i + 1)), img)
        rows.append("%d,%d,24,30" % (x, y))
    with open(os.path.join(folder, "groundtruth_rect.txt"), "w") as f:
        f.write("\n".join(rows) + "\n")
    return folder


class SyntheticSequencesMixin:
    """Class fixture: two synthetic sequences ('a', 'b') in a temp folder as cls.tmp, cls.seqs, and cls.pool holding
    their first frames. Put it before unittest.TestCase in the bases."""

    tmp_prefix = "synthetic-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        torch.set_num_threads(2)
        cls.tmp = tempfile.mkdtemp(prefix=cls.tmp_prefix)
        write_synthetic_sequence(cls.tmp, "a", seed=1)
        write_synthetic_sequence(cls.tmp, "b", seed=2)
        cls.seqs = find_sequences(cls.tmp)
        cls.pool = FramePool()
        for s in cls.seqs:
            cls.pool.add(s.image(0), s.name)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()
