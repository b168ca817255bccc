using System.Runtime.InteropServices;
using Taco.Imaging.Interop;

namespace Taco.Imaging.Tests;

public sealed class LeptonicaLoaderTests
{
    [Fact]
    public void Missing_library_names_what_was_tried_and_how_to_install_it()
    {
        var path = Fixture.Path("no-such-liblept.so.5");

        var handle = LeptonicaLibrary.TryLoad(path, out var failure);

        Assert.Equal(0, handle);
        Assert.NotNull(failure);
        Assert.Contains("scripts/provision", failure.Message, StringComparison.Ordinal);
        Assert.Contains("liblept5", failure.Message, StringComparison.Ordinal);
        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Single(failure.PlacesTried);
    }

    [Fact]
    public void Installed_library_is_found_by_its_usual_names()
    {
        var handle = LeptonicaLibrary.TryLoad(null, out var failure);

        Assert.NotEqual(0, handle);
        Assert.Null(failure);
        Assert.True(NativeLibrary.TryGetExport(handle, "pixReadMem", out _));
        NativeLibrary.Free(handle);
    }
}
