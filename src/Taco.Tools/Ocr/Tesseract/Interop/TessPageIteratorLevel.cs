namespace Taco.Tools.Ocr.Tesseract.Interop;

internal enum TessPageIteratorLevel
{
    RIL_BLOCK = 0,
    RIL_PARA = 1,
    RIL_TEXTLINE = 2,
    RIL_WORD = 3,
    RIL_SYMBOL = 4,
}
