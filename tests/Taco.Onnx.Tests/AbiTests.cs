using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Taco.Onnx.Interop;

namespace Taco.Onnx.Tests;

/// <summary>Our OrtApi table against the real onnxruntime_c_api.h (fetched by provisioning, never vendored).</summary>
public sealed partial class AbiTests
{
    private const string HeaderPath =
        "npm/com.github.asus4.onnxruntime-0.4.9/package/Plugins/iOS~/onnxruntime.xcframework/ios-arm64/onnxruntime.framework/Headers/onnxruntime_c_api.h";

    [Fact]
    public void Every_slot_of_our_OrtApi_sits_at_the_header_index_of_its_name()
    {
        var header = HeaderSlots(File.ReadAllText(TestPaths.Provisioned(HeaderPath)));
        Assert.True(header.Count > 400, $"parsed only {header.Count} OrtApi members from the header");

        var fields = typeof(OrtApi).GetFields(BindingFlags.Public | BindingFlags.Instance);
        Assert.Equal(fields.Length * IntPtr.Size, Marshal.SizeOf<OrtApi>());
        var typed = 0;
        foreach (var field in fields)
        {
            var slot = (int)Marshal.OffsetOf<OrtApi>(field.Name) / IntPtr.Size;
            Assert.True(slot < header.Count, $"{field.Name} is at slot {slot}, past the header's {header.Count} members");
            Assert.Equal(header[slot], field.Name);
            if (field.FieldType != typeof(nint))
            {
                typed++;
            }
        }

        Assert.True(typed >= 70, $"expected the functions we call to be typed, found {typed}");
    }

    [Fact]
    public void The_loaded_library_serves_the_api_version_we_bind()
    {
        Assert.StartsWith("1.30", Runtime.Ort.Version, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", Runtime.Ort.AvailableProviders);
    }

    /// <summary>Member names of <c>struct OrtApi</c>, in order, as the header's macros declare them.</summary>
    internal static List<string> HeaderSlots(string source)
    {
        var start = source.IndexOf("struct OrtApi {", StringComparison.Ordinal);
        Assert.True(start >= 0, "struct OrtApi not found in the header");
        var open = source.IndexOf('{', start);
        var depth = 0;
        var end = open;
        for (; end < source.Length; end++)
        {
            if (source[end] == '{')
            {
                depth++;
            }
            else if (source[end] == '}' && --depth == 0)
            {
                break;
            }
        }

        var body = BlockComment().Replace(source[(open + 1)..end], string.Empty);
        body = LineComment().Replace(body, string.Empty);
        var names = new List<string>();
        foreach (Match m in Member().Matches(body))
        {
            if (m.Groups["status"].Success)
            {
                names.Add(m.Groups["status"].Value);
            }
            else if (m.Groups["release"].Success)
            {
                names.Add("Release" + m.Groups["release"].Value);
            }
            else
            {
                names.Add(m.Groups["plain"].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"ORT_API2_STATUS\(\s*(?<status>\w+)|ORT_CLASS_RELEASE2?\(\s*(?<release>\w+)\)|\(ORT_API_CALL\s*\*\s*(?<plain>\w+)\)")]
    private static partial Regex Member();
}
