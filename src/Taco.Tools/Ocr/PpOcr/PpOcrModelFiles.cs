namespace Taco.Tools.Ocr.PpOcr;

/// <summary>The four files one PP-OCR pipeline needs; <see cref="Classifier"/> is null when the 180° classifier is not used.</summary>
public sealed record PpOcrModelFiles(string Detector, string Recognizer, string? Classifier, string Keys);
