namespace Taco.Imaging.Processing;

/// <summary>The kernels <see cref="SeparableResampler"/> can use along one axis.</summary>
internal enum ResampleFilter
{
    /// <summary>Exact area coverage (box filter over the output pixel's footprint); for shrinking.</summary>
    Area,

    /// <summary>Triangle (linear interpolation between pixel centres); for enlarging.</summary>
    Bilinear,

    /// <summary>Keys cubic (a = −0.5), widened by the scale when shrinking (PIL's BICUBIC, what DPT/Depth-Anything processors use).</summary>
    Bicubic,

    /// <summary>Lanczos with 3 lobes, widened by the scale when shrinking (PIL's LANCZOS).</summary>
    Lanczos3,
}
