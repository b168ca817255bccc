using Taco.Imaging;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Doubles;

/// <summary>
/// Test double standing in for an image-producing tool (cheaper and more predictable
/// than the real Crop): it flips the image upside down and hands the result to the conversation's
/// image sink, which is the path under test.
/// </summary>
internal sealed class FlipImageToolDouble : ITool
{
    public ToolDescriptor Descriptor { get; } = new("Crop", "Flip double.", [new ToolArgument("image", ToolArgumentType.Image, "image")], [new ToolReturn("image", "image", "flipped")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var source = context.Images!.GetPixels(arguments.GetImage("image"));
        var rowBytes = source.Stride;
        var pixels = new byte[rowBytes * source.Height];
        for (var y = 0; y < source.Height; y++)
        {
            source.Row(source.Height - 1 - y).CopyTo(pixels.AsSpan(y * rowBytes));
        }

        var sink = (IImageSink)context.Images;
        var created = sink.Add(new RgbImage(source.Width, source.Height, pixels));
        return ValueTask.FromResult(ToolDict.Empty.With("image", new ToolImage(created)));
    }
}
