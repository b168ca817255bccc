namespace Taco.Onnx.Tests;

/// <summary>
/// ONNX Runtime's Linux telemetry starts inside environment creation, reads the whole command line with
/// stack use that grows with its length (a ~30 KB command line crashed taco, exit 134), and leaves
/// <c>/tmp/mat-debug-PID.log</c> behind. taco turns it off before the environment exists.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public void Starting_ONNX_Runtime_leaves_no_telemetry_log()
    {
        _ = Runtime.Ort;
        var log = Path.Combine("/tmp", $"mat-debug-{Environment.ProcessId}.log");
        Assert.False(File.Exists(log), $"{log} was written: ONNX Runtime's telemetry started");
    }
}
