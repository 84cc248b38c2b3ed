"""siamese_training.convert: checkpoint formats, CLI, options, determinism."""

import collections
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import torch

from tests import _paths
from siamese_training import convert as conv
from siamese_training.export import validate_pack
from siamese_training.models import build_model
from siamese_training.random_init import randomize


class ConvertTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(2)
        cls.tmp = tempfile.mkdtemp(prefix="convert-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def _manifest(self, out):
        with open(os.path.join(out, "model.json")) as f:
            return json.load(f)

    def test_pysot_style_checkpoint_round_trip(self):
        """{'state_dict': {'module.' + key: ...}} without num_batches_tracked -> pack equal to the model."""
        model = randomize(build_model("siamban", "tiny", 16), seed=9)
        sd = collections.OrderedDict(("module." + k, v) for k, v in model.state_dict().items()
                                     if not k.endswith("num_batches_tracked"))
        path = os.path.join(self.tmp, "ckpt.pth")
        torch.save({"epoch": 3, "state_dict": sd}, path)
        out = os.path.join(self.tmp, "roundtrip")
        with contextlib.redirect_stdout(io.StringIO()):
            rc = conv.main(["--family", "siamban", "--variant", "tiny", "--channels", "16", "--checkpoint", path,
                            "--out", out, "--threads", "2", "--no-check"])
        self.assertEqual(rc, 0)
        report = validate_pack(out, model)              # the pack computes what the original model computes
        self.assertLessEqual(report["worst_relative"], 1e-4)
        doc = self._manifest(out)
        self.assertEqual(doc["name"], "siamban-tiny-c16")
        self.assertEqual(doc["source"], "ckpt.pth")

    def test_plain_state_dict_and_strictness(self):
        model = build_model("siamfc", "fdsiamfc-15")
        sd = model.state_dict()
        path = os.path.join(self.tmp, "plain.pth")
        torch.save(sd, path)
        out = os.path.join(self.tmp, "plain")
        info = conv.convert("siamfc", "fdsiamfc-15", path, out, check=True)
        self.assertEqual(info["name"], "fdsiamfc-15")
        bad = collections.OrderedDict(sd)
        bad.pop("backbone.conv3.0.weight")
        torch.save(bad, path)
        with contextlib.redirect_stderr(io.StringIO()) as err:
            rc = conv.main(["--family", "siamfc", "--variant", "fdsiamfc-15", "--checkpoint", path,
                            "--out", os.path.join(self.tmp, "bad")])
        self.assertEqual(rc, 2)
        self.assertIn("backbone.conv3.0.weight", err.getvalue())

    def test_random_is_deterministic(self):
        a, b = os.path.join(self.tmp, "ra"), os.path.join(self.tmp, "rb")
        conv.convert("siamban", "tiny", "random:5", a, channels=8, check=False)
        conv.convert("siamban", "tiny", "random:5", b, channels=8, check=False)
        for name in ("template.onnx", "search.onnx", "model.json"):
            with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
                self.assertEqual(fa.read(), fb.read(), name)
        m5 = randomize(build_model("siamrpn++-acm", "tiny", 16), seed=5)
        m6 = randomize(build_model("siamrpn++-acm", "tiny", 16), seed=6)
        self.assertFalse(torch.equal(m5.head_module.rpn2.cls.xorr_search.weight,
                                     m6.head_module.rpn2.cls.xorr_search.weight))

    def test_overrides_and_long_term(self):
        out = os.path.join(self.tmp, "lt")
        with contextlib.redirect_stdout(io.StringIO()):
            rc = conv.main(["--family", "siamrpn++", "--variant", "tiny", "--channels", "16", "--checkpoint",
                            "random:1", "--out", out, "--no-check", "--set", "windowInfluence=0.3",
                            "--set", "longTerm.confidenceLow=0.9", "--name", "lt-test"])
        self.assertEqual(rc, 0)
        doc = self._manifest(out)
        self.assertEqual(doc["name"], "lt-test")
        self.assertEqual(doc["hyperparameters"]["windowInfluence"], 0.3)
        self.assertEqual(doc["longTerm"]["confidenceLow"], 0.9)
        self.assertEqual(doc["longTerm"]["lostInstanceSize"], 831)
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(Exception):
            conv.convert("siamban", "tiny", "random:1", os.path.join(self.tmp, "x"), channels=16, long_term=True,
                         check=False)

    def test_module_cli_runs(self):
        """``python3 -m siamese_training.convert`` from training/ (the documented invocation)."""
        out = os.path.join(self.tmp, "cli")
        r = subprocess.run([sys.executable, "-m", "siamese_training.convert", "--family", "siamfc", "--variant",
                            "fdsiamfc-15", "--checkpoint", "random:1", "--out", out, "--no-check", "--threads", "1"],
                           cwd=_paths.TRAINING_DIR, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("fdsiamfc-15-random1", r.stdout)
        self.assertTrue(os.path.exists(os.path.join(out, "export-info.json")))

    @unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
    def test_released_fdsiamfc_30(self):
        out = os.path.join(self.tmp, "fd30")
        path = _paths.shared("models", "third_party", "fdsiamfc", "FDSiamfc_30.pth")
        info = conv.convert("siamfc", "fdsiamfc-30", path, out)
        doc = self._manifest(out)
        self.assertEqual(doc["name"], "fdsiamfc-30")
        self.assertEqual(doc["source"], "FDSiamfc_30.pth")
        self.assertTrue(doc["hyperparameters"]["clipCenter"])
        self.assertEqual(doc["template"][0]["outputs"][0]["shape"], [1, 76, 6, 6])
        self.assertLessEqual(info["validation"]["worst_relative"], 1e-4)


if __name__ == "__main__":
    unittest.main()
