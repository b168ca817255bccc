namespace Taco.Imaging.Formats;

/// <summary>A PAM header: <see cref="Depth"/> samples per pixel (grey, grey + alpha, RGB, RGBA), raster from <see cref="RasterStart"/>.</summary>
internal readonly record struct PamHeader(long Width, long Height, int Depth, int MaxValue, int RasterStart);
