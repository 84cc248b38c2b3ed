"""Pack-time graph edit: give the search graph's template-feature inputs a batch (one template per search crop).

The exporter traces the template features with batch 1, so a pixel-wise correlation's
``kernel.reshape(kernel.shape[0], C, -1)`` becomes ``Reshape(zf, Concat([1], Shape(x)[1], [-1]))``. This edit, made
once when the pack is written (never when it is loaded), declares dim 0 of those inputs symbolic (``Nz``) and turns
each constant leading 1 of a Reshape target (directly, or as the first input of the Concat that builds it) into 0,
which copies the input's batch. A batch-1 template still broadcasts over N search crops (MatMul broadcasting), so
tracking is unchanged; the runtime's batch mode then runs many targets, each with its own template, in one call
(it checks a batched call against per-item calls before using it). Only the graph changes: initializers
(weights) are left byte for byte. Uses the onnx package (Debian's python3-onnx).

    python3 -m siamese_training.graph_edits PACK_DIR      # edits the pack's search graphs and model.json in place
"""

import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

BATCH_PARAM = "Nz"


def _constant_tensors(graph):
    """name -> TensorProto for initializers and Constant nodes' ``value``."""
    out = {t.name: t for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and len(node.output) == 1:
            for a in node.attribute:
                if a.name == "value":
                    out[node.output[0]] = a.t
    return out


def _rewrite_leading_one(tensor):
    values = numpy_helper.to_array(tensor)
    if values.dtype != np.int64 or values.ndim != 1 or values.size == 0 or values[0] != 1:
        return False
    values = values.copy()
    values[0] = 0
    tensor.CopyFrom(numpy_helper.from_array(values, tensor.name))
    return True


def free_template_batch(path, binds):
    """Edit the ONNX file at ``path`` in place; returns the number of Reshape targets rewritten.

    ``binds``: names of the graph inputs that carry template features (their dim 0 becomes ``Nz``).
    Raises ValueError when a target to rewrite is shared with another operator or uses ``allowzero``.
    """
    model = onnx.load(path)
    graph = model.graph
    found = set()
    for vi in graph.input:
        if vi.name in binds:
            d = vi.type.tensor_type.shape.dim[0]
            d.ClearField("dim_value")
            d.dim_param = BATCH_PARAM
            found.add(vi.name)
    missing = set(binds) - found
    if missing:
        raise ValueError("%s: no graph input(s) %s" % (path, ", ".join(sorted(missing))))
    uses = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    producers = {o: n for n in graph.node for o in n.output}
    constants = _constant_tensors(graph)
    targets = []
    for node in graph.node:
        if node.op_type != "Reshape" or node.input[0] in constants:   # reshaping a constant: no batch involved
            continue
        if any(a.name == "allowzero" and a.i for a in node.attribute):
            raise ValueError("%s: Reshape %s uses allowzero" % (path, node.name))
        shape = node.input[1]
        if shape in constants:
            targets.append(shape)
        elif shape in producers and producers[shape].op_type == "Concat" and producers[shape].input[0] in constants:
            targets.append(producers[shape].input[0])
    rewritten = 0
    for name in targets:
        if uses.get(name, 0) != 1:
            raise ValueError("%s: Reshape target %s is also used by other operators" % (path, name))
        rewritten += _rewrite_leading_one(constants[name])
    del graph.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return rewritten


def search_feature_inputs(doc):
    """(file, [binds]) of each search graph that reads template outputs, from a manifest dict."""
    produced = {t["bind"] for g in doc["template"] for t in g["outputs"]}
    return [(g["file"], [t["name"] for t in g["inputs"] if t["bind"] in produced]) for g in doc["search"]
            if any(t["bind"] in produced for t in g["inputs"])]


def free_pack_template_batch(pack_dir, doc):
    """Apply :func:`free_template_batch` to the pack's search graphs and mark the features' batch -1 in ``doc``."""
    produced = {t["bind"] for g in doc["template"] for t in g["outputs"]}
    total = 0
    for file, names in search_feature_inputs(doc):
        total += free_template_batch(os.path.join(pack_dir, file), names)
    for g in doc["search"]:
        for t in g["inputs"]:
            if t["bind"] in produced:
                t["shape"] = [-1] + list(t["shape"][1:])
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pack", help="pack folder (model.json + ONNX files); edited in place")
    args = ap.parse_args(argv)
    from .export import dumps_manifest
    manifest = os.path.join(args.pack, "model.json")
    with open(manifest) as f:
        doc = json.load(f)
    n = free_pack_template_batch(args.pack, doc)
    with open(manifest, "w") as f:
        f.write(dumps_manifest(doc))
    print("%s: template features take a batch (%d Reshape target(s) rewritten)" % (args.pack, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
