using System.Text.Json;
using Taco.Cli.Infrastructure;
using Taco.Imaging;

namespace Taco.Cli.Tests;

/// <summary><c>taco tools run</c> on Crop, ZoomIn and EstimateRegionDepth, and how the depth model is found.</summary>
public sealed class RegionAndDepthToolsCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("taco-cli-tools-");

    private static string RepoRoot { get; } = FindRepoRoot();

    private static string Scene => Path.Combine(RepoRoot, "models", "goldens", "images", "depth_scene.png");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Crop_prints_the_image_observation_and_saves_the_crop()
    {
        var file = Path.Combine(_temp.FullName, "crop.png");
        var (code, output, error) = CliRunner.InProcess("tools", "run", "Crop", Scene, "--arg", "bbox=[0.15, 0.4, 0.45, 0.84]", "--out", file);

        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("OBSERVATION:\n{'image': 'image-1: <image>'}\nThe OBSERVATION can be incomplete", output, StringComparison.Ordinal);

        // depth_scene is 160×104: x 24–72 grows to 12–84, y 41.6–87.4 to 30.2–98.8 → 72×68.
        var crop = ImageDecoder.Decode(file);
        Assert.Equal((72, 68), (crop.Width, crop.Height));
        Assert.Contains($"taco: saved image-1 (72×68) to {file}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ZoomIn_with_json_reports_the_saved_image_and_its_size()
    {
        var file = Path.Combine(_temp.FullName, "zoom.jpg");
        var (code, output, error) = CliRunner.InProcess("tools", "run", "ZoomIn", Scene, "--arg", "bbox=[0.15, 0.4, 0.45, 0.84]", "--arg", "zoom_factor=3", "--out", file, "--json");

        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("image-1", doc.RootElement.GetProperty("result").GetProperty("image").GetString());
        var image = doc.RootElement.GetProperty("images")[0];
        Assert.Equal(file, image.GetProperty("file").GetString());
        Assert.Equal((216, 204), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        Assert.Equal((216, 204), (ImageDecoder.Decode(file).Width, ImageDecoder.Decode(file).Height));
    }

    [Theory]
    [InlineData("1", "Zoom factor must be greater than 1 to zoom in")]
    [InlineData("0.5", "Zoom factor must be greater than 1 to zoom in")]
    public void ZoomIn_with_a_factor_of_one_or_less_is_the_reference_error_and_bad_input(string factor, string message)
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "ZoomIn", Scene, "--arg", "bbox=[0.1, 0.1, 0.5, 0.5]", "--arg", "zoom_factor=" + factor, "--out", Path.Combine(_temp.FullName, "z.png"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"Execution failed with <class 'ValueError'>: {message}.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("saved", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.FullName, "z.png")));
    }

    [Fact]
    public void EstimateRegionDepth_uses_the_shipped_model_and_prints_the_depth()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "EstimateRegionDepth", Scene, "--arg", "bbox=[0.1484, 0.4047, 0.4474, 0.8399]");

        Assert.True(code == ExitCodes.Success, error);

        // The recipe's PyTorch golden for tiny-depth-trained on this box (models/goldens/tiny-depth-trained).
        Assert.StartsWith("OBSERVATION:\n{'depth': 0.32}\n", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void EstimateRegionDepth_with_out_saves_the_colour_depth_map()
    {
        var file = Path.Combine(_temp.FullName, "depth.png");
        var (code, _, error) = CliRunner.InProcess("tools", "run", "EstimateRegionDepth", Scene, "--arg", "bbox=[0, 0, 1, 1]", "--out", file);

        Assert.True(code == ExitCodes.Success, error);
        var map = ImageDecoder.Decode(file);
        Assert.Equal((160, 104), (map.Width, map.Height));
        Assert.Contains($"taco: saved the depth map to {file}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[0.1, 0.1, 1.2, 0.5]", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("[NaN, 0.1, 0.5, 0.5]", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("[0.5, 0.1, 0.2, 0.5]", "Bounding box must have left < right and top < bottom.")]
    public void Bad_boxes_are_the_reference_errors_and_bad_input(string bbox, string message)
    {
        foreach (var tool in new[] { "Crop", "ZoomIn", "EstimateRegionDepth" })
        {
            string[] args = ["tools", "run", tool, Scene, "--arg", "bbox=" + bbox, "--out", Path.Combine(_temp.FullName, "x.png")];
            var (code, output, _) = CliRunner.InProcess(tool == "ZoomIn" ? [.. args, "--arg", "zoom_factor=2"] : args);

            Assert.Equal(ExitCodes.BadInput, code);
            Assert.StartsWith($"Execution failed with <class 'ValueError'>: {message}\n", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_temp.FullName, "x.png")));
        }
    }

    [Fact]
    public void A_depth_model_directory_that_does_not_exist_is_exit_4_naming_it()
    {
        var missing = Path.Combine(_temp.FullName, "no-such-model");
        var (code, output, error) = CliRunner.InProcess("--depth-model", missing, "tools", "run", "EstimateRegionDepth", Scene, "--arg", "bbox=[0, 0, 1, 1]");

        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("no usable depth model found. Tried:", error, StringComparison.Ordinal);
        Assert.Contains($"1. {missing} (--depth-model): does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TACO_DEPTH_MODEL_is_used_when_no_option_is_given()
    {
        var (code, _, error) = CliRunner.ChildProcess(
            new Dictionary<string, string?> { ["TACO_DEPTH_MODEL"] = _temp.FullName },
            "tools", "run", "EstimateRegionDepth", Scene, "--arg", "bbox=[0, 0, 1, 1]");

        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Contains($"{_temp.FullName} ($TACO_DEPTH_MODEL): lacks onnx/model.onnx and preprocessor_config.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_TACO_DEPTH_MODEL_counts_as_not_set_and_the_shipped_model_runs()
    {
        var (code, output, error) = CliRunner.ChildProcess(
            new Dictionary<string, string?> { ["TACO_DEPTH_MODEL"] = " " },
            "tools", "run", "EstimateRegionDepth", Scene, "--arg", "bbox=[0, 0, 1, 1]");

        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Contains("OBSERVATION:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chosen_directory_wins_over_the_shipped_copy_and_is_never_replaced_by_it()
    {
        var app = _temp.CreateSubdirectory("app").FullName;
        var shipped = Path.Combine(app, "models", "tiny-depth-trained");
        CopyModel(Path.Combine(RepoRoot, "models", "tiny-depth-trained"), shipped);
        var other = Path.Combine(_temp.FullName, "other");
        CopyModel(Path.Combine(RepoRoot, "models", "tiny-depth"), other);
        var lookup = ShippedModels.Depth;

        Assert.Equal(shipped, lookup.Resolve(null, app));
        Assert.Equal(other, lookup.Resolve((other, "$TACO_DEPTH_MODEL"), app));

        // A choice that does not work is an error, never replaced by the shipped copy.
        var typo = Path.Combine(_temp.FullName, "typo");
        var e = Assert.Throws<CliException>(() => lookup.Resolve((typo, "\"depth-model\" in taco.json"), app));
        Assert.Equal(ExitCodes.MissingDependency, e.ExitCode);
        Assert.Contains($"1. {typo} (\"depth-model\" in taco.json): does not exist", e.Message, StringComparison.Ordinal);
        var none = Assert.Throws<CliException>(() => lookup.Resolve(null, Path.Combine(_temp.FullName, "empty-app")));
        Assert.Contains("(shipped with taco): does not exist", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tools_list_shows_the_tools_in_the_reference_order()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "list", "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(output);
        var names = doc.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["OCR", "EstimateRegionDepth", "Crop", "ZoomIn", "Calculate"], names);
    }

    private static void CopyModel(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
