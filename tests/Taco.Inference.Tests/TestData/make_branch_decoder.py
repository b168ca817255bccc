"""Builds decoder_with_branch_inputs_fp16.onnx: tiny-llava's fp16 decoder with the two optional inputs
onnx-community decoders carry, so the runtime's handling of them is tested on a real graph:
  use_cache_branch  bool [1]      (merged decoders: ONNX Runtime insists every graph input is fed)
  num_logits_to_keep int64 scalar (logits are sliced to the last n positions)
Run from the repository root:  /usr/bin/python3 tests/Taco.Inference.Tests/TestData/make_branch_decoder.py
Deterministic: same input, same bytes."""
import os
import onnx
from onnx import helper, TensorProto

here = os.path.dirname(os.path.abspath(__file__))
model = onnx.load("models/tiny-llava/onnx/decoder_model_merged_fp16.onnx")
graph = model.graph

for node in graph.node:
    node.output[:] = ["full_logits" if o == "logits" else o for o in node.output]

graph.input.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
graph.input.append(helper.make_tensor_value_info("num_logits_to_keep", TensorProto.INT64, []))
graph.initializer.extend([
    helper.make_tensor("keep_axes0", TensorProto.INT64, [1], [0]),
    helper.make_tensor("keep_axis1", TensorProto.INT64, [1], [1]),
    helper.make_tensor("keep_end", TensorProto.INT64, [1], [2**62]),
])
graph.node.extend([
    helper.make_node("Neg", ["num_logits_to_keep"], ["keep_neg"]),
    helper.make_node("Unsqueeze", ["keep_neg", "keep_axes0"], ["keep_start"]),
    helper.make_node("Slice", ["full_logits", "keep_start", "keep_end", "keep_axis1"], ["logits"]),
])
logits = next(o for o in graph.output if o.name == "logits")
logits.type.tensor_type.shape.dim[1].dim_param = "num_logits_to_keep"
onnx.checker.check_model(model)
onnx.save(model, os.path.join(here, "decoder_with_branch_inputs_fp16.onnx"))
