using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Taco.Cli.Infrastructure;

/// <summary>Log lines to the CLI's error stream (a test's writer, or standard error), never to stdout.</summary>
internal sealed class TextWriterSink(TextWriter writer, LogEventLevel minimum) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _formatter =
        new("[{Level:u3}] {Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture);

    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < minimum)
        {
            return;
        }

        lock (_gate)
        {
            _formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
