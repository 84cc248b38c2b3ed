"""tools/reference/opencv_trackers.py: reproduces the shared OpenCV CSRT reference results byte for byte."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tests import _paths

SCRIPT = os.path.join(_paths.TOOLS_REFERENCE, "opencv_trackers.py")


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class OpenCvTrackersTest(unittest.TestCase):
    def test_csrt_reproduces_the_shared_reference_boxes(self):
        work = tempfile.mkdtemp()
        try:
            dataset = os.path.join(work, "sequences")
            os.makedirs(dataset)
            # person12 only (201 frames, a few seconds): the shared results of HOW-opencv.md cover it.
            os.symlink(_paths.shared("data", "sequences", "person12"), os.path.join(dataset, "person12"))
            subprocess.run([sys.executable, SCRIPT, "--dataset", dataset, "--out", os.path.join(work, "out")],
                           check=True, capture_output=True)
            with open(os.path.join(work, "out", "opencv-csrt", "person12.txt")) as f:
                ours = f.read()
            with open(_paths.shared("docs", "reference", "opencv-csrt", "person12.txt")) as f:
                reference = f.read()
            self.assertEqual(reference, ours)
            with open(os.path.join(work, "out", "opencv-csrt", "times", "person12_time.txt")) as f:
                self.assertEqual(len(ours.splitlines()), len(f.read().splitlines()))
        finally:
            shutil.rmtree(work)

    def test_a_folder_without_sequences_is_one_error_line(self):
        work = tempfile.mkdtemp()
        try:
            result = subprocess.run([sys.executable, SCRIPT, "--dataset", work, "--out", os.path.join(work, "out")],
                                    capture_output=True, text=True)
            self.assertEqual(1, result.returncode)
            self.assertEqual(f"error: {work}: no sequence folders (each needs img/)", result.stderr.strip())
        finally:
            shutil.rmtree(work)


if __name__ == "__main__":
    unittest.main()
