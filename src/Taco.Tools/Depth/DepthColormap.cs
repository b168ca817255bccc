using Taco.Imaging;

namespace Taco.Tools.Depth;

/// <summary>A perceptually ordered dark-to-bright ramp (close to matplotlib's "inferno") for depth pictures.</summary>
internal static class DepthColormap
{
    private static readonly (float At, Rgb Color)[] Stops =
    [
        (0.00f, new Rgb(0, 0, 4)),
        (0.25f, new Rgb(87, 16, 110)),
        (0.50f, new Rgb(188, 55, 84)),
        (0.75f, new Rgb(249, 142, 9)),
        (1.00f, new Rgb(252, 255, 164)),
    ];

    public static Rgb At(float t)
    {
        t = float.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        for (var k = 1; k < Stops.Length; k++)
        {
            if (t <= Stops[k].At)
            {
                var (a, ca) = Stops[k - 1];
                var (b, cb) = Stops[k];
                var f = (t - a) / (b - a);
                return new Rgb(Mix(ca.R, cb.R, f), Mix(ca.G, cb.G, f), Mix(ca.B, cb.B, f));
            }
        }

        return Stops[^1].Color;
    }

    private static byte Mix(byte a, byte b, float f) => (byte)Math.Round(a + ((b - a) * f));
}
