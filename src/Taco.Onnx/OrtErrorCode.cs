namespace Taco.Onnx;

#pragma warning disable CA1008, CA1028 // mirrors the C enum exactly
/// <summary>OrtErrorCode of onnxruntime_error_code.h.</summary>
#pragma warning disable CA1008, CA1028 // mirrors the C enum exactly
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
    DeviceReset = 15,
}
#pragma warning restore CA1008, CA1028
