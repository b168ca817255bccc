namespace Taco.Tools.Ocr.Tesseract;

/// <summary>Tesseract's page segmentation modes that make sense for photos (values as in <c>TessPageSegMode</c>).</summary>
public enum PageSegmentation
{
    /// <summary>Fully automatic layout analysis (PSM 3), Tesseract's default.</summary>
    Auto = 3,

    /// <summary>One uniform block of text (PSM 6).</summary>
    SingleBlock = 6,

    /// <summary>As much text as possible in no particular order (PSM 11): signs, labels, price boards.</summary>
    SparseText = 11,
}
