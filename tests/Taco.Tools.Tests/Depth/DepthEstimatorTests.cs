using Taco.Imaging;
using Taco.Tools.Depth;
using Xunit.Abstractions;

namespace Taco.Tools.Tests.Depth;

/// <summary>Each stage of the depth tool against the recipe's PyTorch goldens, then the whole path from a PNG.</summary>
public sealed class DepthEstimatorTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "tiny-depth", "scene_a" },
        { "tiny-depth", "depth_scene" },
        { "tiny-depth-trained", "scene_a" },
        { "tiny-depth-trained", "depth_scene" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Preprocessing_gives_the_processors_size_and_pixel_values(string model, string name)
    {
        var entry = DepthGoldens.Case(model, name);
        var expectedShape = DepthGoldens.Shape(entry["pixel_values"]!);
        var preprocessing = DepthGoldens.Estimator(model).Preprocessing;

        var (data, width, height) = preprocessing.ToTensor(DepthGoldens.Image(entry));

        // depth_scene (160×104) is the rounding tie: 104 · 0.875 / 14 = 6.5 → 6 (half to even) → 84.
        Assert.Equal((expectedShape[3], expectedShape[2]), (width, height));
        var worst = DepthGoldens.MaxAbsDifference(data, DepthGoldens.Tensor(model, entry["pixel_values"]!));
        output.WriteLine($"{model}/{name}: {width}×{height}, max |Δ pixel_values| {worst}");

        // Same passes and 8-bit intermediate as PIL; its fixed-point weights may still move a value by one
        // level: 1 / 255 / std 0.224 ≈ 0.0175.
        Assert.InRange(worst, 0, 0.018f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Network_output_matches_pytorch_on_the_same_input(string model, string name)
    {
        var entry = DepthGoldens.Case(model, name);
        var shape = DepthGoldens.Shape(entry["pixel_values"]!);

        var map = DepthGoldens.Estimator(model).Predict(DepthGoldens.Tensor(model, entry["pixel_values"]!), shape[3], shape[2]);

        var expected = DepthGoldens.Tensor(model, entry["predicted_depth"]!);
        Assert.Equal((shape[3], shape[2]), (map.Width, map.Height));
        Assert.InRange(DepthGoldens.MaxAbsDifference(map.Values, expected), 0, 1e-4f);
        Assert.Equal(entry["predicted_max"]!.GetValue<double>(), map.Max, 5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Map_is_resized_to_the_image_like_torch_bilinear(string model, string name)
    {
        var entry = DepthGoldens.Case(model, name);
        var predictedShape = DepthGoldens.Shape(entry["predicted_depth"]!);
        var size = DepthGoldens.Shape(entry["depth_at_image_size"]!);

        var map = DepthMap.Resize(DepthGoldens.Tensor(model, entry["predicted_depth"]!), predictedShape[2], predictedShape[1], size[1], size[0]);

        Assert.InRange(DepthGoldens.MaxAbsDifference(map.Values, DepthGoldens.Tensor(model, entry["depth_at_image_size"]!)), 0, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Region_value_on_the_golden_map_is_the_recipes_taco_depth(string model, string name)
    {
        var entry = DepthGoldens.Case(model, name);
        var size = DepthGoldens.Shape(entry["depth_at_image_size"]!);
        var map = new DepthMap(size[1], size[0], DepthGoldens.Tensor(model, entry["depth_at_image_size"]!));

        foreach (var region in entry["regions"]!.AsArray())
        {
            Assert.Equal(region!["taco_depth"]!.GetValue<double>(), map.RegionDepth(DepthGoldens.Box(region["bbox"]!)));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Whole_path_from_the_png_lands_on_the_golden_value(string model, string name)
    {
        var entry = DepthGoldens.Case(model, name);
        var image = DepthGoldens.Image(entry);

        var map = DepthGoldens.Estimator(model).Estimate(image);

        Assert.Equal((image.Width, image.Height), (map.Width, map.Height));
        foreach (var region in entry["regions"]!.AsArray())
        {
            var expected = region!["taco_depth"]!.GetValue<double>();
            var actual = map.RegionDepth(DepthGoldens.Box(region["bbox"]!));
            output.WriteLine($"{model}/{name} {region["bbox"]!.ToJsonString()}: {actual} (PyTorch {expected})");

            // The pixel values may differ from PIL's by one level, which could tip a rounding; here none does.
            Assert.InRange(Math.Abs(actual - expected), 0, 0.0100001);
        }
    }

    [Fact]
    public void Depth_map_picture_is_bright_near_and_dark_far()
    {
        var entry = DepthGoldens.Case("tiny-depth-trained", "depth_scene");
        var map = DepthGoldens.Estimator("tiny-depth-trained").Estimate(DepthGoldens.Image(entry));
        var path = Path.Combine(Path.GetTempPath(), $"taco-depth-{Guid.NewGuid():N}.png");
        try
        {
            map.SaveColorPng(path);
            var picture = ImageDecoder.Decode(path);

            Assert.Equal((map.Width, map.Height), (picture.Width, picture.Height));

            // The nearest object (box 0.15–0.45 × 0.40–0.84) against the sky at the top.
            static int Luma(Rgb c) => (299 * c.R) + (587 * c.G) + (114 * c.B);
            var near = Luma(picture.GetPixel((int)(0.3 * map.Width), (int)(0.75 * map.Height)));
            var sky = Luma(picture.GetPixel(map.Width / 2, 1));
            Assert.True(near > sky, $"near {near} should be brighter than the sky {sky}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_directory_without_the_model_names_what_is_missing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"taco-no-depth-{Guid.NewGuid():N}");
        var e = Assert.Throws<DepthModelException>(() => DepthEstimator.Load(missing, DepthGoldens.Ort));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("taco-depth-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "onnx"));
            File.Copy(Path.Combine(DepthGoldens.ModelDir("tiny-depth"), "onnx", "model.onnx"), Path.Combine(dir, "onnx", "model.onnx"));
            e = Assert.Throws<DepthModelException>(() => DepthEstimator.Load(dir, DepthGoldens.Ort));
            Assert.Contains("lacks preprocessor_config.json", e.Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir, "preprocessor_config.json"), "{\"size\": {\"height\": 140, \"width\": 140}, \"resample\": 0}");
            e = Assert.Throws<DepthModelException>(() => DepthEstimator.Load(dir, DepthGoldens.Ort));
            Assert.Contains("resample 0 is not supported", e.Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir, "preprocessor_config.json"), "{not json");
            e = Assert.Throws<DepthModelException>(() => DepthEstimator.Load(dir, DepthGoldens.Ort));
            Assert.Contains("is not valid JSON", e.Message, StringComparison.Ordinal);

            // A real ONNX graph in another layout.
            File.Copy(Path.Combine(DepthGoldens.ModelDir("tiny-depth"), "preprocessor_config.json"), Path.Combine(dir, "preprocessor_config.json"), overwrite: true);
            File.Copy(Path.Combine(DepthGoldens.RepoRoot, "models", "testdata", "onnx", "identity_f32.onnx"), Path.Combine(dir, "onnx", "model.onnx"), overwrite: true);
            e = Assert.Throws<DepthModelException>(() => DepthEstimator.Load(dir, DepthGoldens.Ort));
            Assert.Contains("not in the Depth-Anything-V2 layout", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Normalization_is_read_as_the_vlm_processors_read_it_with_imagenet_statistics_by_default()
    {
        var dir = Directory.CreateTempSubdirectory("taco-depth-").FullName;
        try
        {
            var config = Path.Combine(dir, DepthPreprocessing.FileName);
            File.WriteAllText(config, "{\"rescale_factor\": 0.5, \"image_std\": [0.25]}");
            var read = DepthPreprocessing.Load(config).Normalization;
            Assert.Equal(ChannelNormalization.ImageNet.Mean, read.Mean);
            Assert.Equal([0.25f, 0.25f, 0.25f], read.Std);
            Assert.Equal(0.5f, read.RescaleFactor);

            File.WriteAllText(config, "{\"image_mean\": [\"a\", 1, 2]}");
            var e = Assert.Throws<DepthModelException>(() => DepthPreprocessing.Load(config));
            Assert.Equal($"{config}: \"image_mean\" must be a number or a list of numbers, not [\"a\",1,2].", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Input_size_follows_dpt_rounding_for_photos()
    {
        var p = new DepthPreprocessing { TargetWidth = 518, TargetHeight = 518, EnsureMultipleOf = 14, KeepAspectRatio = true };

        // 640×480: height needs the smaller change (518/480); width = round(640·1.0792/14)·14 = 686.
        Assert.Equal((686, 518), p.InputSize(640, 480));
        Assert.Equal((518, 518), (p with { KeepAspectRatio = false }).InputSize(640, 480));
        Assert.Equal((14, 518), p.InputSize(1, 5000)); // never below one multiple
    }
}
