using Taco.Agent.Synthesis;

namespace Taco.Agent.Tests.Synthesis;

/// <summary>Item lines a plan cannot be run from are refused with what is wrong (counted as bad_plan by taco synth).</summary>
public sealed class SynthItemTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("taco-synth-item-");

    public SynthItemTests() => File.WriteAllBytes(Path.Combine(_temp.FullName, "a.png"), [1]);

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_good_line_reads_its_plan_with_paths_beside_the_items_file()
    {
        var item = SynthItem.Parse("""{"id": 7, "images": ["a.png"], "question": "q?", "answer": "3", "category": "fuel", "plan": [{"thought": "t", "action": "Calculate", "arguments": {"expression": "1 + 2"}, "expect": {"numbers": [3]}}, {"action": "Terminate", "arguments": {"answer": "{obs[0].result}"}}]}""", _temp.FullName, 1);
        Assert.Equal("7", item.Id);
        Assert.Equal(Path.Combine(_temp.FullName, "a.png"), Assert.Single(item.Images));
        Assert.Equal("fuel", item.Category);
        Assert.Equal("3", Assert.Single(item.Plan[0].Expect.Numbers));
        Assert.Equal(string.Empty, item.Plan[1].Thought);
    }

    [Theory]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": []}""", "empty \"plan\"")]
    [InlineData("""{"images": ["b.png"], "question": "q", "answer": "1", "plan": [{"action": "Terminate"}]}""", "does not exist")]
    [InlineData("""{"images": ["a.png"], "question": "q", "plan": [{"action": "Terminate"}]}""", "no gold \"answer\"")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": [{"action": "OCR", "arguments": {"image": "image-0"}}]}""", "last step is not Terminate")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": [{"action": "Terminate"}, {"action": "Terminate"}]}""", "Terminate before its last step")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": [{"action": "OCR", "expects": {}}, {"action": "Terminate"}]}""", "unknown key \"expects\"")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": [{"action": "OCR", "expect": {"number": ["1"]}}, {"action": "Terminate"}]}""", "unknown expect \"number\"")]
    [InlineData("""{"images": ["a.png"], "question": "q", "answer": "1", "plan": [{"action": "OCR", "expect": {"numbers": "1"}}, {"action": "Terminate"}]}""", "expect \"numbers\" is not a list")]
    public void A_line_a_plan_cannot_run_from_says_what_is_wrong(string line, string why)
    {
        var e = Assert.Throws<FormatException>(() => SynthItem.Parse(line, _temp.FullName, 3));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }
}
