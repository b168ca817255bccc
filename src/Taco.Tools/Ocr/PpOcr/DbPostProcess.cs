namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Differentiable-binarization post-processing: threshold the text probability map, take each
/// connected region's minimum-area rotated rectangle, keep it when the mean probability inside is
/// high enough, and grow it by area × ratio / perimeter (the shrink DB was trained with, undone).
/// Coordinates are in map pixels, pixel centres at integers.
/// </summary>
internal static class DbPostProcess
{
    private const double MinSide = 3;

    // PaddleOCR's unclip_ratio and max_candidates.
    private const double UnclipRatio = 1.5;
    private const int MaxCandidates = 1000;

    /// <summary>Quads as tl, tr, br, bl (x,y pairs) with their score.</summary>
    public static List<(double[] Quad, float Score)> Boxes(ReadOnlySpan<float> map, int width, int height, PpOcrOptions options)
    {
        // The text mask; PaddleOCR's use_dilation grows it by a 2×2 kernel so dotted (LED matrix) strokes join up.
        var mask = new bool[width * height];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = map[i] > options.BinaryThreshold;
        }

        if (options.UseDilation)
        {
            for (var y = height - 1; y >= 0; y--)
            {
                for (var x = width - 1; x >= 0; x--)
                {
                    var i = (y * width) + x;
                    mask[i] = mask[i] || (x > 0 && mask[i - 1]) || (y > 0 && (mask[i - width] || (x > 0 && mask[i - width - 1])));
                }
            }
        }

        var labels = new int[width * height];
        var results = new List<(double[], float)>();
        var stack = new Stack<int>();
        var pixels = new List<int>();
        var candidates = 0;
        for (var start = 0; start < map.Length && candidates < MaxCandidates; start++)
        {
            if (labels[start] != 0 || !mask[start])
            {
                continue;
            }

            candidates++;
            pixels.Clear();
            labels[start] = candidates;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                pixels.Add(p);
                int px = p % width, py = p / width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = py + dy;
                    if (ny < 0 || ny >= height)
                    {
                        continue;
                    }

                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = px + dx;
                        if (nx < 0 || nx >= width)
                        {
                            continue;
                        }

                        var q = (ny * width) + nx;
                        if (labels[q] == 0 && mask[q])
                        {
                            labels[q] = candidates;
                            stack.Push(q);
                        }
                    }
                }
            }

            if (Box(map, width, height, pixels, options) is { } box)
            {
                results.Add(box);
            }
        }

        return results;
    }

    private static (double[], float)? Box(ReadOnlySpan<float> map, int width, int height, List<int> pixels, PpOcrOptions options)
    {
        if (pixels.Count < 4)
        {
            return null;
        }

        // Only each row's two ends can be on the hull; that keeps the hull's input small.
        var minY = int.MaxValue;
        var maxY = int.MinValue;
        foreach (var p in pixels)
        {
            minY = Math.Min(minY, p / width);
            maxY = Math.Max(maxY, p / width);
        }

        var rows = maxY - minY + 1;
        var left = new int[rows];
        var right = new int[rows];
        Array.Fill(left, int.MaxValue);
        Array.Fill(right, int.MinValue);
        foreach (var p in pixels)
        {
            var r = (p / width) - minY;
            left[r] = Math.Min(left[r], p % width);
            right[r] = Math.Max(right[r], p % width);
        }

        var points = new List<(double X, double Y)>(rows * 2);
        for (var r = 0; r < rows; r++)
        {
            points.Add((left[r], r + minY));
            if (right[r] != left[r])
            {
                points.Add((right[r], r + minY));
            }
        }

        var hull = ConvexHull(points);
        if (hull.Count < 3)
        {
            return null;
        }

        var (e, n, s0, s1, t0, t1) = MinAreaRect(hull);
        if (Math.Min(s1 - s0, t1 - t0) < MinSide)
        {
            return null;
        }

        var quad = Corners(e, n, s0, s1, t0, t1);
        var score = MeanInside(map, width, height, quad);
        if (score < options.BoxThreshold)
        {
            return null;
        }

        double w = s1 - s0, h = t1 - t0;
        var grow = w * h * UnclipRatio / (2 * (w + h));
        if (Math.Min(w, h) + (2 * grow) < MinSide + 2)
        {
            return null;
        }

        return (Corners(e, n, s0 - grow, s1 + grow, t0 - grow, t1 + grow), score);
    }

    // Andrew's monotone chain, counter-clockwise in image coordinates' math sense.
    private static List<(double X, double Y)> ConvexHull(List<(double X, double Y)> points)
    {
        points.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var hull = new List<(double X, double Y)>(points.Count + 1);
        for (var pass = 0; pass < 2; pass++)
        {
            var floor = hull.Count;
            for (var k = 0; k < points.Count; k++)
            {
                var p = points[pass == 0 ? k : points.Count - 1 - k];
                while (hull.Count >= floor + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));

    // Rotating calipers, simply: the minimum-area rectangle has a side on some hull edge.
    private static ((double X, double Y) E, (double X, double Y) N, double S0, double S1, double T0, double T1) MinAreaRect(List<(double X, double Y)> hull)
    {
        var best = (E: (X: 1.0, Y: 0.0), N: (X: 0.0, Y: 1.0), S0: 0.0, S1: 0.0, T0: 0.0, T1: 0.0);
        var bestArea = double.MaxValue;
        for (var i = 0; i < hull.Count; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Count];
            var len = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)));
            if (len < 1e-9)
            {
                continue;
            }

            var e = ((b.X - a.X) / len, (b.Y - a.Y) / len);
            var n = (-e.Item2, e.Item1);
            double s0 = double.MaxValue, s1 = double.MinValue, t0 = double.MaxValue, t1 = double.MinValue;
            foreach (var p in hull)
            {
                var s = (p.X * e.Item1) + (p.Y * e.Item2);
                var t = (p.X * n.Item1) + (p.Y * n.Item2);
                s0 = Math.Min(s0, s);
                s1 = Math.Max(s1, s);
                t0 = Math.Min(t0, t);
                t1 = Math.Max(t1, t);
            }

            var area = (s1 - s0) * (t1 - t0);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                best = (e, n, s0, s1, t0, t1);
            }
        }

        return best;
    }

    // The rectangle's corners ordered as PaddleOCR orders them: of the two leftmost, the upper is tl; of the two rightmost, the upper is tr.
    private static double[] Corners((double X, double Y) e, (double X, double Y) n, double s0, double s1, double t0, double t1)
    {
        var pts = new (double X, double Y)[]
        {
            ((s0 * e.X) + (t0 * n.X), (s0 * e.Y) + (t0 * n.Y)),
            ((s1 * e.X) + (t0 * n.X), (s1 * e.Y) + (t0 * n.Y)),
            ((s1 * e.X) + (t1 * n.X), (s1 * e.Y) + (t1 * n.Y)),
            ((s0 * e.X) + (t1 * n.X), (s0 * e.Y) + (t1 * n.Y)),
        };
        Array.Sort(pts, (a, b) => a.X.CompareTo(b.X));
        var (tl, bl) = pts[0].Y <= pts[1].Y ? (pts[0], pts[1]) : (pts[1], pts[0]);
        var (tr, br) = pts[2].Y <= pts[3].Y ? (pts[2], pts[3]) : (pts[3], pts[2]);
        return [tl.X, tl.Y, tr.X, tr.Y, br.X, br.Y, bl.X, bl.Y];
    }

    private static float MeanInside(ReadOnlySpan<float> map, int width, int height, double[] quad)
    {
        var x0 = Math.Clamp((int)Math.Floor(Math.Min(Math.Min(quad[0], quad[2]), Math.Min(quad[4], quad[6]))), 0, width - 1);
        var x1 = Math.Clamp((int)Math.Ceiling(Math.Max(Math.Max(quad[0], quad[2]), Math.Max(quad[4], quad[6]))), 0, width - 1);
        var y0 = Math.Clamp((int)Math.Floor(Math.Min(Math.Min(quad[1], quad[3]), Math.Min(quad[5], quad[7]))), 0, height - 1);
        var y1 = Math.Clamp((int)Math.Ceiling(Math.Max(Math.Max(quad[1], quad[3]), Math.Max(quad[5], quad[7]))), 0, height - 1);
        double sum = 0;
        var count = 0;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (Inside(quad, x, y))
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    // Convex quad: inside when on the same side of all four edges (either winding).
    private static bool Inside(double[] q, double x, double y)
    {
        var sign = 0;
        for (var k = 0; k < 4; k++)
        {
            double ax = q[2 * k], ay = q[(2 * k) + 1];
            double bx = q[(2 * ((k + 1) % 4))], by = q[(2 * ((k + 1) % 4)) + 1];
            var c = ((bx - ax) * (y - ay)) - ((by - ay) * (x - ax));
            var s = c > 1e-9 ? 1 : c < -1e-9 ? -1 : 0;
            if (s == 0)
            {
                continue;
            }

            if (sign == 0)
            {
                sign = s;
            }
            else if (s != sign)
            {
                return false;
            }
        }

        return true;
    }
}
