// The OrtApi function table of onnxruntime_c_api.h, one pointer-sized slot per member in header order.
// Slots we call are typed; the rest keep their C names as opaque nint so offsets stay right.
// The ABI test (tests/Taco.Onnx.Tests/AbiTests.cs) checks every slot index against the real header.
namespace Taco.Onnx.Interop;

#pragma warning disable CA1051, CS0649, IDE1006 // a native mirror type: public fields with C names
internal unsafe struct OrtApi
{
    public delegate* unmanaged<OrtErrorCode, byte*, nint> CreateStatus; // 0
    public delegate* unmanaged<nint, OrtErrorCode> GetErrorCode; // 1
    public delegate* unmanaged<nint, byte*> GetErrorMessage; // 2
    public delegate* unmanaged<OrtLoggingLevel, byte*, nint*, nint> CreateEnv; // 3
    public delegate* unmanaged<delegate* unmanaged<nint, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>, nint, OrtLoggingLevel, byte*, nint*, nint> CreateEnvWithCustomLogger; // 4
    public nint EnableTelemetryEvents; // 5
    public nint DisableTelemetryEvents; // 6
    public delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession; // 7
    public delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray; // 8
    public delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run; // 9
    public delegate* unmanaged<nint*, nint> CreateSessionOptions; // 10
    public nint SetOptimizedModelFilePath; // 11
    public nint CloneSessionOptions; // 12
    public delegate* unmanaged<nint, int, nint> SetSessionExecutionMode; // 13
    public nint EnableProfiling; // 14
    public nint DisableProfiling; // 15
    public delegate* unmanaged<nint, nint> EnableMemPattern; // 16
    public delegate* unmanaged<nint, nint> DisableMemPattern; // 17
    public delegate* unmanaged<nint, nint> EnableCpuMemArena; // 18
    public delegate* unmanaged<nint, nint> DisableCpuMemArena; // 19
    public delegate* unmanaged<nint, byte*, nint> SetSessionLogId; // 20
    public nint SetSessionLogVerbosityLevel; // 21
    public delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel; // 22
    public delegate* unmanaged<nint, GraphOptimizationLevel, nint> SetSessionGraphOptimizationLevel; // 23
    public delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads; // 24
    public delegate* unmanaged<nint, int, nint> SetInterOpNumThreads; // 25
    public nint CreateCustomOpDomain; // 26
    public nint CustomOpDomain_Add; // 27
    public nint AddCustomOpDomain; // 28
    public nint RegisterCustomOpsLibrary; // 29
    public delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount; // 30
    public delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount; // 31
    public nint SessionGetOverridableInitializerCount; // 32
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo; // 33
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo; // 34
    public nint SessionGetOverridableInitializerTypeInfo; // 35
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName; // 36
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName; // 37
    public nint SessionGetOverridableInitializerName; // 38
    public delegate* unmanaged<nint*, nint> CreateRunOptions; // 39
    public nint RunOptionsSetRunLogVerbosityLevel; // 40
    public nint RunOptionsSetRunLogSeverityLevel; // 41
    public delegate* unmanaged<nint, byte*, nint> RunOptionsSetRunTag; // 42
    public nint RunOptionsGetRunLogVerbosityLevel; // 43
    public nint RunOptionsGetRunLogSeverityLevel; // 44
    public nint RunOptionsGetRunTag; // 45
    public delegate* unmanaged<nint, nint> RunOptionsSetTerminate; // 46
    public delegate* unmanaged<nint, nint> RunOptionsUnsetTerminate; // 47
    public delegate* unmanaged<nint, long*, nuint, TensorElementType, nint*, nint> CreateTensorAsOrtValue; // 48
    public delegate* unmanaged<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint> CreateTensorWithDataAsOrtValue; // 49
    public delegate* unmanaged<nint, int*, nint> IsTensor; // 50
    public delegate* unmanaged<nint, void**, nint> GetTensorMutableData; // 51
    public nint FillStringTensor; // 52
    public nint GetStringTensorDataLength; // 53
    public nint GetStringTensorContent; // 54
    public delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo; // 55
    public delegate* unmanaged<nint, OnnxValueType*, nint> GetOnnxTypeFromTypeInfo; // 56
    public nint CreateTensorTypeAndShapeInfo; // 57
    public nint SetTensorElementType; // 58
    public nint SetDimensions; // 59
    public delegate* unmanaged<nint, TensorElementType*, nint> GetTensorElementType; // 60
    public delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount; // 61
    public delegate* unmanaged<nint, long*, nuint, nint> GetDimensions; // 62
    public delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions; // 63
    public delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount; // 64
    public delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape; // 65
    public nint GetTypeInfo; // 66
    public delegate* unmanaged<nint, OnnxValueType*, nint> GetValueType; // 67
    public nint CreateMemoryInfo; // 68
    public delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo; // 69
    public nint CompareMemoryInfo; // 70
    public nint MemoryInfoGetName; // 71
    public nint MemoryInfoGetId; // 72
    public nint MemoryInfoGetMemType; // 73
    public nint MemoryInfoGetType; // 74
    public nint AllocatorAlloc; // 75
    public delegate* unmanaged<nint, void*, nint> AllocatorFree; // 76
    public nint AllocatorGetInfo; // 77
    public delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions; // 78
    public nint AddFreeDimensionOverride; // 79
    public nint GetValue; // 80
    public nint GetValueCount; // 81
    public nint CreateValue; // 82
    public nint CreateOpaqueValue; // 83
    public nint GetOpaqueValue; // 84
    public nint KernelInfoGetAttribute_float; // 85
    public nint KernelInfoGetAttribute_int64; // 86
    public nint KernelInfoGetAttribute_string; // 87
    public nint KernelContext_GetInputCount; // 88
    public nint KernelContext_GetOutputCount; // 89
    public nint KernelContext_GetInput; // 90
    public nint KernelContext_GetOutput; // 91
    public delegate* unmanaged<nint, void> ReleaseEnv; // 92
    public delegate* unmanaged<nint, void> ReleaseStatus; // 93
    public delegate* unmanaged<nint, void> ReleaseMemoryInfo; // 94
    public delegate* unmanaged<nint, void> ReleaseSession; // 95
    public delegate* unmanaged<nint, void> ReleaseValue; // 96
    public delegate* unmanaged<nint, void> ReleaseRunOptions; // 97
    public delegate* unmanaged<nint, void> ReleaseTypeInfo; // 98
    public delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo; // 99
    public delegate* unmanaged<nint, void> ReleaseSessionOptions; // 100
    public nint ReleaseCustomOpDomain; // 101
    public nint GetDenotationFromTypeInfo; // 102
    public nint CastTypeInfoToMapTypeInfo; // 103
    public nint CastTypeInfoToSequenceTypeInfo; // 104
    public nint GetMapKeyType; // 105
    public nint GetMapValueType; // 106
    public nint GetSequenceElementType; // 107
    public nint ReleaseMapTypeInfo; // 108
    public nint ReleaseSequenceTypeInfo; // 109
    public nint SessionEndProfiling; // 110
    public delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata; // 111
    public delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName; // 112
    public delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphName; // 113
    public nint ModelMetadataGetDomain; // 114
    public nint ModelMetadataGetDescription; // 115
    public nint ModelMetadataLookupCustomMetadataMap; // 116
    public delegate* unmanaged<nint, long*, nint> ModelMetadataGetVersion; // 117
    public delegate* unmanaged<nint, void> ReleaseModelMetadata; // 118
    public nint CreateEnvWithGlobalThreadPools; // 119
    public nint DisablePerSessionThreads; // 120
    public nint CreateThreadingOptions; // 121
    public nint ReleaseThreadingOptions; // 122
    public nint ModelMetadataGetCustomMetadataMapKeys; // 123
    public nint AddFreeDimensionOverrideByName; // 124
    public delegate* unmanaged<byte***, int*, nint> GetAvailableProviders; // 125
    public delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders; // 126
    public nint GetStringTensorElementLength; // 127
    public nint GetStringTensorElement; // 128
    public nint FillStringTensorElement; // 129
    public delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry; // 130
    public nint CreateAllocator; // 131
    public nint ReleaseAllocator; // 132
    public delegate* unmanaged<nint, nint, nint, nint> RunWithBinding; // 133
    public delegate* unmanaged<nint, nint*, nint> CreateIoBinding; // 134
    public delegate* unmanaged<nint, void> ReleaseIoBinding; // 135
    public delegate* unmanaged<nint, byte*, nint, nint> BindInput; // 136
    public delegate* unmanaged<nint, byte*, nint, nint> BindOutput; // 137
    public delegate* unmanaged<nint, byte*, nint, nint> BindOutputToDevice; // 138
    public delegate* unmanaged<nint, nint, byte**, nuint**, nuint*, nint> GetBoundOutputNames; // 139
    public delegate* unmanaged<nint, nint, nint**, nuint*, nint> GetBoundOutputValues; // 140
    public delegate* unmanaged<nint, void> ClearBoundInputs; // 141
    public delegate* unmanaged<nint, void> ClearBoundOutputs; // 142
    public nint TensorAt; // 143
    public nint CreateAndRegisterAllocator; // 144
    public nint SetLanguageProjection; // 145
    public nint SessionGetProfilingStartTimeNs; // 146
    public nint SetGlobalIntraOpNumThreads; // 147
    public nint SetGlobalInterOpNumThreads; // 148
    public nint SetGlobalSpinControl; // 149
    public nint AddInitializer; // 150
    public nint CreateEnvWithCustomLoggerAndGlobalThreadPools; // 151
    public nint SessionOptionsAppendExecutionProvider_CUDA; // 152
    public nint SessionOptionsAppendExecutionProvider_ROCM; // 153
    public nint SessionOptionsAppendExecutionProvider_OpenVINO; // 154
    public nint SetGlobalDenormalAsZero; // 155
    public nint CreateArenaCfg; // 156
    public nint ReleaseArenaCfg; // 157
    public nint ModelMetadataGetGraphDescription; // 158
    public nint SessionOptionsAppendExecutionProvider_TensorRT; // 159
    public nint SetCurrentGpuDeviceId; // 160
    public nint GetCurrentGpuDeviceId; // 161
    public nint KernelInfoGetAttributeArray_float; // 162
    public nint KernelInfoGetAttributeArray_int64; // 163
    public nint CreateArenaCfgV2; // 164
    public delegate* unmanaged<nint, byte*, byte*, nint> AddRunConfigEntry; // 165
    public nint CreatePrepackedWeightsContainer; // 166
    public nint ReleasePrepackedWeightsContainer; // 167
    public nint CreateSessionWithPrepackedWeightsContainer; // 168
    public nint CreateSessionFromArrayWithPrepackedWeightsContainer; // 169
    public nint SessionOptionsAppendExecutionProvider_TensorRT_V2; // 170
    public nint CreateTensorRTProviderOptions; // 171
    public nint UpdateTensorRTProviderOptions; // 172
    public nint GetTensorRTProviderOptionsAsString; // 173
    public nint ReleaseTensorRTProviderOptions; // 174
    public nint EnableOrtCustomOps; // 175
    public nint RegisterAllocator; // 176
    public nint UnregisterAllocator; // 177
    public nint IsSparseTensor; // 178
    public nint CreateSparseTensorAsOrtValue; // 179
    public nint FillSparseTensorCoo; // 180
    public nint FillSparseTensorCsr; // 181
    public nint FillSparseTensorBlockSparse; // 182
    public nint CreateSparseTensorWithValuesAsOrtValue; // 183
    public nint UseCooIndices; // 184
    public nint UseCsrIndices; // 185
    public nint UseBlockSparseIndices; // 186
    public nint GetSparseTensorFormat; // 187
    public nint GetSparseTensorValuesTypeAndShape; // 188
    public nint GetSparseTensorValues; // 189
    public nint GetSparseTensorIndicesTypeShape; // 190
    public nint GetSparseTensorIndices; // 191
    public nint HasValue; // 192
    public nint KernelContext_GetGPUComputeStream; // 193
    public nint GetTensorMemoryInfo; // 194
    public nint GetExecutionProviderApi; // 195
    public nint SessionOptionsSetCustomCreateThreadFn; // 196
    public nint SessionOptionsSetCustomThreadCreationOptions; // 197
    public nint SessionOptionsSetCustomJoinThreadFn; // 198
    public nint SetGlobalCustomCreateThreadFn; // 199
    public nint SetGlobalCustomThreadCreationOptions; // 200
    public nint SetGlobalCustomJoinThreadFn; // 201
    public nint SynchronizeBoundInputs; // 202
    public nint SynchronizeBoundOutputs; // 203
    public nint SessionOptionsAppendExecutionProvider_CUDA_V2; // 204
    public nint CreateCUDAProviderOptions; // 205
    public nint UpdateCUDAProviderOptions; // 206
    public nint GetCUDAProviderOptionsAsString; // 207
    public nint ReleaseCUDAProviderOptions; // 208
    public nint SessionOptionsAppendExecutionProvider_MIGraphX; // 209
    public nint AddExternalInitializers; // 210
    public nint CreateOpAttr; // 211
    public nint ReleaseOpAttr; // 212
    public nint CreateOp; // 213
    public nint InvokeOp; // 214
    public nint ReleaseOp; // 215
    public delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint> SessionOptionsAppendExecutionProvider; // 216
    public nint CopyKernelInfo; // 217
    public nint ReleaseKernelInfo; // 218
    public nint GetTrainingApi; // 219
    public nint SessionOptionsAppendExecutionProvider_CANN; // 220
    public nint CreateCANNProviderOptions; // 221
    public nint UpdateCANNProviderOptions; // 222
    public nint GetCANNProviderOptionsAsString; // 223
    public nint ReleaseCANNProviderOptions; // 224
    public nint MemoryInfoGetDeviceType; // 225
    public nint UpdateEnvWithCustomLogLevel; // 226
    public nint SetGlobalIntraOpThreadAffinity; // 227
    public nint RegisterCustomOpsLibrary_V2; // 228
    public nint RegisterCustomOpsUsingFunction; // 229
    public nint KernelInfo_GetInputCount; // 230
    public nint KernelInfo_GetOutputCount; // 231
    public nint KernelInfo_GetInputName; // 232
    public nint KernelInfo_GetOutputName; // 233
    public nint KernelInfo_GetInputTypeInfo; // 234
    public nint KernelInfo_GetOutputTypeInfo; // 235
    public nint KernelInfoGetAttribute_tensor; // 236
    public nint HasSessionConfigEntry; // 237
    public nint GetSessionConfigEntry; // 238
    public nint SessionOptionsAppendExecutionProvider_Dnnl; // 239
    public nint CreateDnnlProviderOptions; // 240
    public nint UpdateDnnlProviderOptions; // 241
    public nint GetDnnlProviderOptionsAsString; // 242
    public nint ReleaseDnnlProviderOptions; // 243
    public nint KernelInfo_GetNodeName; // 244
    public nint KernelInfo_GetLogger; // 245
    public nint KernelContext_GetLogger; // 246
    public nint Logger_LogMessage; // 247
    public nint Logger_GetLoggingSeverityLevel; // 248
    public nint KernelInfoGetConstantInput_tensor; // 249
    public nint CastTypeInfoToOptionalTypeInfo; // 250
    public nint GetOptionalContainedTypeInfo; // 251
    public nint GetResizedStringTensorElementBuffer; // 252
    public nint KernelContext_GetAllocator; // 253
    public delegate* unmanaged<byte*> GetBuildInfoString; // 254
}
#pragma warning restore CA1051, CS0649, IDE1006
