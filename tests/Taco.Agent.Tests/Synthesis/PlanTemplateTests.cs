using System.Text.Json.Nodes;
using Taco.Agent.Synthesis;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Synthesis;

/// <summary>Placeholders resolved against what the model was shown (docs/synth.md, Templates).</summary>
public sealed class PlanTemplateTests
{
    private static readonly ToolDict Ocr = ToolDict.Empty.With("regions", new ToolList(
    [
        Region("Exit B", 0.1, 0.2, 0.3, 0.4),
        Region(" b ", 0.11, 0.21, 0.31, 0.41),
        Region("D", 0.6, 0.3, 0.75, 0.55),
    ]));

    private static readonly List<PlanObservation> Earlier =
    [
        new("OCR", Ocr),
        new("EstimateRegionDepth", ToolDict.Empty.With("depth", ToolValue.Of(0.99))),
        new("EstimateRegionDepth", ToolDict.Empty.With("depth", ToolValue.Of(0.56))),
        new("Calculate", ToolDict.Empty.With("result", ToolValue.Of(0.5699999999999994))),
        new(null, null),
    ];

    [Fact]
    public void Round_writes_fixed_decimals_and_obs_writes_the_number_as_the_model_saw_it()
    {
        Assert.Equal("0.57 of 0.5699999999999994", PlanTemplate.ResolveText("{round:2:obs[3].result} of {obs[3].result}", Earlier));
        Assert.Equal("0.570", PlanTemplate.ResolveText("{round:3:obs[3].result}", Earlier));
        Assert.Equal("D", PlanTemplate.ResolveText("{obs[0].regions[2].text}", Earlier));
    }

    [Fact]
    public void Box_is_the_first_region_reading_the_label_trimmed_and_case_blind_and_a_whole_argument_becomes_a_list()
    {
        var arguments = PlanTemplate.ResolveArguments(JsonNode.Parse("""{"image": "image-0", "bbox": "{box:B}", "note": "at {box[0]:d}"}""")!.AsObject(), Earlier);
        Assert.Equal("""{"image":"image-0","bbox":[0.11,0.21,0.31,0.41],"note":"at [0.6, 0.3, 0.75, 0.55]"}""", arguments.ToJsonString());
    }

    [Fact]
    public void A_whole_number_argument_becomes_a_number_and_round_stays_text()
    {
        var arguments = PlanTemplate.ResolveArguments(JsonNode.Parse("""{"a": "{obs[1].depth}", "b": "{round:1:obs[1].depth}", "c": ["{obs[2].depth}"]}""")!.AsObject(), Earlier);
        Assert.Equal("""{"a":0.99,"b":"1.0","c":[0.56]}""", arguments.ToJsonString());
    }

    [Fact]
    public void Closer_is_the_label_with_the_smaller_depth()
    {
        Assert.Equal("D is closer", PlanTemplate.ResolveText("{closer:B=1,D=2} is closer", Earlier));
        Assert.Equal("D", PlanTemplate.ResolveText("{closer:D=2,B=1}", Earlier));
    }

    [Fact]
    public void A_depth_tie_drops_the_trace()
    {
        List<PlanObservation> tie = [new("EstimateRegionDepth", ToolDict.Empty.With("depth", ToolValue.Of(0.5))), new("EstimateRegionDepth", ToolDict.Empty.With("depth", ToolValue.Of(0.5)))];
        var e = Assert.Throws<TraceDroppedException>(() => PlanTemplate.ResolveText("{closer:A=0,B=1}", tie));
        Assert.Equal(DropReasons.DepthTie, e.Reason);
    }

    [Fact]
    public void A_label_no_region_reads_is_region_not_found()
    {
        var e = Assert.Throws<TraceDroppedException>(() => PlanTemplate.ResolveText("{box:C}", Earlier));
        Assert.Equal(DropReasons.RegionNotFound, e.Reason);
        Assert.Contains("\"C\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubled_braces_are_literal()
    {
        Assert.Equal("{'a': 1} D", PlanTemplate.ResolveText("{{'a': 1}} {obs[0].regions[2].text}", Earlier));
    }

    [Theory]
    [InlineData("{obs[5].result}")] // not an earlier step
    [InlineData("{obs[4].result}")] // a step without a result
    [InlineData("{obs[3].answer}")] // a field the result does not have
    [InlineData("{round:2:obs[0].regions}")] // not a number
    [InlineData("{box[1]:B}")] // not an OCR step
    [InlineData("{closer:B=1}")] // nothing to compare
    [InlineData("{closer:B=1,C=3}")] // step 3 has no depth
    [InlineData("{price:Diesel}")] // unknown placeholder
    [InlineData("a { b")]
    [InlineData("a } b")]
    public void A_placeholder_the_plan_got_wrong_is_bad_plan(string template)
    {
        var e = Assert.Throws<TraceDroppedException>(() => PlanTemplate.ResolveText(template, Earlier));
        Assert.Equal(DropReasons.BadPlan, e.Reason);
    }

    [Fact]
    public void A_box_under_a_profile_that_hides_regions_is_bad_plan()
    {
        List<PlanObservation> textOnly = [new("OCR", ToolDict.Empty.With("text", ToolValue.Of("B\nD")))];
        var e = Assert.Throws<TraceDroppedException>(() => PlanTemplate.ResolveText("{box:B}", textOnly));
        Assert.Equal(DropReasons.BadPlan, e.Reason);
        Assert.Contains("taco-tiny", e.Message, StringComparison.Ordinal);
    }

    private static ToolDict Region(string text, double l, double t, double r, double b) =>
        ToolDict.Empty.With("text", ToolValue.Of(text)).With("bbox", new ToolList([ToolValue.Of(l), ToolValue.Of(t), ToolValue.Of(r), ToolValue.Of(b)]));
}
