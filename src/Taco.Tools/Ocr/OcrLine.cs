namespace Taco.Tools.Ocr;

/// <summary>One recognised line: its text, its box as fractions of the image (TACO's convention), and a confidence 0–1.</summary>
public sealed record OcrLine(string Text, BoundingBox Box, double Confidence);
