using System.Text.Json.Nodes;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Tokenizers.Tests;

/// <summary>Which template a model directory yields: chat_template.jinja, then chat_template.json, then tokenizer_config.json.</summary>
public sealed class ChatTemplateSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taco-chat-").FullName;

    public ChatTemplateSourceTests()
    {
        // The tiny LLaVA tokenizer, so the directory is a real model's tokenizer with different template files beside it.
        File.Copy(Path.Combine(TestAssets.Directory("tiny-llava"), "tokenizer.json"), Path.Combine(_dir, "tokenizer.json"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ChatTemplateMessage[] Hello = [new("user", "hi")];

    private void Config(JsonNode? template) =>
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), new JsonObject { ["eos_token"] = "<|im_end|>", ["chat_template"] = template }.ToJsonString());

    [Fact]
    public void The_config_template_is_used_with_its_special_tokens()
    {
        Config("{{ messages[0].content }}{{ eos_token }}");
        Assert.Equal("hi<|im_end|>", Tokenizer.FromDirectory(_dir).ApplyChatTemplate(Hello, addGenerationPrompt: false));
    }

    [Fact]
    public void Chat_template_json_overrides_the_config()
    {
        Config("config");
        File.WriteAllText(Path.Combine(_dir, "chat_template.json"), new JsonObject { ["chat_template"] = "json {{ messages | length }}" }.ToJsonString());
        Assert.Equal("json 1", Tokenizer.FromDirectory(_dir).ApplyChatTemplate(Hello, addGenerationPrompt: false));
    }

    [Fact]
    public void Chat_template_jinja_overrides_both()
    {
        Config("config");
        File.WriteAllText(Path.Combine(_dir, "chat_template.json"), new JsonObject { ["chat_template"] = "json" }.ToJsonString());
        File.WriteAllText(Path.Combine(_dir, "chat_template.jinja"), "jinja {{ add_generation_prompt }}\n");
        Assert.Equal("jinja true", Tokenizer.FromDirectory(_dir).ApplyChatTemplate(Hello, addGenerationPrompt: true));
    }

    [Fact]
    public void Named_templates_pick_default_or_tool_use()
    {
        Config(new JsonArray(
            new JsonObject { ["name"] = "default", ["template"] = "plain" },
            new JsonObject { ["name"] = "tool_use", ["template"] = "tools {{ tools | length }}" }));
        var tokenizer = Tokenizer.FromDirectory(_dir);
        Assert.Equal("plain", tokenizer.ApplyChatTemplate(Hello, addGenerationPrompt: false));
        var tools = new Dictionary<string, object?> { ["tools"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "OCR" } } };
        Assert.Equal("tools 1", tokenizer.ApplyChatTemplate(Hello, addGenerationPrompt: false, tools));
    }

    [Fact]
    public void A_malformed_chat_template_json_is_named()
    {
        Config("config");
        var path = Path.Combine(_dir, "chat_template.json");
        File.WriteAllText(path, "{ not json");
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromDirectory(_dir));
        Assert.Equal(path, e.FilePath);
    }
}
