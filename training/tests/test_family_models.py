"""Model definitions of every family: state_dict layouts against the public listings, shapes, strict loads."""

import json
import unittest

import torch

from tests import _paths
from siamese_training.models import FAMILIES, build_model, load_model, state_dict_layout

# (family, variant, checkpoint-keys listing)
LISTINGS = [
    ("siamfc", "alexnet", "siamfc-alexnetv1"),
    ("siamfc", "fdsiamfc-30", "fdsiamfc-30"),
    ("siamfc", "fdsiamfc-15", "fdsiamfc-15"),
    ("siamrpn++", "alex", "pysot-siamrpn-alex-dwxcorr"),
    ("siamrpn++", "mobilev2", "pysot-siamrpn-mobilev2-l234-dwxcorr"),
    ("siamrpn++", "r50", "pysot-siamrpn-r50-l234-dwxcorr"),
    ("siamban", "r50", "siamban-r50-l234"),
    ("siamban-acm", "r50", "siamban-acm-r50-l234"),
    ("nanotrack", "v1", "nanotrack-v1"),
    ("nanotrack", "v2", "nanotrack-v2"),
    ("nanotrack", "v3", "nanotrack-v3"),
]


def _listing(name):
    with open(_paths.shared("docs", "checkpoint-keys", name + ".json")) as f:
        return json.load(f)


def _run(model, batch=1, instance=None):
    inputs = {}
    for bind, shape in model.template_inputs():
        inputs[bind] = (torch.tensor([[63.5, 63.5, 40.0, 60.0]]) if bind == "templateBox"
                        else torch.rand(shape) * 255)
    size = instance or model.instance_size
    with torch.no_grad():
        feats = model.pack_template(**inputs)
        out = model.pack_search(torch.rand(batch, 3, size, size) * 255, feats)
    return feats, out


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class CheckpointListingTest(unittest.TestCase):
    """state_dict() keys, shapes, dtypes and order equal shared/docs/checkpoint-keys/<id>.json exactly."""

    def test_layouts_match_listings(self):
        for family, variant, name in LISTINGS:
            with self.subTest(listing=name):
                ref = _listing(name)
                model = build_model(family, variant)
                self.assertEqual(state_dict_layout(model), ref["params"])
                self.assertEqual(sum(p.numel() for p in model.parameters()), ref["stats"]["total_parameters"])

    def test_feature_shapes_match_listings(self):
        # cheap variants run template + search at the listed input sizes; r50 runs the template only
        cases = [("siamfc", "fdsiamfc-30", "fdsiamfc-30"), ("siamfc", "alexnet", "siamfc-alexnetv1"),
                 ("siamrpn++", "alex", "pysot-siamrpn-alex-dwxcorr"),
                 ("siamrpn++", "mobilev2", "pysot-siamrpn-mobilev2-l234-dwxcorr")]
        for family, variant, name in cases:
            with self.subTest(listing=name):
                ref = _listing(name)
                model = build_model(family, variant)
                batch, _, size, _ = ref["search_input"]
                self.assertEqual(size, model.instance_size)
                feats, out = _run(model, batch)
                if family == "siamfc":
                    self.assertEqual(list(feats["zf"].shape), ref["features"]["init(): net.backbone output"])
                    self.assertEqual(list(out["response"].shape), ref["features"]["update(): net.head output"])
                else:
                    zf = ref["features"]["kept by template(): model.zf"]
                    zf = zf if isinstance(zf[0], list) else [zf]
                    self.assertEqual([list(v.shape) for v in feats.values()], zf)
                    self.assertEqual(list(out["cls"].shape), ref["outputs"]["cls"])
                    self.assertEqual(list(out["loc"].shape), ref["outputs"]["loc"])
                    self.assertEqual(model.score_size, ref["outputs"]["cls"][2])

    def test_r50_template_features(self):
        ref = _listing("siamban-r50-l234")
        model = build_model("siamban", "r50")
        with torch.no_grad():
            backbone = model.backbone(torch.rand(1, 3, 127, 127) * 255)
            feats = model.pack_template(exemplar=torch.rand(1, 3, 127, 127) * 255)
        self.assertEqual([list(v.shape) for v in backbone], ref["features"]["template(): backbone output"])
        self.assertEqual([list(v.shape) for v in feats.values()], ref["features"]["kept by template(): model.zf"])

    def test_released_fdsiamfc_weights_load_strict(self):
        for rate in ("15", "30"):
            with self.subTest(rate=rate):
                path = _paths.shared("models", "third_party", "fdsiamfc", "FDSiamfc_%s.pth" % rate)
                model = load_model("siamfc", "fdsiamfc-" + rate, path, strict=True)
                self.assertTrue(model.clip_center)
                feats, out = _run(model, batch=3)
                self.assertEqual(tuple(feats["zf"].shape), (1, 38 if rate == "15" else 76, 6, 6))
                self.assertEqual(tuple(out["response"].shape), (3, 1, 17, 17))

    def test_fdsiamfc_matches_plain_torch_reference(self):
        """The model equals a from-scratch functional SiamFC (conv/BN eps 1e-6/ReLU/pool, xcorr x 0.001)."""
        from siamese_training.models.common import load_checkpoint_state_dict
        import torch.nn.functional as F
        path = _paths.shared("models", "third_party", "fdsiamfc", "FDSiamfc_30.pth")
        sd = load_checkpoint_state_dict(path)
        model = load_model("siamfc", "fdsiamfc-30", path)

        def backbone(x):
            for i, groups, pool in ((1, 1, True), (2, 2, True), (3, 1, False), (4, 2, False), (5, 2, False)):
                p = "backbone.conv%d." % i
                x = F.conv2d(x, sd[p + "0.weight"], sd[p + "0.bias"], stride=2 if i == 1 else 1, groups=groups)
                if i < 5:
                    x = F.batch_norm(x, sd[p + "1.running_mean"], sd[p + "1.running_var"], sd[p + "1.weight"],
                                     sd[p + "1.bias"], False, 0.0, 1e-6)
                    x = F.relu(x)
                if pool:
                    x = F.max_pool2d(x, 3, 2)
            return x

        z = torch.rand(1, 3, 127, 127) * 255
        x = torch.rand(3, 3, 255, 255) * 255
        with torch.no_grad():
            want = F.conv2d(backbone(x), backbone(z)) * 0.001
            got = model.pack_search(x, model.pack_template(exemplar=z))["response"]
        self.assertTrue(torch.allclose(got, want, rtol=0, atol=1e-6))


class FamilyShapesTest(unittest.TestCase):
    """Runs without the shared folder: every family builds and produces its declared output shapes."""

    def test_every_family_small_variant(self):
        cases = [("siamfc", "fdsiamfc-15", None), ("sa-siam", "alexnet", None), ("siamfc-acm", "alexnet", None),
                 ("siamrpn++", "alex", None), ("siamrpn++", "tiny", 32), ("siamrpn++-acm", "tiny", 32),
                 ("siamban", "tiny", 32), ("siamcan", "tiny", 32), ("siamban-acm", "tiny", 32),
                 ("nanotrack", "v3", None)]
        self.assertEqual({c[0] for c in cases}, set(FAMILIES))
        for family, variant, channels in cases:
            with self.subTest(family=family, variant=variant):
                model = build_model(family, variant, channels)
                feats, out = _run(model, batch=2)
                s = model.score_size
                if model.decoder == "response":
                    self.assertEqual(tuple(out["response"].shape), (2, 1, s, s))
                else:
                    a = 5 if model.decoder == "anchor" else 1
                    self.assertEqual(tuple(out["cls"].shape), (2, 2 * a, s, s))
                    self.assertEqual(tuple(out["loc"].shape), (2, 4 * a, s, s))
                for v in feats.values():
                    self.assertEqual(v.shape[0], 1)

    def test_batch_broadcast_equals_one_by_one(self):
        """A batch of N search crops with one template gives the same maps as N single searches.

        Batched and single convolutions may take different (multi-threaded) summation orders, so equality is
        checked relative to the map's magnitude: a broadcast bug gives differences of the order of the map
        itself, float reordering ~1e-7 of it. An element-wise rtol fails on near-zero elements by chance.
        Inputs stay in [0, 16): on full 0-255 noise the untrained exp() box heads overflow or sit on huge
        cancelling sums where any summation order changes the result by whole units."""
        torch.manual_seed(7)
        for family, variant in (("siamrpn++", "tiny"), ("siamfc", "fdsiamfc-15"), ("siamban-acm", "tiny"),
                                ("siamcan", "tiny"), ("nanotrack", "v3")):
            with self.subTest(family=family):
                model = build_model(family, variant, 32 if variant == "tiny" else None)
                inputs = {b: (torch.tensor([[63.5, 63.5, 30.0, 50.0]]) if b == "templateBox"
                              else torch.rand(s) * 16) for b, s in model.template_inputs()}
                x = torch.rand(3, 3, model.instance_size, model.instance_size) * 16
                with torch.no_grad():
                    feats = model.pack_template(**inputs)
                    batched = model.pack_search(x, feats)
                    for i in range(3):
                        single = model.pack_search(x[i:i + 1], feats)
                        for k in single:
                            b, o = batched[k][i:i + 1], single[k]
                            self.assertTrue(bool(torch.isfinite(o).all()), f"{k}: item {i} not finite")
                            worst = (b - o).abs().max().item()
                            scale = o.abs().max().item()
                            self.assertLessEqual(worst, 1e-5 * scale, f"{k}: item {i} differs by {worst:.3g}")

    def test_acm_template_box_matters(self):
        model = build_model("siamfc-acm", "alexnet")
        z = torch.rand(1, 3, 127, 127) * 255
        with torch.no_grad():
            a = model.pack_template(exemplar=z, templateBox=torch.tensor([[63.5, 63.5, 30.0, 50.0]]))["zk"]
            b = model.pack_template(exemplar=z, templateBox=torch.tensor([[0.0, 0.0, 30.0, 50.0]]))["zk"]
            c = model.pack_template(exemplar=z, templateBox=torch.tensor([[63.5, 63.5, 60.0, 50.0]]))["zk"]
        self.assertTrue(torch.equal(a, b), "only templateBox[:, 2:] is used")
        self.assertFalse(torch.equal(a, c))

    def test_sa_siam_attention_range(self):
        """Channel attention weights are sigmoid + 0.5, i.e. within [0.5, 1.5]."""
        model = build_model("sa-siam", "alexnet")
        sem = model.semantic
        feat = torch.rand(1, 256, 22, 22) * 10
        g = sem._grid(22, 6)
        self.assertEqual(g, [0, 8, 14, 22])
        self.assertEqual(sem._grid(24, 8), [0, 8, 16, 24])
        with torch.no_grad():
            out = sem._attend_crop(feat, 6, sem.att_conv5)
        ratio = out / feat[:, :, 8:14, 8:14]
        self.assertEqual(tuple(out.shape), (1, 256, 6, 6))
        self.assertTrue(bool((ratio >= 0.5 - 1e-6).all() and (ratio <= 1.5 + 1e-6).all()))

    def test_tiny_channels_option(self):
        model = build_model("siamban", "tiny", 16)
        self.assertEqual(model.neck.downsample2.downsample[0].out_channels, 16)
        with self.assertRaises(ValueError):
            build_model("siamfc", "alexnet", 64)
        with self.assertRaises(ValueError):
            build_model("siamban", "alex")


if __name__ == "__main__":
    unittest.main()
