using System.Text.Json;

namespace Taco.Cli.Tests;

public sealed class ToolsCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Tools_list_names_every_real_tool_with_its_arguments()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "list");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Calculate: Calculate a math expression.", output, StringComparison.Ordinal);
        Assert.Contains("  expression (string): the math expression to calculate", output, StringComparison.Ordinal);
        Assert.Contains("OCR: Extract texts from an image", output, StringComparison.Ordinal);
        Assert.Contains("  image (image): the image to extract texts from", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tools_list_json_is_one_array_of_tools()
    {
        var (code, output, _) = CliRunner.InProcess("tools", "list", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        var names = doc.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("Calculate", names);
        Assert.Contains("OCR", names);
        var calculate = doc.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Calculate");
        Assert.Equal("expression", calculate.GetProperty("arguments")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Calculate_prints_the_observation_as_a_model_sees_it()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "Calculate", "--arg", "expression=50/3.65");
        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("OBSERVATION:\n{'result': 13.698630136986301}\nThe OBSERVATION can be incomplete", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Calculate_with_json_prints_the_result_and_the_observation()
    {
        var (code, output, _) = CliRunner.InProcess("tools", "run", "Calculate", "--arg", "expression=2+2", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("result").GetProperty("result").GetInt32());
        Assert.StartsWith("OBSERVATION:\n{'result': 4}", doc.RootElement.GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_calculation_shows_the_reference_failure_text_and_exits_with_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "Calculate", "--arg", "expression=1/0");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("Execution failed with <class 'ZeroDivisionError'>: division by zero.", output, StringComparison.Ordinal);
        Assert.Equal("taco: Calculate failed: ZeroDivisionError: division by zero\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_required_argument_is_a_value_error_and_bad_input()
    {
        var (code, output, _) = CliRunner.InProcess("tools", "run", "Calculate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Execution failed with <class 'ValueError'>: Calculate is missing the required argument 'expression'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OCR_reads_the_words_of_a_price_board_given_as_image_0()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "OCR", Fixture("price-board.png"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("OBSERVATION:\n{'text': '", output, StringComparison.Ordinal);
        foreach (var word in new[] { "Prices", "Diesel", "6.31", "Soup", "5.74", "Juice", "5.00" })
        {
            Assert.Contains(word, output, StringComparison.Ordinal);
        }

        // The TACO profile hides OCR regions from the model; --json shows them.
        Assert.DoesNotContain("regions", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OCR_with_json_includes_the_regions_the_model_is_not_shown()
    {
        var (code, output, _) = CliRunner.InProcess("tools", "run", "OCR", Fixture("price-board.png"), "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        var regions = doc.RootElement.GetProperty("result").GetProperty("regions");
        Assert.True(regions.GetArrayLength() >= 4);
        Assert.DoesNotContain("regions", doc.RootElement.GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_image_file_is_one_line_and_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "OCR", "/nonexistent/photo.png");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("/nonexistent/photo.png", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_named_png_is_one_line_and_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "OCR", Fixture("text-named.png"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("text-named.png", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OCR_without_an_image_is_a_value_error_and_bad_input()
    {
        var (code, output, _) = CliRunner.InProcess("tools", "run", "OCR");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("Execution failed with <class 'ValueError'>:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_tool_names_the_available_ones_and_is_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "Frobnicate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("taco: unknown tool 'Frobnicate'; the tools are OCR, EstimateRegionDepth, Crop, ZoomIn, Calculate.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_argument_without_equals_sign_is_bad_input()
    {
        var (code, _, error) = CliRunner.InProcess("tools", "run", "Calculate", "--arg", "expression");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--arg 'expression' is not key=value.", error, StringComparison.Ordinal);
    }
}
