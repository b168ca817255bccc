namespace Taco.Agent.Tests.Goldens;

/// <summary>Golden protocol strings, generated independently by Protocol/make_tables.py with CPython.</summary>
internal static class Golden
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Goldens", name));

    /// <summary>Exact comparison with a readable pointer to the first difference.</summary>
    public static void AssertMatches(string name, string actual)
    {
        var expected = Read(name);
        if (expected == actual)
        {
            return;
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 40);
        Assert.Fail($"{name} differs at char {at}:\nexpected …{Escape(expected[from..Math.Min(expected.Length, at + 40)])}…\nactual   …{Escape(actual[from..Math.Min(actual.Length, at + 40)])}…");
    }

    private static string Escape(string s) => s.Replace("\n", "⏎", StringComparison.Ordinal);
}
