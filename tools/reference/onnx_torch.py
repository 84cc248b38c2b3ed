#!/usr/bin/env python3
"""A small ONNX graph interpreter on PyTorch ops (CPU, no onnxruntime needed).

    model = OnnxTorchModel("nanotrack_backbone_sim.onnx")
    feats = model.run({"input": x})["output"]          # x: numpy array or torch tensor
    out = model(x)                                      # positional: graph inputs in order

The declared input shapes are *not* enforced: a backbone exported for 1x3x255x255 runs on a
1x3x127x127 template crop as long as its ops allow it (Reshape targets that are constants must
still fit). Nodes run in the file's order (ONNX requires topological order). Only the default
("ai.onnx") domain is supported; the operator semantics follow the ONNX spec for the model's
opset (attributes vs. inputs for Clip / Slice / Reshape / Squeeze / Unsqueeze, etc.).

Supported ops: Abs Add AveragePool BatchNormalization Cast Clip Concat Constant ConstantOfShape
Conv Div Exp Flatten Gather Gemm GlobalAveragePool GlobalMaxPool HardSigmoid HardSwish Identity
LeakyRelu Log MatMul Max MaxPool Min Mul Neg Pad Pow ReduceMax ReduceMean ReduceMin ReduceSum Relu Reshape
Shape Sigmoid Slice Softmax Split Sqrt Squeeze Sub Tanh Transpose Unsqueeze.

CLI: ``python3 onnx_torch.py MODEL.onnx`` prints inputs/outputs/op counts; with ``--run`` it feeds
random inputs of the declared shapes (``--shape name=1x3x127x127`` to override) and prints the
output shapes and a checksum.
"""

import argparse
import collections
import math
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

__all__ = ["OnnxTorchModel", "UnsupportedOperator"]

_INT_MAX = 2 ** 63 - 1

# onnx TensorProto data type -> torch dtype
_DTYPES = {
    1: torch.float32, 2: torch.uint8, 3: torch.int8, 5: torch.int16, 6: torch.int32,
    7: torch.int64, 9: torch.bool, 10: torch.float16, 11: torch.float64, 16: torch.bfloat16,
}


class UnsupportedOperator(NotImplementedError):
    pass


def _to_tensor(value):
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(value))
    return torch.as_tensor(value)


def _ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


class OnnxTorchModel:
    def __init__(self, model, dtype=None):
        """model: path or onnx.ModelProto. dtype: optionally cast float initializers (e.g. float64)."""
        if not isinstance(model, onnx.ModelProto):
            model = onnx.load(model)
        self.model = model
        self.graph = model.graph
        self.opset = 1
        for imp in model.opset_import:
            if imp.domain in ("", "ai.onnx"):
                self.opset = imp.version
        self.initializers = {}
        for init in self.graph.initializer:
            t = torch.from_numpy(numpy_helper.to_array(init).copy())
            if dtype is not None and t.is_floating_point():
                t = t.to(dtype)
            self.initializers[init.name] = t
        self.float_dtype = dtype
        self.input_names = [i.name for i in self.graph.input if i.name not in self.initializers]
        self.output_names = [o.name for o in self.graph.output]
        for node in self.graph.node:
            if node.domain not in ("", "ai.onnx"):
                raise UnsupportedOperator("custom domain %r (node %s)" % (node.domain, node.name))
            if not hasattr(self, "_op_" + node.op_type):
                raise UnsupportedOperator("ONNX op %s (node %s) is not implemented"
                                          % (node.op_type, node.name))

    # ------------------------------------------------------------------ public API
    def input_shapes(self):
        out = collections.OrderedDict()
        for i in self.graph.input:
            if i.name in self.initializers:
                continue
            out[i.name] = [d.dim_value if d.HasField("dim_value") else d.dim_param
                           for d in i.type.tensor_type.shape.dim]
        return out

    def op_counts(self):
        return collections.Counter(n.op_type for n in self.graph.node)

    def __call__(self, *args, **kwargs):
        feeds = dict(zip(self.input_names, args))
        feeds.update(kwargs)
        outs = self.run(feeds)
        vals = [outs[n] for n in self.output_names]
        return vals[0] if len(vals) == 1 else tuple(vals)

    def run(self, feeds, outputs=None, keep_intermediates=False):
        """Evaluate the graph. feeds: {input name: array/tensor}. Returns {output name: tensor}."""
        env = dict(self.initializers)
        for name in self.input_names:
            if name not in feeds:
                raise KeyError("missing graph input %r" % name)
        for name, value in feeds.items():
            t = _to_tensor(value)
            if self.float_dtype is not None and t.is_floating_point():
                t = t.to(self.float_dtype)
            env[name] = t
        with torch.no_grad():
            for node in self.graph.node:
                inputs = [env[n] if n else None for n in node.input]
                attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
                result = getattr(self, "_op_" + node.op_type)(inputs, attrs, node)
                if not isinstance(result, (list, tuple)):
                    result = [result]
                for name, value in zip(node.output, result):
                    if name:
                        env[name] = value
        if keep_intermediates:
            return env
        names = outputs or self.output_names
        return collections.OrderedDict((n, env[n]) for n in names)

    # ------------------------------------------------------------------ elementwise
    @staticmethod
    def _op_Identity(x, a, n):
        return x[0]

    @staticmethod
    def _op_Relu(x, a, n):
        return torch.relu(x[0])

    @staticmethod
    def _op_Sigmoid(x, a, n):
        return torch.sigmoid(x[0])

    @staticmethod
    def _op_Tanh(x, a, n):
        return torch.tanh(x[0])

    @staticmethod
    def _op_Exp(x, a, n):
        return torch.exp(x[0])

    @staticmethod
    def _op_Log(x, a, n):
        return torch.log(x[0])

    @staticmethod
    def _op_Sqrt(x, a, n):
        return torch.sqrt(x[0])

    @staticmethod
    def _op_Abs(x, a, n):
        return torch.abs(x[0])

    @staticmethod
    def _op_Neg(x, a, n):
        return torch.neg(x[0])

    @staticmethod
    def _op_LeakyRelu(x, a, n):
        return F.leaky_relu(x[0], a.get("alpha", 0.01))

    @staticmethod
    def _op_HardSigmoid(x, a, n):
        alpha = a.get("alpha", 0.2)
        beta = a.get("beta", 0.5)
        return torch.clamp(x[0] * alpha + beta, 0.0, 1.0)

    @staticmethod
    def _op_HardSwish(x, a, n):
        # y = x * max(0, min(1, alpha*x + beta)), alpha = 1/6, beta = 0.5 (opset 14)
        v = x[0]
        return v * torch.clamp(v * (1.0 / 6.0) + 0.5, 0.0, 1.0)

    def _op_Clip(self, x, a, n):
        v = x[0]
        if self.opset < 11:
            lo = a.get("min", None)
            hi = a.get("max", None)
        else:
            lo = x[1].item() if len(x) > 1 and x[1] is not None else None
            hi = x[2].item() if len(x) > 2 and x[2] is not None else None
        if lo is None and hi is None:
            return v
        return torch.clamp(v, min=lo, max=hi)

    @staticmethod
    def _op_Add(x, a, n):
        return x[0] + x[1]

    @staticmethod
    def _op_Sub(x, a, n):
        return x[0] - x[1]

    @staticmethod
    def _op_Mul(x, a, n):
        return x[0] * x[1]

    @staticmethod
    def _op_Div(x, a, n):
        if x[0].is_floating_point() or x[1].is_floating_point():
            return x[0] / x[1]
        return torch.div(x[0], x[1], rounding_mode="trunc")

    @staticmethod
    def _op_Pow(x, a, n):
        return torch.pow(x[0], x[1]).to(x[0].dtype)

    @staticmethod
    def _op_Max(x, a, n):
        out = x[0]
        for v in x[1:]:
            out = torch.maximum(out, v)
        return out

    @staticmethod
    def _op_Min(x, a, n):
        out = x[0]
        for v in x[1:]:
            out = torch.minimum(out, v)
        return out

    @staticmethod
    def _op_Cast(x, a, n):
        return x[0].to(_DTYPES[a["to"]])

    # ------------------------------------------------------------------ linear algebra
    @staticmethod
    def _op_MatMul(x, a, n):
        return torch.matmul(x[0], x[1])

    @staticmethod
    def _op_Gemm(x, a, n):
        A, B = x[0], x[1]
        C = x[2] if len(x) > 2 else None
        if a.get("transA", 0):
            A = A.t()
        if a.get("transB", 0):
            B = B.t()
        y = torch.matmul(A, B)
        alpha = a.get("alpha", 1.0)
        beta = a.get("beta", 1.0)
        if alpha != 1.0:
            y = y * alpha
        if C is not None:
            y = y + (C * beta if beta != 1.0 else C)
        return y

    # ------------------------------------------------------------------ convolution / pooling
    @staticmethod
    def _resolve_pads(a, in_spatial, kernel, strides, dilations):
        """Per-dim (begin, end) padding from pads / auto_pad."""
        nd = len(kernel)
        auto_pad = a.get("auto_pad", b"NOTSET")
        if isinstance(auto_pad, bytes):
            auto_pad = auto_pad.decode()
        if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            pads = []
            for i in range(nd):
                out = -(-in_spatial[i] // strides[i])
                eff_k = (kernel[i] - 1) * dilations[i] + 1
                total = max(0, (out - 1) * strides[i] + eff_k - in_spatial[i])
                small, big = total // 2, total - total // 2
                pads.append((small, big) if auto_pad == "SAME_UPPER" else (big, small))
            return pads
        if auto_pad == "VALID":
            return [(0, 0)] * nd
        p = list(a.get("pads", [0] * (2 * nd)))
        return [(p[i], p[i + nd]) for i in range(nd)]

    @staticmethod
    def _pad_input(v, pads, value=0.0):
        """Apply explicit (begin, end) pads; returns (tensor, symmetric padding tuple)."""
        if all(b == e for b, e in pads):
            return v, tuple(b for b, _ in pads)
        flat = []
        for b, e in reversed(pads):
            flat += [b, e]
        return F.pad(v, flat, value=value), tuple(0 for _ in pads)

    def _op_Conv(self, x, a, n):
        X, W = x[0], x[1]
        B = x[2] if len(x) > 2 else None
        nd = W.dim() - 2
        kernel = list(a.get("kernel_shape", W.shape[2:]))
        strides = list(a.get("strides", [1] * nd))
        dilations = list(a.get("dilations", [1] * nd))
        group = a.get("group", 1)
        pads = self._resolve_pads(a, list(X.shape[2:]), kernel, strides, dilations)
        X, padding = self._pad_input(X, pads)
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[nd]
        return conv(X, W, B, stride=strides, padding=padding, dilation=dilations, groups=group)

    def _op_MaxPool(self, x, a, n):
        X = x[0]
        kernel = list(a["kernel_shape"])
        nd = len(kernel)
        strides = list(a.get("strides", [1] * nd))
        dilations = list(a.get("dilations", [1] * nd))
        pads = self._resolve_pads(a, list(X.shape[2:]), kernel, strides, dilations)
        X, padding = self._pad_input(X, pads, value=-math.inf)
        pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[nd]
        return pool(X, kernel, strides, padding, dilations, ceil_mode=bool(a.get("ceil_mode", 0)))

    def _op_AveragePool(self, x, a, n):
        X = x[0]
        kernel = list(a["kernel_shape"])
        nd = len(kernel)
        strides = list(a.get("strides", [1] * nd))
        pads = self._resolve_pads(a, list(X.shape[2:]), kernel, strides, [1] * nd)
        include_pad = bool(a.get("count_include_pad", 0))
        if not all(b == e for b, e in pads):
            if not include_pad:
                raise UnsupportedOperator("AveragePool with asymmetric pads and count_include_pad=0")
            X, padding = self._pad_input(X, pads)
        else:
            padding = tuple(b for b, _ in pads)
        pool = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[nd]
        return pool(X, kernel, strides, padding, ceil_mode=bool(a.get("ceil_mode", 0)),
                    count_include_pad=include_pad)

    @staticmethod
    def _op_GlobalAveragePool(x, a, n):
        v = x[0]
        return v.mean(dim=tuple(range(2, v.dim())), keepdim=True)

    @staticmethod
    def _op_GlobalMaxPool(x, a, n):
        v = x[0]
        return v.amax(dim=tuple(range(2, v.dim())), keepdim=True)

    @staticmethod
    def _op_BatchNormalization(x, a, n):
        X, scale, bias, mean, var = x[:5]
        return F.batch_norm(X, mean, var, scale, bias, training=False, eps=a.get("epsilon", 1e-5))

    def _op_Softmax(self, x, a, n):
        v = x[0]
        if self.opset >= 13:
            return torch.softmax(v, dim=a.get("axis", -1))
        axis = a.get("axis", 1)
        axis = axis + v.dim() if axis < 0 else axis
        shape = v.shape
        flat = v.reshape(int(np.prod(shape[:axis], dtype=np.int64)), -1)
        return torch.softmax(flat, dim=1).reshape(shape)

    def _op_ReduceMean(self, x, a, n):
        v = x[0]
        if self.opset >= 18 and len(x) > 1 and x[1] is not None:
            axes = _ints(x[1])
        else:
            axes = a.get("axes", None)
        keep = bool(a.get("keepdims", 1))
        if not axes:
            if a.get("noop_with_empty_axes", 0):
                return v
            axes = list(range(v.dim()))
        return v.mean(dim=tuple(axes), keepdim=keep)

    def _reduce(self, x, a, fn):
        v = x[0]
        if self.opset >= 18 and len(x) > 1 and x[1] is not None:
            axes = _ints(x[1])
        else:
            axes = a.get("axes", None)
        keep = bool(a.get("keepdims", 1))
        if not axes:
            if a.get("noop_with_empty_axes", 0):
                return v
            axes = list(range(v.dim()))
        return fn(v, tuple(axes), keep)

    def _op_ReduceMax(self, x, a, n):
        return self._reduce(x, a, lambda v, d, k: v.amax(dim=d, keepdim=k))

    def _op_ReduceMin(self, x, a, n):
        return self._reduce(x, a, lambda v, d, k: v.amin(dim=d, keepdim=k))

    def _op_ReduceSum(self, x, a, n):
        # opset >= 13: axes is an optional input
        if self.opset >= 13:
            v = x[0]
            axes = _ints(x[1]) if len(x) > 1 and x[1] is not None else []
            keep = bool(a.get("keepdims", 1))
            if not axes:
                if a.get("noop_with_empty_axes", 0):
                    return v
                axes = list(range(v.dim()))
            return v.sum(dim=tuple(axes), keepdim=keep)
        return self._reduce(x, a, lambda v, d, k: v.sum(dim=d, keepdim=k))

    # ------------------------------------------------------------------ shape manipulation
    def _op_Reshape(self, x, a, n):
        v = x[0]
        shape = _ints(x[1]) if self.opset >= 5 else list(a["shape"])
        allowzero = a.get("allowzero", 0)
        if not allowzero:
            shape = [v.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return v.reshape(shape)

    @staticmethod
    def _op_Flatten(x, a, n):
        v = x[0]
        axis = a.get("axis", 1)
        axis = axis + v.dim() if axis < 0 else axis
        lead = int(np.prod(v.shape[:axis], dtype=np.int64))
        return v.reshape(lead, -1)

    @staticmethod
    def _op_Transpose(x, a, n):
        v = x[0]
        perm = a.get("perm", list(reversed(range(v.dim()))))
        return v.permute(*perm)

    def _op_Squeeze(self, x, a, n):
        v = x[0]
        if self.opset >= 13:
            axes = _ints(x[1]) if len(x) > 1 and x[1] is not None else None
        else:
            axes = a.get("axes", None)
        if axes is None:
            return v.squeeze()
        axes = sorted((ax + v.dim()) if ax < 0 else ax for ax in axes)
        for ax in reversed(axes):
            v = v.squeeze(ax)
        return v

    def _op_Unsqueeze(self, x, a, n):
        v = x[0]
        axes = _ints(x[1]) if self.opset >= 13 else list(a["axes"])
        rank = v.dim() + len(axes)
        for ax in sorted((ax + rank) if ax < 0 else ax for ax in axes):
            v = v.unsqueeze(ax)
        return v

    @staticmethod
    def _op_Concat(x, a, n):
        return torch.cat([v for v in x if v is not None], dim=a["axis"])

    def _op_Split(self, x, a, n):
        v = x[0]
        axis = a.get("axis", 0)
        if self.opset >= 13:
            split = _ints(x[1]) if len(x) > 1 and x[1] is not None else None
        else:
            split = a.get("split", None)
        if split is None:
            parts = len(n.output)
            size = -(-v.shape[axis] // parts)
            split = [size] * (parts - 1) + [v.shape[axis] - size * (parts - 1)]
        return list(torch.split(v, list(split), dim=axis))

    def _op_Slice(self, x, a, n):
        v = x[0]
        if self.opset < 10:
            starts, ends = list(a["starts"]), list(a["ends"])
            axes = list(a.get("axes", range(len(starts))))
            steps = [1] * len(starts)
        else:
            starts, ends = _ints(x[1]), _ints(x[2])
            axes = _ints(x[3]) if len(x) > 3 and x[3] is not None else list(range(len(starts)))
            steps = _ints(x[4]) if len(x) > 4 and x[4] is not None else [1] * len(starts)
        for start, end, axis, step in zip(starts, ends, axes, steps):
            axis = axis + v.dim() if axis < 0 else axis
            dim = v.shape[axis]
            if step == 0:
                raise ValueError("Slice step 0")
            start = start + dim if start < 0 else start
            end = end + dim if end < 0 else end
            if step > 0:
                start = min(max(start, 0), dim)
                end = min(max(end, 0), dim)
            else:
                start = min(max(start, 0), dim - 1)
                end = min(max(end, -1), dim - 1)
            idx = torch.arange(start, end, step, dtype=torch.long)
            v = v.index_select(axis, idx)
        return v

    @staticmethod
    def _op_Shape(x, a, n):
        shape = list(x[0].shape)
        start = a.get("start", 0)
        end = a.get("end", None)
        return torch.tensor(shape[start:end], dtype=torch.int64)

    @staticmethod
    def _op_Gather(x, a, n):
        v, idx = x[0], x[1].to(torch.long)
        axis = a.get("axis", 0)
        axis = axis + v.dim() if axis < 0 else axis
        idx = torch.where(idx < 0, idx + v.shape[axis], idx)
        out = v.index_select(axis, idx.reshape(-1))
        return out.reshape(list(v.shape[:axis]) + list(idx.shape) + list(v.shape[axis + 1:]))

    def _op_Pad(self, x, a, n):
        v = x[0]
        mode = a.get("mode", b"constant")
        mode = mode.decode() if isinstance(mode, bytes) else mode
        if self.opset >= 11:
            pads = _ints(x[1])
            value = x[2].item() if len(x) > 2 and x[2] is not None else 0.0
        else:
            pads = list(a["pads"])
            value = a.get("value", 0.0)
        nd = v.dim()
        flat = []
        for i in reversed(range(nd)):
            flat += [pads[i], pads[i + nd]]
        torch_mode = {"constant": "constant", "reflect": "reflect", "edge": "replicate"}[mode]
        if torch_mode == "constant":
            return F.pad(v, flat, mode="constant", value=value)
        while flat[-2:] == [0, 0] and len(flat) > 2:  # torch pads only trailing dims here
            flat = flat[:-2]
        return F.pad(v, flat, mode=torch_mode)

    # ------------------------------------------------------------------ constants
    @staticmethod
    def _op_Constant(x, a, n):
        if "value" in a:
            return torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        if "value_float" in a:
            return torch.tensor(a["value_float"], dtype=torch.float32)
        if "value_floats" in a:
            return torch.tensor(list(a["value_floats"]), dtype=torch.float32)
        if "value_int" in a:
            return torch.tensor(a["value_int"], dtype=torch.int64)
        if "value_ints" in a:
            return torch.tensor(list(a["value_ints"]), dtype=torch.int64)
        raise UnsupportedOperator("Constant with attributes %s" % sorted(a))

    @staticmethod
    def _op_ConstantOfShape(x, a, n):
        shape = _ints(x[0])
        if "value" in a:
            val = torch.from_numpy(numpy_helper.to_array(a["value"]).copy()).reshape(-1)
            return torch.full(shape, val[0].item(), dtype=val.dtype)
        return torch.zeros(shape, dtype=torch.float32)


def _parse_shape(text):
    name, dims = text.split("=", 1)
    return name, [int(d) for d in dims.lower().split("x")]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--run", action="store_true", help="run once on random inputs")
    ap.add_argument("--shape", action="append", default=[], help="override input shape name=1x3x127x127")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    m = OnnxTorchModel(args.model)
    print("opset", m.opset)
    shapes = m.input_shapes()
    for name, shape in shapes.items():
        print("input ", name, shape)
    print("output", m.output_names)
    print("ops   ", dict(sorted(m.op_counts().items())))
    if args.run:
        shapes.update(dict(_parse_shape(s) for s in args.shape))
        rng = np.random.default_rng(args.seed)
        feeds = {k: rng.standard_normal([int(d) for d in v]).astype(np.float32) for k, v in shapes.items()}
        for name, val in m.run(feeds).items():
            print(name, tuple(val.shape), "sum=%.6f" % float(val.double().sum()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
