"""Checkpoint averaging (siamese_training.average)."""
import os
import subprocess
import sys
import tempfile
import unittest

import torch

from siamese_training.average import average_state_dicts

HERE = os.path.dirname(os.path.abspath(__file__))


class AverageTest(unittest.TestCase):
    def test_floats_are_averaged_and_counters_taken_from_the_last(self):
        a = {"w": torch.tensor([1.0, 2.0]), "bn.num_batches_tracked": torch.tensor(5)}
        b = {"w": torch.tensor([3.0, 6.0]), "bn.num_batches_tracked": torch.tensor(9)}
        avg = average_state_dicts([a, b])
        self.assertTrue(torch.equal(avg["w"], torch.tensor([2.0, 4.0])))
        self.assertEqual(int(avg["bn.num_batches_tracked"]), 9)
        self.assertEqual(avg["w"].dtype, torch.float32)

    def test_mismatched_checkpoints_are_refused(self):
        with self.assertRaisesRegex(ValueError, "other keys"):
            average_state_dicts([{"w": torch.zeros(2)}, {"v": torch.zeros(2)}])
        with self.assertRaisesRegex(ValueError, "w is"):
            average_state_dicts([{"w": torch.zeros(2)}, {"w": torch.zeros(3)}])

    def test_command_writes_a_checkpoint_that_loads(self):
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for i in range(2):
                p = os.path.join(d, "c%d.pth" % i)
                torch.save({"state_dict": {"w": torch.full((2,), float(i))}, "step": i, "config": {"k": 1}}, p)
                paths.append(p)
            out = os.path.join(d, "avg.pth")
            r = subprocess.run([sys.executable, "-m", "siamese_training.average", "--out", out] + paths,
                               cwd=os.path.dirname(HERE), capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            ckpt = torch.load(out)
            self.assertTrue(torch.equal(ckpt["state_dict"]["w"], torch.full((2,), 0.5)))
            self.assertEqual(ckpt["averaged"], ["c0.pth", "c1.pth"])
            r = subprocess.run([sys.executable, "-m", "siamese_training.average", "--out", out,
                                os.path.join(d, "missing.pth")], cwd=os.path.dirname(HERE), capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("missing.pth: no such checkpoint", r.stderr)
            self.assertNotIn("Traceback", r.stderr)


if __name__ == "__main__":
    unittest.main()
