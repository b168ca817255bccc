using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Taco.Onnx.Tests.Conformance;

/// <summary>
/// ONNX's own backend node tests (Debian libonnx-testdata): each a model plus input and expected
/// output protobufs. Every test whose values are tensors of element types the binding supports runs
/// through the binding; every failure must be listed with its reason in known-failures.txt.
/// </summary>
public sealed class BackendNodeTests(ITestOutputHelper output)
{
    private const string DataDir = "/usr/share/libonnx-testdata/data/node";
    private const double RelativeTolerance = 1e-3; // the ONNX backend runner's defaults
    private const double AbsoluteTolerance = 1e-7;

    private static readonly HashSet<TensorElementType> Supported =
    [
        TensorElementType.Float, TensorElementType.Double, TensorElementType.Float16,
        TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32, TensorElementType.Int64,
        TensorElementType.UInt8, TensorElementType.UInt16, TensorElementType.UInt32, TensorElementType.UInt64,
        TensorElementType.Bool,
    ];

    private static OnnxRuntime Ort => Runtime.Ort;

    [Fact]
    public void At_least_ninety_percent_of_the_supported_backend_node_tests_pass_and_every_failure_is_explained()
    {
        Assert.True(Directory.Exists(DataDir), $"{DataDir} is missing: run `scripts/provision runtime test` (Debian package libonnx-testdata).");
        var known = LoadKnownFailures();
        var passed = new List<string>();
        var failed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var outOfSet = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var dir in Directory.GetDirectories(DataDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var (verdict, reason) = RunOne(dir);
            switch (verdict)
            {
                case Verdict.Passed: passed.Add(name); break;
                case Verdict.Failed: failed[name] = reason; break;
                default: outOfSet[name] = reason; break;
            }
        }

        var inSet = passed.Count + failed.Count;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"ONNX backend node tests: {passed.Count} passed, {failed.Count} failed ({100.0 * passed.Count / inSet:F1}% of {inSet}); {outOfSet.Count} outside the supported element types");
        foreach (var (n, r) in failed)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"FAILED {n}: {r}");
        }

        foreach (var (n, r) in outOfSet)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"NOT RUN {n}: {r}");
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-report.txt"), report.ToString());
        output.WriteLine(report.ToString());

        var unexplained = failed.Keys.Where(n => !known.ContainsKey(n)).ToList();
        Assert.True(unexplained.Count == 0, "failures not listed in known-failures.txt: " + string.Join(", ", unexplained.Select(n => $"{n} ({failed[n]})")));
        Assert.True(passed.Count >= 0.9 * inSet, $"only {passed.Count} of {inSet} passed");
        var nowPassing = known.Keys.Where(passed.Contains).ToList();
        Assert.True(nowPassing.Count == 0, "listed as failing but now pass (remove them from known-failures.txt): " + string.Join(", ", nowPassing));
    }

    private enum Verdict
    {
        Passed,
        Failed,
        NotInSet,
    }

    private static (Verdict, string) RunOne(string dir)
    {
        var sets = Directory.GetDirectories(dir, "test_data_set_*").Order(StringComparer.Ordinal).ToList();
        if (sets.Count == 0)
        {
            return (Verdict.NotInSet, "no test_data_set");
        }

        InferenceSession session;
        try
        {
            session = InferenceSession.FromFile(Ort, Path.Combine(dir, "model.onnx"));
        }
        catch (OrtException e)
        {
            return (Verdict.Failed, "load: " + FirstLine(e.NativeMessage));
        }

        using (session)
        {
            foreach (var node in session.Inputs.Concat(session.Outputs))
            {
                if (node.ValueType != OnnxValueType.Tensor)
                {
                    return (Verdict.NotInSet, $"{node.Name} is a {node.ValueType}");
                }

                if (!Supported.Contains(node.ElementType))
                {
                    return (Verdict.NotInSet, $"{node.Name} is {node.ElementType}");
                }
            }

            foreach (var set in sets)
            {
                var result = RunSet(session, set);
                if (result is not null)
                {
                    return (Verdict.Failed, $"{Path.GetFileName(set)}: {result}");
                }
            }

            return (Verdict.Passed, string.Empty);
        }
    }

    private static string? RunSet(InferenceSession session, string set)
    {
        var inputs = Directory.GetFiles(set, "input_*.pb").OrderBy(IndexOf).Select(f => TensorProto.Parse(File.ReadAllBytes(f))).ToList();
        var expected = Directory.GetFiles(set, "output_*.pb").OrderBy(IndexOf).Select(f => TensorProto.Parse(File.ReadAllBytes(f))).ToList();
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var t = inputs[i];
                var inputName = t.Name.Length > 0 && session.Inputs.Any(n => n.Name == t.Name) ? t.Name : session.Inputs[i].Name;
                names.Add(inputName);
                values.Add(OrtValue.CreateTensor(Ort, t.DataType, t.ToBytes(), t.Dims.ToArray()));
            }

            var outputNames = session.Outputs.Select(o => o.Name).ToArray();
            var outputs = new OrtValue?[outputNames.Length];
            try
            {
                session.Run(names.ToArray(), values.ToArray(), outputNames, outputs);
            }
            catch (OrtException e)
            {
                return "run: " + FirstLine(e.NativeMessage);
            }

            try
            {
                for (var i = 0; i < expected.Count; i++)
                {
                    var want = expected[i];
                    var index = want.Name.Length > 0 ? Array.IndexOf(outputNames, want.Name) : i;
                    var got = outputs[index < 0 ? i : index]!;
                    var mismatch = Compare(want, got);
                    if (mismatch is not null)
                    {
                        return $"output {outputNames[index < 0 ? i : index]}: {mismatch}";
                    }
                }
            }
            finally
            {
                foreach (var o in outputs)
                {
                    o?.Dispose();
                }
            }

            return null;
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }

    private static string? Compare(TensorProto want, OrtValue got)
    {
        if (got.ElementType != want.DataType)
        {
            return $"element type {got.ElementType}, expected {want.DataType}";
        }

        if (!got.Shape.SequenceEqual(want.Dims))
        {
            return $"shape [{string.Join(",", got.Shape)}], expected [{string.Join(",", want.Dims)}]";
        }

        var a = Decode(want.DataType, want.ToBytes());
        var b = Decode(got.ElementType, got.RawBytes().ToArray());
        var exact = want.DataType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16);
        for (var i = 0; i < a.Length; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (exact ? x != y : !Close(x, y))
            {
                return $"element {i} is {y.ToString(CultureInfo.InvariantCulture)}, expected {x.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    private static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual;
        }

        return Math.Abs(expected - actual) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected));
    }

    private static double[] Decode(TensorElementType type, byte[] bytes)
    {
        var size = TensorProto.SizeOf(type);
        var n = bytes.Length / size;
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = bytes.AsSpan(i * size, size);
            result[i] = type switch
            {
                TensorElementType.Float => BitConverter.ToSingle(s),
                TensorElementType.Double => BitConverter.ToDouble(s),
                TensorElementType.Float16 => (double)BitConverter.ToHalf(s),
                TensorElementType.Int8 => (sbyte)s[0],
                TensorElementType.UInt8 => s[0],
                TensorElementType.Bool => s[0] != 0 ? 1 : 0,
                TensorElementType.Int16 => BitConverter.ToInt16(s),
                TensorElementType.UInt16 => BitConverter.ToUInt16(s),
                TensorElementType.Int32 => BitConverter.ToInt32(s),
                TensorElementType.UInt32 => BitConverter.ToUInt32(s),
                TensorElementType.Int64 => BitConverter.ToInt64(s),
                TensorElementType.UInt64 => BitConverter.ToUInt64(s),
                _ => throw new NotSupportedException(type.ToString()),
            };
        }

        return result;
    }

    private static int IndexOf(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return int.Parse(stem[(stem.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static Dictionary<string, string> LoadKnownFailures()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "Taco.Onnx.Tests", "Conformance", "known-failures.txt");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"known-failures.txt line without 'name: reason': {line}");
            var reason = line[(colon + 1)..].Trim();
            Assert.True(reason.Length > 0, $"known failure {line[..colon]} has no reason");
            map[line[..colon].Trim()] = reason;
        }

        return map;
    }
}
