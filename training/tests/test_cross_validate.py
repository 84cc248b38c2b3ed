"""training/cross-validate.sh: its folds are checked before any model is exported or run (usage 2, missing 1)."""

import os
import shutil
import subprocess
import tempfile
import unittest

from tests import _paths

SCRIPT = os.path.join(_paths.TRAINING_DIR, "cross-validate.sh")


def run(*args):
    env = dict(os.environ, SHARED=_paths.SHARED or "/nonexistent")
    return subprocess.run(["bash", SCRIPT] + list(args), capture_output=True, text=True, timeout=60, env=env)


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class CrossValidateArgumentsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cv-")
        self.ckpt = os.path.join(self.tmp, "fold.pth")
        open(self.ckpt, "wb").close()
        self.out = os.path.join(self.tmp, "out")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assertRefused(self, res, code, *words):
        self.assertEqual(res.returncode, code, res.stderr)
        self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)
        for w in words:
            self.assertIn(w, res.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "cross-validated")))

    def test_no_fold_is_a_usage_error(self):
        self.assertRefused(run(self.out), 2, "usage")

    def test_a_fold_without_sequences_is_named(self):
        self.assertRefused(run(self.out, self.ckpt), 2, "fold.pth", "CHECKPOINT.pth=SEQ")

    def test_a_missing_checkpoint_is_named(self):
        self.assertRefused(run(self.out, self.ckpt + "x=Bolt"), 1, "no such checkpoint", "fold.pthx")

    def test_an_unknown_sequence_is_named(self):
        self.assertRefused(run(self.out, self.ckpt + "=Bolt,nope"), 1, "no sequence nope")

    def test_a_sequence_held_out_twice_is_refused(self):
        self.assertRefused(run(self.out, self.ckpt + "=Bolt,boat1", self.ckpt + "=person12,Bolt"), 2,
                           "Bolt", "two folds")


if __name__ == "__main__":
    unittest.main()
