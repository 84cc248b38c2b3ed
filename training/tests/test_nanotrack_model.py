import json
import os
import unittest

import torch

from tests import _paths
from siamese_training.models import VERSIONS, build_nanotrack, load_checkpoint_state_dict, load_nanotrack


def _layout(state_dict):
    return [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in state_dict.items()]


class NanoTrackShapesTest(unittest.TestCase):
    """Runs without the shared folder: output shapes of randomly initialised models."""

    def test_output_shapes(self):
        expected = {"v1": (48, 16), "v2": (48, 16), "v3": (96, 15)}
        for version in VERSIONS:
            with self.subTest(version=version):
                model = build_nanotrack(version)
                with torch.no_grad():
                    zf = model.template(torch.rand(1, 3, 127, 127) * 255)
                    cls, loc = model.track(torch.rand(1, 3, 255, 255) * 255)
                ch, s = expected[version]
                self.assertEqual(tuple(zf.shape), (1, ch, 8, 8))
                self.assertEqual(tuple(cls.shape), (1, 2, s, s))
                self.assertEqual(tuple(loc.shape), (1, 4, s, s))
                self.assertTrue(bool((loc > 0).all()), "loc has exp applied")

    def test_forward_equals_template_then_track(self):
        model = build_nanotrack("v3")
        z, x = torch.rand(1, 3, 127, 127), torch.rand(1, 3, 255, 255)
        with torch.no_grad():
            a = model(z, x)
            model.template(z)
            b = model.track(x)
        self.assertTrue(torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]))


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class NanoTrackCheckpointTest(unittest.TestCase):
    def _keys_json(self, version):
        with open(_paths.shared("docs", "checkpoint-keys", "nanotrack-%s.json" % version)) as f:
            return json.load(f)

    def test_state_dict_layout_matches_checkpoint_keys_json(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                ref = self._keys_json(version)
                self.assertEqual(_layout(build_nanotrack(version).state_dict()), ref["params"])

    def test_feature_shapes_match_json(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                ref = self._keys_json(version)
                model = build_nanotrack(version)
                with torch.no_grad():
                    zf = model.template(torch.zeros(ref["template_input"]))
                    xf = model.backbone(torch.zeros(ref["search_input"]))
                    cls, loc = model.track(torch.zeros(ref["search_input"]))
                self.assertEqual(list(zf.shape), ref["features"]["template(): backbone output"])
                self.assertEqual(list(xf.shape), ref["features"]["track(): backbone output"])
                self.assertEqual(list(cls.shape), ref["outputs"]["cls"])
                self.assertEqual(list(loc.shape), ref["outputs"]["loc"])

    def test_released_pth_loads_strict(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                path = os.path.join(_paths.model_dir(version), "nanotrack.pth")
                sd = load_checkpoint_state_dict(path)
                self.assertEqual(_layout(sd), self._keys_json(version)["params"])
                model = load_nanotrack(path, version)  # strict=True
                for key, value in sd.items():
                    self.assertTrue(torch.equal(model.state_dict()[key], value), key)
