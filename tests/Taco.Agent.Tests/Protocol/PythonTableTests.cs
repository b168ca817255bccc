using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Taco.Agent.Protocol;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Protocol;

/// <summary>Tables CPython produced (Protocol/make_tables.py): observation reprs and json.loads results.</summary>
public sealed class PythonTableTests
{
    public static TheoryData<int> ReprRows() => Rows("python-repr-table.jsonl");

    public static TheoryData<int> LoadsRows() => Rows("python-json-loads.jsonl");

    [Theory]
    [MemberData(nameof(ReprRows))]
    public void Observations_print_like_python_repr(int row)
    {
        var (value, expected) = ReadRepr(row);
        var observation = ProtocolProfile.Taco.RenderObservation(ToolOutcome.Success("Calculate", (ToolDict)value));
        Assert.Equal(TacoStrings.ObservationPrefix + expected + TacoStrings.ObservationSuffix, observation);
    }

    [Theory]
    [MemberData(nameof(LoadsRows))]
    public void Decoder_matches_json_loads_values_and_error_messages(int row)
    {
        using var doc = JsonDocument.Parse(Line("python-json-loads.jsonl", row));
        var input = doc.RootElement.GetProperty("input").GetString()!;
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            var e = Assert.Throws<PythonJsonException>(() => PythonJson.Loads(input));
            Assert.Equal(error.GetString(), e.Message);
        }
        else
        {
            Assert.Equal(doc.RootElement.GetProperty("dumps").GetString(), PythonJsonWriter.Dumps(PythonJson.Loads(input)));
        }
    }

    private static (ToolValue Value, string Repr) ReadRepr(int row)
    {
        using var doc = JsonDocument.Parse(Line("python-repr-table.jsonl", row));
        return (Untag(doc.RootElement.GetProperty("value")), doc.RootElement.GetProperty("repr").GetString()!);
    }

    private static ToolValue Untag(JsonElement e) => e.GetProperty("t").GetString() switch
    {
        "none" => ToolValue.None,
        "bool" => ToolValue.Of(e.GetProperty("v").GetBoolean()),
        "int" => ToolValue.Of(BigInteger.Parse(e.GetProperty("v").GetString()!, System.Globalization.CultureInfo.InvariantCulture)),
        "float" => ToolValue.Of(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(e.GetProperty("bits").GetString()!)))),
        "str" => ToolValue.Of(e.GetProperty("v").GetString()!),
        "list" => new ToolList(e.GetProperty("v").EnumerateArray().Select(Untag)),
        "dict" => new ToolDict(e.GetProperty("v").EnumerateArray().Select(kv => KeyValuePair.Create(kv[0].GetString()!, Untag(kv[1])))),
        var t => throw new InvalidDataException($"unknown tag {t}"),
    };

    private static TheoryData<int> Rows(string file)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Lines(file).Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static string Line(string file, int row) => Lines(file)[row];

    private static string[] Lines(string file) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Protocol", file)).Where(l => l.Length > 0)];
}
