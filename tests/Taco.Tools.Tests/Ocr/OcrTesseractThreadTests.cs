using System.Runtime.InteropServices;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Tools.Tests.Ocr;

/// <summary>
/// Tesseract's OpenMP loops get one thread each (OMP_THREAD_LIMIT=1, unless the user set it), so
/// <c>-j</c> parallel OCR calls do not oversubscribe a small machine (docs/benchmarks.md).
/// </summary>
public sealed partial class OcrTesseractThreadTests
{
    [Fact]
    public void Tesseract_runs_its_openmp_loops_on_one_thread_unless_the_user_chose_otherwise()
    {
        Assert.StartsWith("5.", TesseractInstance.Version, StringComparison.Ordinal); // loads libtesseract, and libgomp with it

        var chosen = Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT");
        var expected = chosen is { Length: > 0 } ? int.Parse(chosen, System.Globalization.CultureInfo.InvariantCulture) : 1;
        Assert.Equal(expected, omp_get_thread_limit());
    }

    // libgomp as libtesseract loaded it (same soname, same instance): its thread limit as read at load.
    [LibraryImport("libgomp.so.1")]
    private static partial int omp_get_thread_limit();
}
