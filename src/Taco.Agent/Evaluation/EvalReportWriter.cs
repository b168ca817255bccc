using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Taco.Agent.Tracing;

namespace Taco.Agent.Evaluation;

/// <summary>Writes an <see cref="EvalReport"/> as Markdown (people), JSON (scripts) and JUnit XML (CI).</summary>
public static class EvalReportWriter
{
    // The project's JSON conventions, indented, and with nulls written: every item shows the same fields.
    private static readonly JsonSerializerOptions Json = new(TraceJson.Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void WriteMarkdown(EvalReport report, string title, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine($"# taco eval: {title}");
        writer.WriteLine();
        writer.WriteLine(string.Create(inv, $"**Accuracy {report.Accuracy:P1}** ({report.Correct} of {report.Count} correct; {report.NoAnswer} without an answer; {report.Failed} failed)"));
        writer.WriteLine();
        writer.WriteLine("## By category");
        writer.WriteLine();
        writer.WriteLine("| category | items | correct | accuracy |");
        writer.WriteLine("|---|---:|---:|---:|");
        foreach (var c in report.Categories)
        {
            writer.WriteLine(string.Create(inv, $"| {Cell(c.Name)} | {c.Items} | {c.Correct} | {c.Accuracy:P1} |"));
        }

        writer.WriteLine();
        writer.WriteLine("## By tool");
        writer.WriteLine();
        if (report.Tools.IsEmpty)
        {
            writer.WriteLine("No tool was called.");
        }
        else
        {
            writer.WriteLine("| tool | calls | failed calls | items that called it | share of correct answers that used it |");
            writer.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var t in report.Tools)
            {
                writer.WriteLine(string.Create(inv, $"| {Cell(t.Name)} | {t.Calls} | {t.Failures} | {t.Items} | {t.ShareOfCorrect:P1} |"));
            }
        }

        var wrong = report.Items.Where(i => !i.Correct).ToList();
        writer.WriteLine();
        writer.WriteLine("## Items not fully correct");
        writer.WriteLine();
        if (wrong.Count == 0)
        {
            writer.WriteLine("None.");
            return;
        }

        writer.WriteLine("| id | category | type | gold | prediction | score | status |");
        writer.WriteLine("|---|---|---|---|---|---:|---|");
        foreach (var i in wrong)
        {
            var prediction = i.Error is { } error ? "error: " + error : i.Answer ?? "(none)";
            writer.WriteLine(string.Create(
                inv,
                $"| {Cell(i.Item.Id)} | {Cell(i.Item.Category)} | {TypeName(i.AnswerType)} | {Cell(string.Join(" / ", i.Item.Gold))} | {Cell(prediction)} | {i.Score:0.##} | {StatusName(i.Status)} |"));
        }
    }

    public static void WriteJson(EvalReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var payload = new
        {
            Summary = new
            {
                report.Count,
                report.Accuracy,
                report.Correct,
                report.NoAnswer,
                report.Failed,
            },
            Categories = report.Categories,
            Tools = report.Tools,
            Items = report.Items.Select(i => new
            {
                i.Item.Id,
                i.Item.Category,
                AnswerType = TypeName(i.AnswerType),
                Gold = i.Item.Gold,
                Prediction = i.Answer,
                i.Score,
                i.Correct,
                Status = StatusName(i.Status),
                i.ExitReason,
                i.Error,
                Tools = i.Tools.ToDictionary(t => t.Key, t => new { t.Value.Calls, t.Value.Failures }, StringComparer.Ordinal),
                i.ElapsedMilliseconds,
            }),
        };
        writer.WriteLine(JsonSerializer.Serialize(payload, Json));
    }

    /// <summary>
    /// JUnit XML as CI systems read it: one testsuite per category, one testcase per item; a wrong
    /// or missing answer is a failure, an item that could not run is an error.
    /// </summary>
    public static void WriteJUnit(EvalReport report, string name, DateTime timestamp, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = true };
        using var xml = XmlWriter.Create(writer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", Clean(name));
        WriteCounts(xml, report.Items);
        var id = 0;
        foreach (var category in report.Items.GroupBy(i => i.Item.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Clean(category.Key));
            WriteCounts(xml, [.. category]);
            xml.WriteAttributeString("skipped", "0");
            xml.WriteAttributeString("timestamp", timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("id", (id++).ToString(CultureInfo.InvariantCulture));
            foreach (var item in category)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", Clean(item.Item.Id));
                xml.WriteAttributeString("classname", Clean("taco.eval." + category.Key));
                xml.WriteAttributeString("time", Seconds(item.ElapsedMilliseconds));
                if (item.Status is PredictionStatus.Failed or PredictionStatus.Missing)
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("type", item.Status == PredictionStatus.Missing ? "Missing" : "ItemFailed");
                    xml.WriteAttributeString("message", Clean(item.Error ?? "no prediction was recorded"));
                    xml.WriteEndElement();
                }
                else if (!item.Correct)
                {
                    var message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"expected {string.Join(" / ", item.Item.Gold)}, got {item.Answer ?? "no answer"} ({TypeName(item.AnswerType)} score {item.Score:0.##})");
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", item.Status == PredictionStatus.NoAnswer ? "NoAnswer" : "WrongAnswer");
                    xml.WriteAttributeString("message", Clean(message));
                    if (item.ExitReason is { } reason)
                    {
                        xml.WriteString(Clean("exit reason: " + reason));
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static string TypeName(AnswerType type) => type.ToString().ToLowerInvariant();

    public static string StatusName(PredictionStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<ItemScore> items)
    {
        var errors = items.Count(i => i.Status is PredictionStatus.Failed or PredictionStatus.Missing);
        var failures = items.Count(i => !i.Correct) - errors;
        xml.WriteAttributeString("tests", items.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(items.Sum(i => i.ElapsedMilliseconds)));
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Model output may hold characters XML 1.0 cannot carry; they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return sb.ToString();
    }

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
