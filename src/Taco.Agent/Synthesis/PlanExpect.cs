using System.Collections.Immutable;

namespace Taco.Agent.Synthesis;

/// <summary>What a step's own observation must show for its trace to be kept.</summary>
/// <param name="Numbers">Numbers the observation must show, matched on their digits (<see cref="DigitMatcher"/>).</param>
/// <param name="Texts">Texts the observation must contain, case-insensitively.</param>
/// <param name="Regions">OCR regions that must exist with exactly these texts (trimmed, case-insensitive).</param>
public sealed record PlanExpect(ImmutableArray<string> Numbers, ImmutableArray<string> Texts, ImmutableArray<string> Regions)
{
    public static PlanExpect None { get; } = new([], [], []);
}
