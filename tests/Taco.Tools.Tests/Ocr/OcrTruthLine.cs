namespace Taco.Tools.Tests.Ocr;

internal sealed record OcrTruthLine(string Text, double[] Bbox);
