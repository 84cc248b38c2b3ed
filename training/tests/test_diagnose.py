"""siamese_training.diagnose: peak and box-shape diagnostics on synthetic sequences with NanoTrack v2's weights."""

import os
import subprocess
import sys
import unittest

import torch

from tests import _paths
from tests._synthetic import SyntheticSequencesMixin
from siamese_training.diagnose import crop_sizes, diagnose_sequence
from siamese_training.models.registry import build_model, load_model


def _teacher_path():
    return os.path.join(_paths.model_dir("v2"), "nanotrack.pth")


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class DiagnoseTest(SyntheticSequencesMixin, unittest.TestCase):
    tmp_prefix = "diagnose-"

    def test_same_weights_give_the_same_row_and_other_weights_another(self):
        teacher = load_model("nanotrack", "v2", _teacher_path())
        torch.manual_seed(0)
        untrained = build_model("nanotrack", "v2").eval()
        result = diagnose_sequence(self.seqs[0], {"teacher": teacher, "again": load_model("nanotrack", "v2",
                                                                                           _teacher_path()),
                                                  "untrained": untrained})
        self.assertEqual(result["teacher"], result["again"])
        self.assertEqual(result["teacher"]["frames"], 4)           # frames 1, 4, 7, 10 of 12
        self.assertNotEqual(result["teacher"], result["untrained"])
        for r in result.values():
            self.assertTrue(0.0 <= r["peak"] <= 1.0)
            self.assertGreaterEqual(r["log_ar"] + 1e-9, abs(r["log_w"] - r["log_h"]))   # mean |.| >= |mean|
        # the trained tracker finds the red square and sizes its box within a factor 1.5
        self.assertEqual(result["teacher"]["peak"], 1.0)
        self.assertLess(abs(result["teacher"]["log_w"]), 0.4)
        self.assertLess(abs(result["teacher"]["log_h"]), 0.4)

    def test_models_that_crop_differently_are_refused(self):
        one, other = build_model("nanotrack", "v2"), build_model("nanotrack", "v2")
        self.assertEqual(crop_sizes({"one": one, "other": other}), (127, 255))
        other.instance_size = 287
        with self.assertRaisesRegex(ValueError, "crop differently"):
            diagnose_sequence(self.seqs[0], {"one": one, "other": other})

    def test_cli_prints_a_table_and_names_a_missing_checkpoint(self):
        cmd = [sys.executable, "-m", "siamese_training.diagnose", "--data", self.tmp, "--sequences", "a,b",
               "--teacher", "nanotrack-v2:" + _teacher_path(), _teacher_path()]
        run = subprocess.run(cmd, cwd=_paths.TRAINING_DIR, capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.strip().split("\n")
        self.assertEqual(lines[0].split("\t"), ["sequence", "model", "frames", "peak", "log_w", "log_h", "log_ar"])
        self.assertEqual(len(lines), 1 + 2 * 2)
        rows = [line.split("\t") for line in lines[1:]]
        self.assertEqual([r[:2] for r in rows], [["a", "teacher"], ["a", "nanotrack-v2/nanotrack"],
                                                 ["b", "teacher"], ["b", "nanotrack-v2/nanotrack"]])
        self.assertEqual(rows[0][2:], rows[1][2:])
        missing = os.path.join(self.tmp, "nope.pth")
        run = subprocess.run(cmd[:-1] + [missing], cwd=_paths.TRAINING_DIR, capture_output=True, text=True,
                             timeout=300)
        self.assertEqual(run.returncode, 1)
        self.assertEqual(run.stdout, "")
        self.assertEqual(len(run.stderr.strip().split("\n")), 1, run.stderr)
        self.assertIn("nope.pth", run.stderr)


if __name__ == "__main__":
    unittest.main()
