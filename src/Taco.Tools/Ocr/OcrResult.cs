using System.Collections.Immutable;
using Taco.Tools.Values;

namespace Taco.Tools.Ocr;

/// <summary>What OCR found: the text in reading order and the lines it came from.</summary>
public sealed record OcrResult(string Text, ImmutableArray<OcrLine> Lines)
{
    public static OcrResult Empty { get; } = new(string.Empty, []);

    /// <summary>
    /// <c>{'regions': [{'bbox': [l, t, r, b], 'confidence': c, 'text': …}, …], 'text': …}</c> with
    /// boxes and confidences rounded to 2 decimals the way Python's <c>round</c> does; the
    /// agent decides which keys a model is shown (TACO's OCR shows only <c>text</c>).
    /// </summary>
    public ToolDict ToToolDict()
    {
        var regions = Lines.Select(l => (ToolValue)new ToolDict(new Dictionary<string, ToolValue>
        {
            ["text"] = ToolValue.Of(l.Text),
            ["bbox"] = new ToolList(
            [
                ToolValue.Of(PythonFloat.Round(l.Box.Left, 2)),
                ToolValue.Of(PythonFloat.Round(l.Box.Top, 2)),
                ToolValue.Of(PythonFloat.Round(l.Box.Right, 2)),
                ToolValue.Of(PythonFloat.Round(l.Box.Bottom, 2)),
            ]),
            ["confidence"] = ToolValue.Of(PythonFloat.Round(l.Confidence, 2)),
        }));
        return ToolDict.Empty.With("text", ToolValue.Of(Text)).With("regions", new ToolList(regions));
    }
}
