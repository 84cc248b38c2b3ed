"""Export of every family to a model pack; the ONNX graphs run by onnx_torch agree with the torch modules."""

import json
import os
import shutil
import tempfile
import unittest

import onnx
import torch

from tests import _paths  # noqa: F401  (sys.path)
from siamese_training.export import ExportError, export_pack, validate_pack
from siamese_training.models import build_model
from siamese_training.random_init import randomize

# smallest variant per family (tiny = the synthetic 3-level backbone) and the expected template binds
CASES = [
    ("siamfc", "fdsiamfc-15", None, ["zf"]),
    ("sa-siam", "alexnet", None, ["zf", "zs"]),
    ("siamfc-acm", "alexnet", None, ["zk"]),
    ("siamrpn++", "alex", None, ["zf"]),
    ("siamrpn++-acm", "tiny", 32, ["zk2_cls", "zk2_loc", "zk3_cls", "zk3_loc", "zk4_cls", "zk4_loc"]),
    ("siamban", "tiny", 32, ["zf2", "zf3", "zf4"]),
    ("siamcan", "tiny", 32, ["zf2", "zf3", "zf4"]),
    ("siamban-acm", "tiny", 32, ["zk2_cls", "zk2_loc", "zk3_cls", "zk3_loc", "zk4_cls", "zk4_loc"]),
    ("nanotrack", "v1", None, ["zf"]),
]

MANIFEST_KEYS = {"format", "name", "family", "description", "license", "source", "input", "output",
                 "hyperparameters", "anchors", "longTerm", "template", "search"}


class ExportFamiliesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(2)
        cls.tmp = tempfile.mkdtemp(prefix="packs-")
        cls.infos = {}
        for family, variant, channels, _ in CASES:
            model = randomize(build_model(family, variant, channels), seed=3)
            out = os.path.join(cls.tmp, family)
            cls.infos[family] = (export_pack(model, out, source="random:3",
                                             long_term=family == "siamrpn++"), model, out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def _doc(self, family):
        with open(os.path.join(self.infos[family][2], "model.json")) as f:
            return json.load(f)

    def test_validation_within_tolerance(self):
        for family, *_ in CASES:
            with self.subTest(family=family):
                v = self.infos[family][0]["validation"]
                self.assertLessEqual(v["worst_relative"], 1e-4)
                self.assertIn("search:%s@3x%d" % ("response" if family in ("siamfc", "sa-siam", "siamfc-acm")
                                                   else "cls", self._doc(family)["input"]["instanceSize"]), v)

    def test_manifest_contract(self):
        for family, variant, channels, feature_binds in CASES:
            with self.subTest(family=family):
                doc = self._doc(family)
                model = self.infos[family][1]
                self.assertTrue(set(doc) <= MANIFEST_KEYS, set(doc) - MANIFEST_KEYS)
                self.assertEqual(doc["format"], "mlnet-siamese-pack/1")
                self.assertEqual(doc["family"], family)
                self.assertEqual(doc["input"]["colorOrder"], "rgb" if model.decoder == "response" else "bgr")
                (tg,), (sg,) = doc["template"], doc["search"]
                t_in = [i["bind"] for i in tg["inputs"]]
                self.assertEqual(t_in[0], "exemplar")
                self.assertEqual([o["bind"] for o in tg["outputs"]], feature_binds)
                self.assertEqual([i["bind"] for i in sg["inputs"]], ["instance"] + feature_binds)
                I, S = doc["input"]["instanceSize"], doc["output"]["scoreSize"]
                self.assertEqual(sg["inputs"][0]["shape"], [-1, 3, I, I])
                for t in tg["inputs"] + tg["outputs"]:
                    self.assertEqual(t["shape"][0], 1)
                    self.assertEqual(t["name"], t["bind"])
                # one template per search crop where the correlation allows it (graph_edits.py), else batch 1
                for t in sg["inputs"][1:]:
                    self.assertEqual(t["shape"][0], -1 if model.template_batch else 1)
                    self.assertEqual(t["name"], t["bind"])
                self.assertEqual(model.template_batch, family == "nanotrack" and variant != "v3")
                hp = doc["hyperparameters"]
                if model.decoder == "response":
                    self.assertEqual([o["shape"] for o in sg["outputs"]], [[-1, 1, S, S]])
                    self.assertEqual(hp["windowInfluence"], 0.176)
                    self.assertEqual((hp["scaleNum"], hp["scaleStep"], hp["scalePenalty"], hp["scaleLr"],
                                      hp["responseUp"]), (3, 1.0375, 0.9745, 0.59, 16))
                    self.assertEqual(hp["clipCenter"], variant.startswith("fdsiamfc"))
                    self.assertNotIn("penaltyK", hp)
                    self.assertNotIn("anchors", doc)
                else:
                    a = 5 if model.decoder == "anchor" else 1
                    self.assertEqual([o["bind"] for o in sg["outputs"]], ["cls", "loc"])
                    self.assertEqual([o["shape"] for o in sg["outputs"]], [[-1, 2 * a, S, S], [-1, 4 * a, S, S]])
                    self.assertEqual(set(hp), {"windowInfluence", "penaltyK", "lr"})
                    self.assertEqual("anchors" in doc, model.decoder == "anchor")
                if "templateBox" in t_in:
                    self.assertEqual(tg["inputs"][1]["shape"], [1, 4])
                if family == "sa-siam":
                    self.assertEqual(tg["inputs"][1], {"name": "context", "bind": "context", "shape": [1, 3, 255, 255]})

    def test_anchor_manifest_fields(self):
        doc = self._doc("siamrpn++")
        self.assertEqual(doc["anchors"], {"ratios": [0.33, 0.5, 1, 2, 3], "scales": [8], "baseSize": 0})
        self.assertEqual((doc["input"]["instanceSize"], doc["output"]["scoreSize"]), (287, 21))
        self.assertEqual(doc["hyperparameters"], {"windowInfluence": 0.4, "penaltyK": 0.16, "lr": 0.3})
        self.assertEqual(doc["longTerm"], {"lostInstanceSize": 831, "confidenceLow": 0.8, "confidenceHigh": 0.998,
                                           "lostWindowInfluence": 0.001})
        tiny = self._doc("siamrpn++-acm")
        self.assertEqual(tiny["anchors"]["baseSize"], 8)
        self.assertEqual(tiny["output"]["scoreSize"], 25)

    def test_onnx_signature(self):
        """opset >= 11; symbolic N/H/W on the search side only; template side fully fixed."""
        for family, *_ in CASES:
            with self.subTest(family=family):
                d = self.infos[family][2]
                t = onnx.load(os.path.join(d, "template.onnx"), load_external_data=False)
                s = onnx.load(os.path.join(d, "search.onnx"), load_external_data=False)
                self.assertGreaterEqual(max(o.version for o in s.opset_import if o.domain in ("", "ai.onnx")), 11)

                def dims(vi):
                    return [dd.dim_value if dd.HasField("dim_value") else dd.dim_param
                            for dd in vi.type.tensor_type.shape.dim]

                for vi in list(t.graph.input) + list(t.graph.output):
                    self.assertTrue(all(isinstance(v, int) and v > 0 for v in dims(vi)), (vi.name, dims(vi)))
                inst = dims(s.graph.input[0])
                self.assertEqual(s.graph.input[0].name, "instance")
                self.assertEqual(inst[1], 3)
                self.assertTrue(all(isinstance(v, str) for v in (inst[0], inst[2], inst[3])), inst)
                for vi in s.graph.output:
                    self.assertIsInstance(dims(vi)[0], str)

    def test_validation_detects_a_wrong_model(self):
        family = "siamrpn++-acm"
        _, model, out = self.infos[family]
        other = randomize(build_model(family, "tiny", 32), seed=4)
        with self.assertRaises(ExportError):
            validate_pack(out, other)


class SplitLayoutTest(unittest.TestCase):
    """--layout split: backbone.onnx shared by both stages, head graphs, same outputs as the model."""

    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(2)
        cls.tmp = tempfile.mkdtemp(prefix="split-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def _export(self, family, variant, channels=None):
        model = randomize(build_model(family, variant, channels), seed=2)
        out = os.path.join(self.tmp, family)
        info = export_pack(model, out, layout="split")
        with open(os.path.join(out, "model.json")) as f:
            return info, json.load(f)

    def test_acm_split(self):
        info, doc = self._export("siamban-acm", "tiny", 16)
        self.assertLessEqual(info["validation"]["worst_relative"], 1e-4)
        self.assertEqual([g["file"] for g in doc["template"]], ["backbone.onnx", "template_head.onnx"])
        self.assertEqual([g["file"] for g in doc["search"]], ["backbone.onnx", "search_head.onnx"])
        self.assertEqual(doc["template"][0]["inputs"], [{"name": "image", "bind": "exemplar", "shape": [1, 3, 127, 127]}])
        self.assertEqual([o["bind"] for o in doc["template"][0]["outputs"]], ["zb2", "zb3", "zb4"])
        self.assertEqual([i["bind"] for i in doc["template"][1]["inputs"]], ["zb2", "zb3", "zb4", "templateBox"])
        self.assertEqual(doc["search"][0]["inputs"][0]["bind"], "instance")
        self.assertEqual([o["bind"] for o in doc["search"][0]["outputs"]], ["xb2", "xb3", "xb4"])
        self.assertEqual(doc["search"][0]["outputs"][0]["shape"], [-1, 16 * 2, 31, 31])
        self.assertEqual([o["bind"] for o in doc["search"][1]["outputs"]], ["cls", "loc"])
        self.assertEqual(sorted(info["bytes"]), ["backbone.onnx", "search_head.onnx", "template_head.onnx"])

    def test_siamfc_split_has_no_template_head(self):
        info, doc = self._export("siamfc", "fdsiamfc-15")
        self.assertLessEqual(info["validation"]["worst_relative"], 1e-4)
        self.assertEqual(len(doc["template"]), 1)
        self.assertEqual(doc["template"][0]["outputs"], [{"name": "feat", "bind": "zf", "shape": [1, 38, 6, 6]}])
        self.assertEqual(doc["search"][1]["inputs"][0]["bind"], "xb")

    def test_split_refused_for_sa_siam(self):
        with self.assertRaises(ExportError):
            export_pack(build_model("sa-siam"), os.path.join(self.tmp, "no"), layout="split", check=False)


if __name__ == "__main__":
    unittest.main()
