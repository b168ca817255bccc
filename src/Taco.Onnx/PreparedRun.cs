using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// Runs of one session over fixed input and output names, for a loop that runs the same graph again and again
/// (a decode step): the name and value arrays and the cancellable run's options are created once, so a run
/// allocates only what ONNX Runtime's managed API itself does. Inputs are set by position between runs; the
/// values stay the caller's and must outlive the runs that use them. Not thread-safe: one run at a time.
/// </summary>
public sealed class PreparedRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue?[] _inputs;
    private readonly Ort.OrtValue[] _nativeInputs;
    private readonly Ort.OrtValue[] _nativeOutputs;
    private readonly Ort.RunOptions _options = new();

    internal PreparedRun(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<string> outputNames)
    {
        _session = session;
        _inputNames = [.. inputNames];
        _outputNames = [.. outputNames];
        _inputs = new OrtValue?[_inputNames.Length];
        _nativeInputs = new Ort.OrtValue[_inputNames.Length];
        _nativeOutputs = new Ort.OrtValue[_outputNames.Length];
    }

    public IReadOnlyList<string> InputNames => _inputNames;

    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Sets the input at <paramref name="index"/> (in <see cref="InputNames"/> order) for the next runs.</summary>
    public void SetInput(int index, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _inputs[index] = value;
        _nativeInputs[index] = value.Native;
    }

    /// <summary>
    /// Runs the session over the inputs set so far. <paramref name="outputs"/> (in <see cref="OutputNames"/> order)
    /// are either all null, and then filled with values ONNX Runtime allocated (the caller owns them), or all set
    /// to preallocated values that the run writes in place; a mix takes the general <see cref="InferenceSession.Run(ReadOnlySpan{string}, ReadOnlySpan{OrtValue}, ReadOnlySpan{string}, Span{OrtValue?}, CancellationToken)"/>.
    /// </summary>
    public void Run(Span<OrtValue?> outputs, CancellationToken cancellationToken = default)
    {
        if (outputs.Length != _outputNames.Length)
        {
            throw new ArgumentException($"The run has {_outputNames.Length} output(s) but {outputs.Length} slot(s) were given.", nameof(outputs));
        }

        var index = Array.IndexOf(_inputs, null);
        if (index >= 0)
        {
            throw new InvalidOperationException($"Input \"{_inputNames[index]}\" has not been set.");
        }

        var preallocated = 0;
        foreach (var o in outputs)
        {
            preallocated += o is null ? 0 : 1;
        }

        if (preallocated != 0 && preallocated != outputs.Length)
        {
            _session.Run(_inputNames, _inputs!, _outputNames, outputs, cancellationToken);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var run = RunScope.Start(_options, cancellationToken);
        _session.RunStarting?.Invoke();
        if (preallocated > 0)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                _nativeOutputs[i] = outputs[i]!.Native;
            }

            try
            {
                _session.Native.Run(run.Options, _inputNames, _nativeInputs, _outputNames, _nativeOutputs);
            }
            catch (Ort.OnnxRuntimeException error)
            {
                throw run.Translate(error);
            }
            finally
            {
                Array.Clear(_nativeOutputs);
            }

            return;
        }

        Ort.IDisposableReadOnlyCollection<Ort.OrtValue> results;
        try
        {
            results = _session.Native.Run(run.Options, _inputNames, _nativeInputs, _outputNames);
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw run.Translate(error);
        }

        // The collection only lists the values; each now belongs to its OrtValue.
        var k = 0;
        foreach (var value in results)
        {
            outputs[k++] = new OrtValue(value);
        }
    }

    public void Dispose() => _options.Dispose();
}
