using Taco.Tools.Values;

namespace Taco.Tools.Ocr;

/// <summary>
/// TACO's <c>OCR</c> action: <c>{"image": "image-0"}</c> → <c>{'text': …}</c> (plus
/// <c>regions</c>, which the agent may hide from models trained on text only).
/// </summary>
public sealed class OcrTool : ITool
{
    public const string Name = "OCR";

    private readonly IOcrEngine _engine;

    public OcrTool(IOcrEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Extract texts from an image or return an empty string if no text is in the image. Note that the texts extracted may be incorrect or in the wrong order. It should be used as a reference only.",
        [new ToolArgument("image", ToolArgumentType.Image, "the image to extract texts from")],
        [new ToolReturn("text", "string", "the texts extracted from the image")],
        [new ToolExample("""{"image": "image-0"}""")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var images = context.Images ?? throw ToolExecutionException.Value("there are no images in this conversation");
        var pixels = images.GetPixels(arguments.GetImage("image"));
        var result = _engine.Recognize(pixels, cancellationToken);
        return ValueTask.FromResult(result.ToToolDict());
    }
}
