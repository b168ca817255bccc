using System.Collections.Concurrent;
using Taco.Inference.Models;

namespace Taco.Inference.Tests;

/// <summary>The tiny models, loaded once per (model, dtype) for the whole test run; loading is the slow part.</summary>
internal static class Models
{
    private static readonly ConcurrentDictionary<(string, string), Lazy<VisionLanguageModel>> Loaded = new();

    public static VisionLanguageModel Get(string name, string variant) =>
        Loaded.GetOrAdd((name, variant), key => new Lazy<VisionLanguageModel>(() =>
            VisionLanguageModel.Load(Golden.ModelDir(key.Item1), new ModelLoadOptions
            {
                Dtype = ModelDirectory.ParseDtype(key.Item2),
                SessionOptions = new Onnx.SessionOptions { IntraOpThreads = 1 },
            }))).Value;
}
