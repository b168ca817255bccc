using System.Collections.Immutable;
using Taco.Agent.Images;
using Taco.Agent.Models;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Imaging;
using Taco.Tools;

namespace Taco.Agent.Replay;

/// <summary>
/// Re-runs a trace's model outputs through today's parser, prompts and tools and lists
/// what changed: the first turn, each step's kind, action and observation, and the answer.
/// The caller supplies the input images (decoded from the trace's <c>images/</c> folder or
/// the original files); their content hashes are checked against the trace.
/// </summary>
public static class TraceReplay
{
    public static async Task<ReplayReport> RunAsync(
        Trace trace,
        IReadOnlyList<RgbImage> images,
        ToolRegistry tools,
        AgentOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(tools);
        var differences = ImmutableArray.CreateBuilder<ReplayDifference>();
        var hashes = images.Select(ImageStore.Hash).ToList();
        if (!hashes.SequenceEqual(trace.Start.ImageHashes))
        {
            differences.Add(new ReplayDifference(null, "image_hashes", string.Join(",", trace.Start.ImageHashes), string.Join(",", hashes)));
        }

        var model = new RecordedActionModel(trace.Steps.Select(s => new ActionModelReply(s.ModelText) { Truncated = s.Truncated == true, ContextFull = s.ContextFull == true }));
        var replayOptions = (options ?? new AgentOptions()) with { MaxReplies = Math.Max(1, trace.Start.MaxReplies) };
        var replayed = await new CotaAgent(model, tools, replayOptions).RunAsync(images, trace.Start.Question, null, cancellationToken).ConfigureAwait(false);

        Compare(differences, null, "system_prompt", trace.Start.SystemPrompt, replayed.SystemPrompt);
        Compare(differences, null, "first_turn", trace.Start.FirstTurn, replayed.Messages.IsEmpty ? null : replayed.Messages[0].Text);
        var count = Math.Max(trace.Steps.Length, replayed.Steps.Length);
        for (var i = 0; i < count; i++)
        {
            var recorded = i < trace.Steps.Length ? trace.Steps[i] : null;
            var now = i < replayed.Steps.Length ? replayed.Steps[i] : null;
            if (recorded is null || now is null)
            {
                differences.Add(new ReplayDifference(i + 1, "step", recorded?.Kind.ToString(), now?.Kind.ToString()));
                continue;
            }

            Compare(differences, i + 1, "kind", recorded.Kind.ToString(), now.Kind.ToString());
            Compare(differences, i + 1, "action", recorded.ActionName, now.ActionName);
            Compare(differences, i + 1, "observation", recorded.Observation, now.Observation);
        }

        if (trace.Outcome is { } outcome)
        {
            Compare(differences, null, "answer", outcome.Answer, replayed.Answer);
            Compare(differences, null, "exit_reason", outcome.ExitReason.ToString(), replayed.ExitReason.ToString());
        }
        else
        {
            // A trace without its outcome record is a run cut short: whatever the replay ends with, it is not what was recorded.
            differences.Add(new ReplayDifference(null, "outcome", null, replayed.ExitReason.ToString()));
        }

        return new ReplayReport(replayed, differences.ToImmutable());
    }

    private static void Compare(ImmutableArray<ReplayDifference>.Builder differences, int? step, string field, string? recorded, string? replayed)
    {
        if (!string.Equals(recorded, replayed, StringComparison.Ordinal))
        {
            differences.Add(new ReplayDifference(step, field, recorded, replayed));
        }
    }
}
