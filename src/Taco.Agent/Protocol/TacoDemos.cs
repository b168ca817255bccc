using System.Text;
using System.Text.Json.Nodes;

namespace Taco.Agent.Protocol;

/// <summary>
/// Worked examples for the full prompt, written in the reference's layout
/// (<c># USER REQUEST #:⏎ …⏎# RESPONSE #:⏎</c>, one <c>json.dumps</c> line per step, its
/// observation after <c>OBSERVATION:</c>). The examples are ours; an example is shown
/// only when every action it uses is offered, so a model is never taught an action it
/// cannot call.
/// </summary>
public static class TacoDemos
{
    private static readonly Demo[] All =
    [
        new(
            "In image-0, what is the total of the two prices on the receipt? Please answer with a number.",
            [
                new("To add the prices, I first need to read them from the receipt.", "OCR", """{"image": "image-0"}""", """{"text": "Coffee 3.45\nMuffin 2.80"}"""),
                new("The receipt lists 3.45 and 2.80. I will add them.", "Calculate", """{"expression": "3.45 + 2.80"}""", """{"result": 6.25}"""),
                new("The total is 6.25.", TacoStrings.TerminateName, """{"answer": "6.25"}""", null),
            ]),
        new(
            "Based on image-0, is there a cat on the sofa? Please answer yes or no.",
            [
                new("Looking at the image, a cat is curled up on the sofa.", TacoStrings.TerminateName, """{"answer": "yes"}""", null),
            ]),
        new(
            "The sign in image-0 says each box holds 12 apples. How many apples are in 7 boxes?",
            [
                new("Seven boxes of 12 apples each: I multiply 12 by 7.", "Calculate", """{"expression": "12 * 7"}""", """{"result": 84}"""),
                new("There are 84 apples.", TacoStrings.TerminateName, """{"answer": "84"}""", null),
            ]),
        new(
            "In image-0, which is closer to the camera, the bicycle on the left or the bench on the right?",
            [
                new("I will estimate the depth of the bicycle's region first.", "EstimateRegionDepth", """{"image": "image-0", "bbox": [0.05, 0.45, 0.35, 0.9]}""", """{"depth": 0.21}"""),
                new("Now the depth of the bench's region.", "EstimateRegionDepth", """{"image": "image-0", "bbox": [0.6, 0.5, 0.95, 0.75]}""", """{"depth": 0.58}"""),
                new("The bicycle's depth (0.21) is smaller than the bench's (0.58), so the bicycle is closer.", TacoStrings.TerminateName, """{"answer": "the bicycle"}""", null),
            ]),
        new(
            "What is the price on the small tag in the lower right of image-0?",
            [
                new("The tag is small; I will zoom in on it first.", "ZoomIn", """{"image": "image-0", "bbox": [0.7, 0.75, 0.9, 0.9], "zoom_factor": 3}""", """{"image": "image-1: <image>"}"""),
                new("Now I read the text of the zoomed tag.", "OCR", """{"image": "image-1"}""", """{"text": "SALE $4.99"}"""),
                new("The tag says $4.99.", TacoStrings.TerminateName, """{"answer": "$4.99"}""", null),
            ]),
    ];

    /// <summary>The <c>[BEGIN OF EXAMPLES]</c> block for the offered actions.</summary>
    public static string Render(IReadOnlyCollection<string> offeredActions)
    {
        ArgumentNullException.ThrowIfNull(offeredActions);
        var sb = new StringBuilder(TacoStrings.ExamplesStart);
        foreach (var demo in All.Where(d => d.Steps.All(s => offeredActions.Contains(s.Action))))
        {
            sb.Append("# USER REQUEST #:\n ").Append(demo.Request).Append('\n');
            sb.Append("# RESPONSE #:\n");
            foreach (var step in demo.Steps)
            {
                var turn = new JsonObject
                {
                    ["thought"] = step.Thought,
                    ["actions"] = new JsonArray(new JsonObject
                    {
                        ["name"] = step.Action,
                        ["arguments"] = JsonNode.Parse(step.ArgumentsJson),
                    }),
                };
                sb.Append(PythonJsonWriter.Dumps(turn)).Append('\n');
                if (step.ObservationJson is not null)
                {
                    sb.Append(TacoStrings.ObservationPrefix).Append(PythonJsonWriter.Dumps(JsonNode.Parse(step.ObservationJson))).Append('\n');
                }
            }

            sb.Append('\n');
        }

        return sb.Append(TacoStrings.ExamplesEnd).ToString();
    }

    private sealed record Demo(string Request, Step[] Steps);

    private sealed record Step(string Thought, string Action, string ArgumentsJson, string? ObservationJson);
}
