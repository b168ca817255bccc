#!/usr/bin/python3
"""Builds the small ONNX models the ONNX Runtime binding tests load.

Run:  /usr/bin/python3 models/recipes/testdata_onnx.py [out_dir]
      (default out_dir: models/testdata/onnx next to this recipe's parent)

Everything is written with onnx.helper (no PyTorch), deterministic, opset 17 /
IR 8 so any ONNX Runtime >= 1.14 loads it. The models and what tests may rely
on are described in models/testdata/onnx/README.md; keep the two in step.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8


def _model(graph, doc):
    m = helper.make_model(
        graph,
        opset_imports=[helper.make_operatorsetid("", OPSET)],
        producer_name="taco-testdata-recipe",
        doc_string=doc,
    )
    m.ir_version = IR_VERSION
    onnx.checker.check_model(m, full_check=True)
    return m


def identity_f32():
    # Two symbolic dims so the binding's metadata code sees names, not numbers.
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["d0", "d1"])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["d0", "d1"])
    g = helper.make_graph([helper.make_node("Identity", ["input"], ["output"])],
                          "identity_f32", [x], [y])
    return _model(g, "output = input; float32, shape [d0, d1] (both symbolic)")


def matmul_weight():
    # A closed-form weight so a C# test can compute the expected product itself
    # instead of trusting numbers copied from here.
    i = np.arange(64).reshape(64, 1)
    j = np.arange(64).reshape(1, 64)
    return (((i * 7 + j * 3) % 11) - 5).astype(np.float32) / np.float32(10.0)


def matmul_small():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64])
    w = numpy_helper.from_array(matmul_weight(), "W")
    g = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["y"])],
                          "matmul_small", [x], [y], initializer=[w])
    return _model(g, "y = x @ W, W[i,j] = (((7*i + 3*j) mod 11) - 5) / 10")


SLOW_N = 512


def slow_loop():
    # One Loop whose body is a 512x512 MatMul + Tanh per iteration. ONNX Runtime
    # checks RunOptions' terminate flag between node executions, also inside the
    # Loop subgraph, so a terminate request lands within one iteration (~ms).
    n = SLOW_N
    # W and S0 are computed in the graph from a Range (closed-form, no stored
    # 1 MB initializers) so the committed file stays a few hundred bytes.
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("MatMul", ["state_in", "W"], ["prod"]),
            helper.make_node("Tanh", ["prod"], ["state_out"]),
        ],
        "slow_loop_body",
        [
            helper.make_tensor_value_info("iter", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("state_in", TensorProto.FLOAT, [n, n]),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("state_out", TensorProto.FLOAT, [n, n]),
        ],
    )
    def const(name, value):
        return numpy_helper.from_array(np.asarray(value), name)

    nodes = [
        # idx = [0..n); grid[i, j] = i*j*0.0173 + 0.5*i
        helper.make_node("Range", ["zero", "n_f", "one"], ["idx"]),
        helper.make_node("Unsqueeze", ["idx", "ax1"], ["col"]),
        helper.make_node("Unsqueeze", ["idx", "ax0"], ["row"]),
        helper.make_node("Mul", ["col", "row"], ["ij"]),
        helper.make_node("Mul", ["ij", "k1"], ["ij_k"]),
        helper.make_node("Mul", ["col", "half"], ["i_half"]),
        helper.make_node("Add", ["ij_k", "i_half"], ["grid"]),
        # W = sin(grid) * 2/sqrt(n);  S0 = cos(grid) * 0.1
        helper.make_node("Sin", ["grid"], ["sin_grid"]),
        helper.make_node("Mul", ["sin_grid", "w_scale"], ["W"]),
        helper.make_node("Cos", ["grid"], ["cos_grid"]),
        helper.make_node("Mul", ["cos_grid", "s_scale"], ["S0"]),
        helper.make_node("Constant", [], ["cond"],
                         value=helper.make_tensor("cond_value", TensorProto.BOOL, [], [True])),
        helper.make_node("Loop", ["iterations", "cond", "S0"], ["final_state"], body=body),
        helper.make_node("ReduceMean", ["final_state"], ["y"], axes=[0, 1], keepdims=0),
        helper.make_node("Reshape", ["y", "shape1"], ["result"]),
    ]
    g = helper.make_graph(
        nodes, "slow_loop",
        [helper.make_tensor_value_info("iterations", TensorProto.INT64, [])],
        [helper.make_tensor_value_info("result", TensorProto.FLOAT, [1])],
        initializer=[
            const("zero", np.float32(0)),
            const("one", np.float32(1)),
            const("n_f", np.float32(n)),
            const("ax0", np.array([0], dtype=np.int64)),
            const("ax1", np.array([1], dtype=np.int64)),
            const("k1", np.float32(0.0173)),
            const("half", np.float32(0.5)),
            const("w_scale", np.float32(2.0 / np.sqrt(n))),
            const("s_scale", np.float32(0.1)),
            const("shape1", np.array([1], dtype=np.int64)),
        ],
    )
    return _model(g, "result = mean(tanh(...tanh(S0 @ W) @ W...)), `iterations` MatMuls of 512x512")


MULTI = [
    ("f16", TensorProto.FLOAT16),
    ("i64", TensorProto.INT64),
    ("i32", TensorProto.INT32),
    ("bool", TensorProto.BOOL),
    ("u8", TensorProto.UINT8),
]


def multi_types():
    inputs, outputs, nodes = [], [], []
    for suffix, et in MULTI:
        inputs.append(helper.make_tensor_value_info(f"input_{suffix}", et, [f"n_{suffix}"]))
        outputs.append(helper.make_tensor_value_info(f"output_{suffix}", et, [f"n_{suffix}"]))
        nodes.append(helper.make_node("Identity", [f"input_{suffix}"], [f"output_{suffix}"]))
    g = helper.make_graph(nodes, "multi_types", inputs, outputs)
    return _model(g, "output_X = input_X for X in f16, i64, i32, bool, u8; 1-D, each with its own symbolic length n_X")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "testdata", "onnx")
    os.makedirs(out, exist_ok=True)
    for name, build in [("identity_f32", identity_f32), ("matmul_small", matmul_small),
                        ("slow_loop", slow_loop), ("multi_types", multi_types)]:
        path = os.path.join(out, name + ".onnx")
        onnx.save(build(), path)
        print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
