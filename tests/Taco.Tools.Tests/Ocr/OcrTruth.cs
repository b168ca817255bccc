namespace Taco.Tools.Tests.Ocr;

internal sealed record OcrTruth(
    string Name,
    string File,
    string Kind,
    string Condition,
    string Font,
    IReadOnlyList<string> Degradations,
    int Width,
    int Height,
    IReadOnlyList<OcrTruthLine> Lines,
    string Text,
    IReadOnlyList<string> Numbers);
