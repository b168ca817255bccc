using System.Text.Json.Nodes;
using Taco.Tokenizers;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Cli.Tests.Models;

/// <summary>
/// The shipped default model, models/taco-tiny: it must see at run time exactly the text and token
/// ids it was trained on (models/recipes/taco_tiny renders and tokenizes its training conversations
/// in Python; export.py writes one of them to models/goldens/taco-tiny/training_render.json).
/// </summary>
public sealed class TacoTinyTests
{
    private static string ModelDir => Path.Combine(ModelsCommandTests.RepoRoot(), "models", "taco-tiny");

    [Fact]
    public void Taco_renders_and_tokenizes_a_training_conversation_exactly_as_training_did()
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsCommandTests.RepoRoot(), "models", "goldens", "taco-tiny", "training_render.json")))!;
        var messages = golden["messages"]!.AsArray()
            .Select(m => (object)new ChatTemplateMessage(m!["role"]!.GetValue<string>(), m["text"]!.GetValue<string>()))
            .ToList();
        var tokenizer = Tokenizer.FromDirectory(ModelDir);

        var text = tokenizer.ApplyChatTemplate(messages, addGenerationPrompt: false);

        Assert.Equal(golden["text"]!.GetValue<string>(), text);
        Assert.Equal(golden["ids"]!.AsArray().Select(i => i!.GetValue<int>()), tokenizer.Encode(text, addSpecialTokens: false));
    }

    [Fact]
    public void The_model_names_the_taco_tiny_profile_and_writes_one_token_per_digit()
    {
        var directory = Taco.Inference.Models.ModelDirectory.Open(ModelDir);
        Assert.Equal("taco-tiny", directory.ProtocolProfileName);
        var tokenizer = Tokenizer.FromDirectory(ModelDir);
        foreach (var id in tokenizer.Encode("Diesel 3.49 9/10, 1,250 and $40 / 7,90 = 13.698630136986301", addSpecialTokens: false))
        {
            var piece = tokenizer.Decode([id], skipSpecialTokens: false);
            Assert.True(!piece.Any(char.IsAsciiDigit) || (piece.Length == 1 && char.IsAsciiDigit(piece[0])), $"token '{piece}' holds a digit with something else");
        }
    }
}
