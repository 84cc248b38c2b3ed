import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from tests import _paths
import compare_tracks
import nanotrack_tracker as nt


class SubwindowTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(5)
        self.img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
        self.avg = np.mean(self.img, axis=(0, 1))

    def test_inside_crop_without_resize_is_a_plain_slice(self):
        z = nt.get_subwindow(self.img, np.array([20.0, 15.0]), 11, 11, self.avg)
        # c = (11+1)/2 = 6: xmin = floor(20-6+0.5) = 14, ymin = floor(15-6+0.5) = 9
        ref = self.img[9:20, 14:25].transpose(2, 0, 1)[None].astype(np.float32)
        np.testing.assert_array_equal(z.numpy(), ref)

    def test_padding_uses_truncated_mean(self):
        z = nt.get_subwindow(self.img, np.array([0.0, 0.0]), 9, 9, self.avg).numpy()[0]
        # xmin = floor(0 - 5 + 0.5) = -5: columns/rows 0..4 of the crop are padding
        for c in range(3):
            self.assertTrue(np.all(z[c, :5, :] == np.floor(self.avg[c])))
            self.assertTrue(np.all(z[c, :, :5] == np.floor(self.avg[c])))
        np.testing.assert_array_equal(z[:, 5:, 5:], self.img[0:4, 0:4].transpose(2, 0, 1))

    def test_resize_is_cv2_linear_on_uint8(self):
        import cv2
        z = nt.get_subwindow(self.img, np.array([24.5, 19.5]), 31, 20, self.avg).numpy()[0]
        # c = 10.5: xmin = floor(24.5-10.5+0.5) = 14, ymin = floor(19.5-10.5+0.5) = 9
        patch = cv2.resize(self.img[9:29, 14:34], (31, 31))
        np.testing.assert_array_equal(z, patch.transpose(2, 0, 1).astype(np.float32))

    def test_flip_box(self):
        self.assertEqual(nt.flip_box([10, 5, 20, 8], 100), [70, 5, 20, 8])


class CompareTracksTest(unittest.TestCase):
    def test_iou(self):
        self.assertAlmostEqual(compare_tracks.iou([0, 0, 10, 10], [5, 0, 10, 10]), 50 / 150)
        res = compare_tracks.compare([[0, 0, 10, 10], None, [0, 0, 4, 4]], [[0, 0, 10, 10], [1, 1, 1, 1], [0, 0, 2, 2]])
        self.assertEqual(res["frames"], 2)
        self.assertEqual(res["first_below"], 2)
        self.assertAlmostEqual(res["min_iou"], 0.25)


class PointsWindowTest(unittest.TestCase):
    def test_points_and_window(self):
        for version, size in (("v2", 16), ("v3", 15)):
            t = nt.NanoTrackReference(backend=None, version=version)
            self.assertEqual(t.points.dtype, np.float32)
            self.assertEqual(t.points[0].tolist(), [-(size // 2) * 16] * 2)
            self.assertEqual(t.points[1].tolist(), [-(size // 2) * 16 + 16, -(size // 2) * 16])
            self.assertEqual(t.window.shape, (size * size,))
            self.assertAlmostEqual(t.window.max(), 1.0 if size % 2 else np.hanning(16)[7] ** 2)


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class SharedReferenceTest(unittest.TestCase):
    """The reference tracker reproduces the original NanoTrack outputs on wakeboard7 (67 frames)."""

    seq = "wakeboard7"

    def _run(self, version, backend_kind, count=None):
        torch.set_num_threads(1)
        ref = compare_tracks.read_boxes(_paths.shared("docs", "reference", "nanotrack-" + version, self.seq + ".txt"))
        backend = nt.make_backend(backend_kind, version, _paths.model_dir(version))
        tracker = nt.NanoTrackReference(backend, version)
        frames = nt.iter_frames(_paths.shared("data", "sequences", self.seq, "img"), 0, count)
        boxes, scores, _ = nt.run_sequence(tracker, frames, ref[0])
        return boxes, scores, ref

    def test_pth_backend_matches_original_exactly(self):
        for version in ("v1", "v2", "v3"):
            with self.subTest(version=version):
                boxes, scores, ref = self._run(version, "pth")
                self.assertEqual(len(boxes), len(ref))
                diff = np.abs(np.array(boxes) - np.array(ref)).max()
                # the reference files carry 6 decimals
                self.assertLess(diff, 1e-5, "max |diff| %g px" % diff)
                self.assertTrue(all(0.0 <= s <= 1.0 for s in scores[1:]))

    def test_onnx_backend_close_to_original(self):
        boxes, _, ref = self._run("v2", "onnx")
        res = compare_tracks.compare(boxes, ref)
        self.assertGreater(res["mean_iou"], 0.999)
        self.assertLess(res["max_abs_diff"], 0.05)

    def test_cli_writes_boxes_and_scores(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "b.txt")
            scores = os.path.join(tmp, "s.txt")
            ref_file = _paths.shared("docs", "reference", "nanotrack-v2", self.seq + ".txt")
            cmd = [sys.executable, os.path.join(_paths.TOOLS_REFERENCE, "nanotrack_tracker.py"),
                   "--version", "v2", "--model-dir", _paths.model_dir("v2"),
                   "--frames", _paths.shared("data", "sequences", self.seq, "img"),
                   "--init-file", ref_file, "--count", "12", "--out", out, "--scores", scores]
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            mine = compare_tracks.read_boxes(out)
            ref = compare_tracks.read_boxes(ref_file)[:12]
            self.assertEqual(mine, ref)  # same 6-decimal text
            with open(scores) as f:
                lines = f.read().split()
            self.assertEqual(len(lines), 12)
            self.assertEqual(lines[0], "nan")

    def test_flip_and_subrange(self):
        seq_dir = _paths.shared("data", "sequences", self.seq, "img")
        files = nt.list_image_files(seq_dir)
        frames = list(nt.iter_frames(seq_dir, start=10, count=3, flip=True))
        self.assertEqual(len(frames), 3)
        import cv2
        np.testing.assert_array_equal(frames[0], cv2.imread(files[10])[:, ::-1])


class CropMarginTest(unittest.TestCase):
    def test_crop_rounding_margin(self):
        # side round(300.2) = 300, c = 150.5: corner = pos - 150 -> 100.25 -> margin 0.25 (side: 0.3)
        self.assertAlmostEqual(nt.crop_rounding_margin(np.array([250.25, 260.4]), 300.2), 0.25)
        # exact integer corners (frame 1 of an integer init box) are not counted
        self.assertAlmostEqual(nt.crop_rounding_margin(np.array([250.0, 260.0]), 300.2), 0.3)
        self.assertLess(nt.crop_rounding_margin(np.array([250.0000001, 260.0]), 300.2), 1e-6)


class ExtraSequenceTableTest(unittest.TestCase):
    def test_table_parses(self):
        import make_extra_references as mer
        cases = mer.read_cases()
        names = [c["name"] for c in cases]
        self.assertEqual(len(names), len(set(names)))
        self.assertTrue({"tennis", "bag"} <= set(names))
        for c in cases:
            self.assertEqual(len(c["init"]), 4)

    @unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
    def test_cases_fit_their_sources(self):
        import cv2
        import make_extra_references as mer
        for c in mer.read_cases():
            with self.subTest(case=c["name"]):
                src = _paths.shared(c["source"])
                if os.path.isdir(src):
                    n = len(nt.list_image_files(src))
                else:
                    cap = cv2.VideoCapture(src)
                    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
                    cap.release()
                self.assertLess(c["start"], n)
                if c["count"] >= 0:
                    self.assertLessEqual(c["start"] + c["count"], n)
                img = next(nt.iter_frames(src, c["start"], 1))
                x, y, w, h = c["init"]
                self.assertTrue(0 <= x and 0 <= y and x + w <= img.shape[1] and y + h <= img.shape[0])
