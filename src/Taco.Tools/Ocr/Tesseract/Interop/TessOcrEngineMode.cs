namespace Taco.Tools.Ocr.Tesseract.Interop;

internal enum TessOcrEngineMode
{
    OEM_TESSERACT_ONLY = 0,
    OEM_LSTM_ONLY = 1,
    OEM_TESSERACT_LSTM_COMBINED = 2,
    OEM_DEFAULT = 3,
}
