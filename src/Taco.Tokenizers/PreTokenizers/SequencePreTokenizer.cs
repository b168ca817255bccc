using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>Applies each pre-tokenizer to every piece the previous one produced.</summary>
internal sealed class SequencePreTokenizer(PreTokenizer[] steps) : PreTokenizer
{
    public override bool TryFuseByteLevel(out JsRegex? splitter)
    {
        splitter = steps is [SplitPreTokenizer split, ByteLevelPreTokenizer byteLevel] && split.IsolatesMatches && byteLevel.MapsOnly ? split.Pattern : null;
        return splitter is not null;
    }

    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        var current = new List<string> { text };
        var next = new List<string>();
        foreach (var step in steps)
        {
            next.Clear();
            foreach (var piece in current)
            {
                step.PreTokenize(piece, sectionIndex, next);
            }

            (current, next) = (next, current);
        }
        output.AddRange(current);
    }
}
