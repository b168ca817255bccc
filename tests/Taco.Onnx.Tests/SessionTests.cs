namespace Taco.Onnx.Tests;

public sealed class SessionTests
{
    private static OnnxRuntime Ort => Runtime.Ort;

    [Fact]
    public void Metadata_reports_names_types_and_symbolic_dimensions()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        var input = Assert.Single(session.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(OnnxValueType.Tensor, input.ValueType);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([-1L, -1L], input.Shape);
        Assert.Equal(["d0", "d1"], input.SymbolicDimensions);
        Assert.Equal("output", Assert.Single(session.Outputs).Name);
    }

    [Fact]
    public void Session_from_bytes_runs_like_session_from_file()
    {
        var bytes = File.ReadAllBytes(TestPaths.TestModel("matmul_small.onnx"));
        using var fromBytes = InferenceSession.FromBytes(Ort, bytes);
        using var fromFile = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        var x = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i)).ToArray();
        using var input = OrtValue.CreateTensor(Ort, x, 1, 64);
        using var a = fromBytes.Run(new Dictionary<string, OrtValue> { ["x"] = input });
        using var b = fromFile.Run(new Dictionary<string, OrtValue> { ["x"] = input });
        Assert.Equal(a["y"].ToArray<float>(), b["y"].ToArray<float>());
    }

    [Fact]
    public void MatMul_matches_the_product_computed_from_the_documented_weights()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        var x = Enumerable.Range(0, 64).Select(i => (i % 5) - 2f).ToArray();
        using var input = OrtValue.CreateTensor(Ort, x, 1, 64);
        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["x"] = input });
        var y = outputs["y"].GetTensorSpan<float>();
        Assert.Equal([1L, 64L], outputs["y"].Shape);
        for (var j = 0; j < 64; j++)
        {
            double expected = 0;
            for (var i = 0; i < 64; i++)
            {
                expected += x[i] * ((((7 * i) + (3 * j)) % 11) - 5) / 10.0;
            }

            Assert.Equal(expected, y[j], 4);
        }
    }

    [Fact]
    public void Tensors_of_every_supported_type_round_trip_without_change()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("multi_types.onnx"));
        var f16 = new[] { (Half)1.5f, (Half)(-2.25f), Half.MaxValue };
        var i64 = new[] { long.MinValue, 0L, long.MaxValue };
        var i32 = new[] { int.MinValue, -1, int.MaxValue, 7 };
        var bools = new[] { true, false, true };
        var u8 = new byte[] { 0, 128, 255 };
        using var vf16 = OrtValue.CreateTensor(Ort, f16, f16.Length);
        using var vi64 = OrtValue.CreateTensor(Ort, i64, i64.Length);
        using var vi32 = OrtValue.CreateTensor(Ort, i32, i32.Length);
        using var vb = OrtValue.CreateTensor(Ort, bools, bools.Length);
        using var vu8 = OrtValue.CreateTensor(Ort, u8, u8.Length);
        using var outputs = session.Run(new Dictionary<string, OrtValue>
        {
            ["input_f16"] = vf16,
            ["input_i64"] = vi64,
            ["input_i32"] = vi32,
            ["input_bool"] = vb,
            ["input_u8"] = vu8,
        });
        Assert.Equal(f16, outputs["output_f16"].ToArray<Half>());
        Assert.Equal(i64, outputs["output_i64"].ToArray<long>());
        Assert.Equal(i32, outputs["output_i32"].ToArray<int>());
        Assert.Equal(bools, outputs["output_bool"].ToArray<bool>());
        Assert.Equal(u8, outputs["output_u8"].ToArray<byte>());
        Assert.Equal(TensorElementType.Float16, outputs["output_f16"].ElementType);
    }

    [Fact]
    public void A_tensor_over_managed_memory_is_not_a_copy()
    {
        var data = new float[] { 1, 2, 3, 4 };
        using var value = OrtValue.CreateTensor(Ort, data, 2, 2);
        data[3] = 42;
        Assert.Equal(42, value.GetTensorSpan<float>()[3]);
        value.GetTensorSpan<float>()[0] = -1;
        Assert.Equal(-1, data[0]);
    }

    [Fact]
    public void Preallocated_outputs_are_filled_in_place()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        var input = new float[] { 1, 2, 3, 4, 5, 6 };
        var target = new float[6];
        using var inValue = OrtValue.CreateTensor(Ort, input, 2, 3);
        using var outValue = OrtValue.CreateTensor(Ort, target, 2, 3);
        var outputs = new OrtValue?[] { outValue };
        session.Run(["input"], [inValue], ["output"], outputs);
        Assert.Same(outValue, outputs[0]);
        Assert.Equal(input, target);
    }

    [Fact]
    public void IoBinding_feeds_an_output_back_as_the_next_input_without_copying()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        using var binding = session.CreateIoBinding();
        var x = new float[64];
        x[0] = 1;
        using var first = OrtValue.CreateTensor(Ort, x, 1, 64);
        binding.BindInput("x", first);
        binding.BindOutputToCpu("y");
        binding.Run();
        using var step1 = binding.GetOutputs();
        var y1 = step1["y"].ToArray<float>();

        // Row 0 of W is y1; feeding y1 back must give y1 · W. The output is bound afresh: a bound
        // output is reused by the next run, and writing into the buffer being read would alias.
        binding.BindInput("x", step1["y"]);
        binding.BindOutputToCpu("y");
        binding.Run();
        using var step2 = binding.GetOutputs();
        var y2 = step2["y"].GetTensorSpan<float>();
        for (var j = 0; j < 64; j++)
        {
            double expected = 0;
            for (var i = 0; i < 64; i++)
            {
                expected += y1[i] * ((((7 * i) + (3 * j)) % 11) - 5) / 10.0;
            }

            Assert.Equal(expected, y2[j], 3);
        }
    }

    [Fact]
    public void IoBinding_writes_into_a_preallocated_output_across_runs()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var binding = session.CreateIoBinding();
        var input = new float[] { 1, 2 };
        var output = new float[2];
        using var inValue = OrtValue.CreateTensor(Ort, input, 1, 2);
        using var outValue = OrtValue.CreateTensor(Ort, output, 1, 2);
        binding.BindInput("input", inValue);
        binding.BindOutput("output", outValue);
        binding.Run();
        Assert.Equal([1f, 2f], output);
        input[0] = 9;
        binding.Run();
        Assert.Equal([9f, 2f], output);
    }

    [Fact]
    public void Unknown_execution_provider_names_the_ones_available()
    {
        var error = Assert.Throws<ExecutionProviderException>(() =>
            InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"), new SessionOptions { ExecutionProvider = "NoSuchAccelerator" }));
        Assert.Contains("CPUExecutionProvider", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchAccelerator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_CUDA_where_it_cannot_start_is_one_clear_error()
    {
        // The CPU package has no CUDA provider; the GPU package has one that needs CUDA's libraries and a GPU,
        // neither of which this machine has. Either way the message names CUDA and what does work.
        var error = Assert.Throws<ExecutionProviderException>(() =>
            InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"), new SessionOptions { ExecutionProvider = "CUDA" }));
        Assert.Contains("'CUDA'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Session_options_are_applied()
    {
        var options = new SessionOptions
        {
            IntraOpThreads = 1,
            InterOpThreads = 1,
            OptimizationLevel = GraphOptimizationLevel.Basic,
            ExecutionProvider = "cpu",
            ConfigEntries = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" },
        };
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"), options);
        Assert.Single(session.Inputs);

        Assert.Throws<InvalidOperationException>(() =>
            InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"), options with { IntraOpThreads = -1 }));
    }
}
