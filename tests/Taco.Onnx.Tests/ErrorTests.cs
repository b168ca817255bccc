namespace Taco.Onnx.Tests;

public sealed class ErrorTests
{
    private static OnnxRuntime Ort => Runtime.Ort;

    [Fact]
    public void Missing_model_file_is_an_OrtException_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "taco-no-such-model-" + Guid.NewGuid() + ".onnx");
        var error = Assert.Throws<OrtException>(() => InferenceSession.FromFile(Ort, path));
        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_model_bytes_are_an_OrtException()
    {
        var bytes = File.ReadAllBytes(TestPaths.TestModel("matmul_small.onnx"));
        var corrupt = bytes.Take(bytes.Length / 3).Concat(Enumerable.Repeat((byte)0xFF, 64)).ToArray();
        var error = Assert.Throws<OrtException>(() => InferenceSession.FromBytes(Ort, corrupt));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.NativeMessage));

        var text = "this is not a model"u8.ToArray();
        Assert.Throws<OrtException>(() => InferenceSession.FromBytes(Ort, text));
    }

    [Fact]
    public void Unknown_input_name_is_reported_in_ORTs_words()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var value = OrtValue.CreateTensor(Ort, new float[] { 1 }, 1, 1);
        var error = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, OrtValue> { ["nope"] = value }));
        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("nope", error.NativeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_output_name_is_an_OrtException()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var value = OrtValue.CreateTensor(Ort, new float[] { 1 }, 1, 1);
        var error = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, OrtValue> { ["input"] = value }, ["missing_output"]));
        Assert.Contains("missing_output", error.NativeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_is_an_OrtException()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        using var value = OrtValue.CreateTensor(Ort, new float[32], 1, 32);
        var error = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, OrtValue> { ["x"] = value }));
        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("dimension", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_element_type_is_an_OrtException()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        using var value = OrtValue.CreateTensor(Ort, new long[64], 1, 64);
        var error = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, OrtValue> { ["x"] = value }));
        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("type", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Buffer_and_shape_that_disagree_are_refused_before_any_native_call()
    {
        var error = Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(Ort, new float[5], 2, 3));
        Assert.Contains("6 elements", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(Ort, new float[1], -1));
    }

    [Fact]
    public void Reading_a_tensor_as_the_wrong_type_is_refused()
    {
        using var value = OrtValue.CreateTensor(Ort, new float[] { 1, 2 }, 2);
        Assert.Throws<InvalidOperationException>(() => value.GetTensorSpan<long>().Length);
    }

    [Fact]
    public void An_explicit_library_path_that_does_not_exist_is_named_in_the_error()
    {
        var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibraryLocator.Resolve("/nonexistent/libonnxruntime.so.1"));
        Assert.Contains("/nonexistent/libonnxruntime.so.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_locator_lists_every_place_it_tries_in_order()
    {
        var places = OrtLibraryLocator.Candidates("/x/lib.so").Select(c => c.Source).ToList();
        Assert.Equal("--ort-library", places[0]);
        Assert.Equal("Microsoft.ML.OnnxRuntime package", places[^2]);
        Assert.Equal("next to the application", places[^1]);
    }
}
