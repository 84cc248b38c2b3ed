import os
import unittest

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

from tests import _paths
from onnx_torch import OnnxTorchModel, UnsupportedOperator
from siamese_training.models import VERSIONS, load_nanotrack

ONNX_FILES = {
    "v1": ("nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx"),
    "v2": ("nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx"),
    "v3": ("nanotrack_backbone.onnx", "nanotrack_head.onnx"),
}


def _model(nodes, inputs, outputs, opset, initializers=()):
    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in outputs],
        initializer=[numpy_helper.from_array(v, k) for k, v in initializers])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


class SyntheticGraphTest(unittest.TestCase):
    """Op semantics on tiny hand-built graphs (no shared folder needed)."""

    rng = np.random.default_rng(0)

    def _run(self, model, **feeds):
        return OnnxTorchModel(model).run(feeds)

    def test_conv_asymmetric_pads_group_bias(self):
        x = self.rng.standard_normal((1, 4, 7, 6)).astype(np.float32)
        w = self.rng.standard_normal((4, 2, 3, 3)).astype(np.float32)
        b = self.rng.standard_normal(4).astype(np.float32)
        node = helper.make_node("Conv", ["x", "w", "b"], ["y"], pads=[1, 0, 0, 2], strides=[2, 1], group=2)
        y = self._run(_model([node], ["x"], ["y"], 13, [("w", w), ("b", b)]), x=x)["y"]
        ref = F.conv2d(F.pad(torch.from_numpy(x), [0, 2, 1, 0]), torch.from_numpy(w), torch.from_numpy(b),
                       stride=(2, 1), groups=2)
        torch.testing.assert_close(y, ref)

    def test_clip_attribute_and_input_forms(self):
        x = np.linspace(-10, 10, 21, dtype=np.float32)
        m9 = _model([helper.make_node("Clip", ["x"], ["y"], min=0.0, max=6.0)], ["x"], ["y"], 9)
        m13 = _model([helper.make_node("Clip", ["x", "lo", "hi"], ["y"])], ["x"], ["y"], 13,
                     [("lo", np.array(0, np.float32)), ("hi", np.array(6, np.float32))])
        m13_open = _model([helper.make_node("Clip", ["x", "", "hi"], ["y"])], ["x"], ["y"], 13,
                          [("hi", np.array(6, np.float32))])
        np.testing.assert_array_equal(self._run(m9, x=x)["y"].numpy(), np.clip(x, 0, 6))
        np.testing.assert_array_equal(self._run(m13, x=x)["y"].numpy(), np.clip(x, 0, 6))
        np.testing.assert_array_equal(self._run(m13_open, x=x)["y"].numpy(), np.minimum(x, 6))

    def test_hard_sigmoid_hard_swish(self):
        x = np.linspace(-5, 5, 41, dtype=np.float32)
        m = _model([helper.make_node("HardSigmoid", ["x"], ["s"], alpha=1 / 6),
                    helper.make_node("HardSwish", ["x"], ["w"])], ["x"], ["s", "w"], 14)
        out = self._run(m, x=x)
        np.testing.assert_allclose(out["s"].numpy(), np.clip(x / 6 + 0.5, 0, 1), atol=1e-7)
        np.testing.assert_allclose(out["w"].numpy(), x * np.clip(x / 6 + 0.5, 0, 1), atol=1e-6)

    def test_reshape_zero_copies_dim_and_gemm_transb(self):
        x = self.rng.standard_normal((2, 3, 1, 1)).astype(np.float32)
        w = self.rng.standard_normal((5, 3)).astype(np.float32)
        b = self.rng.standard_normal(5).astype(np.float32)
        nodes = [helper.make_node("Reshape", ["x", "shape"], ["r"]),
                 helper.make_node("Gemm", ["r", "w", "b"], ["y"], transB=1, alpha=2.0, beta=0.5)]
        m = _model(nodes, ["x"], ["y"], 14, [("shape", np.array([0, -1], np.int64)), ("w", w), ("b", b)])
        y = self._run(m, x=x)["y"].numpy()
        np.testing.assert_allclose(y, 2.0 * x.reshape(2, 3) @ w.T + 0.5 * b, rtol=1e-5, atol=1e-6)

    def test_slice_negative_and_steps(self):
        x = np.arange(60, dtype=np.float32).reshape(3, 4, 5)
        nodes = [helper.make_node("Slice", ["x", "s", "e", "a", "st"], ["y"])]
        m = _model(nodes, ["x"], ["y"], 13, [("s", np.array([-1, 1], np.int64)),
                                             ("e", np.array([-(2 ** 63), 100], np.int64)),
                                             ("a", np.array([2, 1], np.int64)),
                                             ("st", np.array([-2, 2], np.int64))])
        np.testing.assert_array_equal(self._run(m, x=x)["y"].numpy(), x[:, 1::2, ::-2])
        m9 = _model([helper.make_node("Slice", ["x"], ["y"], starts=[2], ends=[6], axes=[-1])], ["x"], ["y"], 9)
        np.testing.assert_array_equal(self._run(m9, x=x)["y"].numpy(), x[..., 2:6])

    def test_matmul_transpose_concat_constant_gap(self):
        a = self.rng.standard_normal((1, 3, 4)).astype(np.float32)
        c = helper.make_tensor("c", TensorProto.FLOAT, [1, 3, 3], np.eye(3, dtype=np.float32).ravel().tolist())
        nodes = [helper.make_node("Constant", [], ["k"], value=c),
                 helper.make_node("Transpose", ["a"], ["t"], perm=[0, 2, 1]),
                 helper.make_node("MatMul", ["t", "k"], ["m"]),
                 helper.make_node("Concat", ["m", "m"], ["y"], axis=2),
                 helper.make_node("Reshape", ["y", "s4"], ["y4"]),
                 helper.make_node("GlobalAveragePool", ["y4"], ["g"])]
        m = _model(nodes, ["a"], ["y", "g"], 13, [("s4", np.array([1, 4, 2, 3], np.int64))])
        out = self._run(m, a=a)
        ref = np.concatenate([a.transpose(0, 2, 1)] * 2, axis=2)
        np.testing.assert_allclose(out["y"].numpy(), ref, atol=1e-6)
        np.testing.assert_allclose(out["g"].numpy(), ref.reshape(1, 4, 2, 3).mean(axis=(2, 3), keepdims=True),
                                   atol=1e-6)

    def test_unknown_op_is_rejected_at_load(self):
        m = _model([helper.make_node("NonMaxSuppression", ["x"], ["y"])], ["x"], ["y"], 13)
        with self.assertRaises(UnsupportedOperator):
            OnnxTorchModel(m)


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class PublicOnnxParityTest(unittest.TestCase):
    """The public NanoTrack ONNX files (through onnx_torch) agree with the .pth models."""

    def test_pth_matches_onnx(self):
        gen = torch.Generator().manual_seed(123)
        for version in VERSIONS:
            with self.subTest(version=version):
                d = _paths.model_dir(version)
                model = load_nanotrack(os.path.join(d, "nanotrack.pth"), version)
                backbone = OnnxTorchModel(os.path.join(d, ONNX_FILES[version][0]))
                head = OnnxTorchModel(os.path.join(d, ONNX_FILES[version][1]))
                z = torch.rand(1, 3, 127, 127, generator=gen) * 255
                x = torch.rand(1, 3, 255, 255, generator=gen) * 255
                with torch.no_grad():
                    zf = model.template(z)
                    xf = model.backbone(x)
                    cls, loc = model.track(x)
                ozf = backbone(z)          # the file declares 1x3x255x255; runs at 127 too
                oxf = backbone(x)
                ocls, oloc = head(ozf, oxf)
                torch.testing.assert_close(ozf, zf, atol=1e-4, rtol=1e-5)
                torch.testing.assert_close(oxf, xf, atol=1e-4, rtol=1e-5)
                torch.testing.assert_close(ocls, cls, atol=1e-4, rtol=1e-5)
                torch.testing.assert_close(oloc, loc, atol=1e-4, rtol=1e-5)
                # the head fed with the .pth features: isolates the head
                hc, hl = head(zf, xf)
                torch.testing.assert_close(hc, cls, atol=1e-4, rtol=1e-5)
                torch.testing.assert_close(hl, loc, atol=1e-4, rtol=1e-5)
