using System.Diagnostics;
using Taco.Cli.Commands;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Tests;

/// <summary>
/// Nothing taco reads is ever written over, whatever name the output reaches it by: files are compared by
/// identity (device and inode), with real symlinks and hard links made here.
/// </summary>
public sealed class InputProtectionTests : IDisposable
{
    private readonly BatchFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("symlink")]
    [InlineData("hardlink")]
    public void Batch_refuses_an_output_that_is_the_item_file_through_a_link(string kind)
    {
        var items = _fixture.Items(2);
        var before = File.ReadAllBytes(items);
        var link = Path.Combine(_fixture.Root, "link.jsonl");
        Link(kind, items, link);

        var (code, _, error) = CliRunner.InProcess(["batch", items, "-o", link, "--overwrite", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: the output {link} is the input file {items} under another name (a link, or the file a link names); give another --output.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(before, File.ReadAllBytes(items));
    }

    [Theory]
    [InlineData("--overwrite")]
    [InlineData("--resume")]
    public void Batch_refuses_an_output_that_a_symlinked_input_names(string flag)
    {
        var items = _fixture.Items(2);
        var before = File.ReadAllBytes(items);
        var link = Path.Combine(_fixture.Root, "link-to-items.jsonl");
        File.CreateSymbolicLink(link, items);

        var (code, _, error) = CliRunner.InProcess(["batch", link, "-o", items, flag, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("give another --output", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(items));
    }

    [Fact]
    public void Batch_refuses_an_output_that_is_one_of_the_items_images()
    {
        var items = _fixture.Items(2);
        var image = Path.Combine(_fixture.Root, "images", "img-01.png");
        var before = File.ReadAllBytes(image);

        var (code, _, error) = CliRunner.InProcess(["batch", items, "-o", image, "--overwrite", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: the output {image} is an image of the items; give another --output.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void Eval_refuses_a_report_dir_whose_predictions_file_is_the_linked_item_file()
    {
        var reportDir = Directory.CreateDirectory(Path.Combine(_fixture.Root, "D")).FullName;
        var gold = _fixture.Items(2, name: Path.Combine("D", EvalCommand.PredictionsFile), extra: _ => new() { ["answer"] = "x" });
        var before = File.ReadAllBytes(gold);
        var link = Path.Combine(_fixture.Root, "link.jsonl");
        File.CreateSymbolicLink(link, gold);
        // The items name their images relative to the file: the link's folder is the fixture root, as the images expect.
        var (code, _, error) = CliRunner.InProcess(["eval", link, "--report-dir", reportDir, "--overwrite", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"the output {gold} is the input file {link} under another name", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(gold));
    }

    [Fact]
    public void Batch_refuses_a_trace_dir_that_holds_an_items_image()
    {
        var items = _fixture.Items(1);
        var traceDir = Directory.CreateDirectory(Path.Combine(_fixture.Root, "traces", "item-00", "images")).FullName;
        var image = Path.Combine(_fixture.Root, "images", "img-00.png");
        var before = File.ReadAllBytes(image);
        File.CreateSymbolicLink(Path.Combine(traceDir, "image-0.png"), image);

        var (code, _, error) = CliRunner.InProcess(["batch", items, "--trace-dir", Path.Combine(_fixture.Root, "traces"), .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("a run writing there could replace it: give another --trace-dir.", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Theory]
    [InlineData("same")]
    [InlineData("symlink")]
    [InlineData("hardlink")]
    public void Tools_run_refuses_an_out_file_that_is_the_input_image(string kind)
    {
        var image = _fixture.Image(3);
        var before = File.ReadAllBytes(image);
        var outFile = image;
        if (kind != "same")
        {
            outFile = Path.Combine(_fixture.Root, "out.png");
            Link(kind, image, outFile);
        }

        var (code, output, error) = CliRunner.InProcess("tools", "run", "Crop", image, "--arg", "bbox=[0,0,0.5,0.5]", "--out", outFile);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"taco: the output {outFile} is the input image", error, StringComparison.Ordinal);
        Assert.Contains("give another --out.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void A_folder_batch_visits_each_real_image_once_however_many_links_lead_to_it()
    {
        var folder = _fixture.Folder(2);
        var inner = Directory.CreateDirectory(Path.Combine(folder, "inner")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(inner, "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "again"), inner);
        File.CreateSymbolicLink(Path.Combine(folder, "a-link-to-img-01.png"), Path.Combine(folder, "img-01.png"));
        var outside = _fixture.Folder(3, "outside");
        Directory.CreateSymbolicLink(Path.Combine(inner, "elsewhere"), outside);

        var ids = BatchInput.Read(folder, "What is it?").Select(i => i.Id).ToList();

        // The two images by their own names, and the outside folder's three once, through the one link to it.
        Assert.Equal(["img-00.png", "img-01.png", "inner/elsewhere/img-00.png", "inner/elsewhere/img-01.png", "inner/elsewhere/img-02.png"], ids);
    }

    private static void Link(string kind, string target, string link)
    {
        if (kind == "symlink")
        {
            File.CreateSymbolicLink(link, target);
            return;
        }

        using var ln = Process.Start("ln", [target, link]);
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }
}
