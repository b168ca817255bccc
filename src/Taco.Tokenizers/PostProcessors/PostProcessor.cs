using System.Text.Json;
using Taco.Tokenizers.Json;

namespace Taco.Tokenizers.PostProcessors;

/// <summary>The "post_processor" stage: adds the model's special tokens around an encoded sequence.</summary>
internal abstract class PostProcessor
{
    public abstract void Process(List<int> ids, bool addSpecialTokens);

    public static PostProcessor? Create(JsonConfig? config, Func<string, int> idOf)
    {
        if (config is not { } c || c.IsNull)
        {
            return null;
        }

        return c.Type switch
        {
            "TemplateProcessing" => new TemplateProcessing(c, idOf),
            "ByteLevel" => null,
            "BertProcessing" or "RobertaProcessing" => new WrapProcessing(SpecialId(c.Required("cls"), idOf), SpecialId(c.Required("sep"), idOf)),
            "Sequence" => new SequenceProcessing(c.Items("processors").Select(p => Create(p, idOf)).OfType<PostProcessor>().ToArray()),
            _ => throw c.Unsupported("post-processor"),
        };
    }

    private static int SpecialId(JsonConfig pair, Func<string, int> idOf) =>
        pair.Element.ValueKind == JsonValueKind.Array && pair.Element.GetArrayLength() == 2 && pair.Element[0].GetString() is { } token
            ? idOf(token)
            : throw pair.Error("must be [token, id]");
}

/// <summary>Template "single": special tokens and $A in order (pairs are not used by taco).</summary>
internal sealed class TemplateProcessing : PostProcessor
{
    private readonly (int? Special, bool Sequence)[] _single;

    public TemplateProcessing(JsonConfig c, Func<string, int> idOf)
    {
        _single = c.Items("single").Select(item =>
        {
            if (item.Get("SpecialToken") is { } special)
            {
                return ((int?)idOf(special.String("id") ?? throw special.Error("needs \"id\"")), false);
            }

            if (item.Get("Sequence") is { } seq)
            {
                return seq.String("id") == "A" ? ((int?)null, true) : throw seq.Error("single template may only hold sequence A");
            }
            throw item.Error("must be a SpecialToken or a Sequence");
        }).ToArray();
    }

    public override void Process(List<int> ids, bool addSpecialTokens)
    {
        var sequence = ids.ToArray();
        ids.Clear();
        foreach (var (special, isSequence) in _single)
        {
            if (isSequence)
            {
                ids.AddRange(sequence);
            }
            else if (addSpecialTokens)
            {
                ids.Add(special!.Value);
            }
        }
    }
}

internal sealed class WrapProcessing(int cls, int sep) : PostProcessor
{
    public override void Process(List<int> ids, bool addSpecialTokens)
    {
        if (!addSpecialTokens)
        {
            return;
        }

        ids.Insert(0, cls);
        ids.Add(sep);
    }
}

internal sealed class SequenceProcessing(PostProcessor[] steps) : PostProcessor
{
    public override void Process(List<int> ids, bool addSpecialTokens)
    {
        foreach (var step in steps)
        {
            step.Process(ids, addSpecialTokens);
        }
    }
}
