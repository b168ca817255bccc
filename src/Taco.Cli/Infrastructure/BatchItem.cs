using System.Text.Json.Nodes;

namespace Taco.Cli.Infrastructure;

/// <summary>One question of a batch: its id (unique in the input), image files and question.</summary>
/// <param name="Fields">Every field of the input record (for eval: the gold answer, category, answer type).</param>
/// <param name="Where">Where the item was read (file and line or row), for errors about it.</param>
internal sealed record BatchItem(string Id, IReadOnlyList<string> Images, string Question, JsonObject Fields, string Where);
