using System.Text.Json;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Tokenizers.Tests;

public sealed class ChatTemplateConformanceTests
{
    public static TheoryData<int> Cases()
    {
        using var doc = Goldens.Parse("chat.json");
        var data = new TheoryData<int>();
        for (var i = 0; i < doc.RootElement.GetProperty("cases").GetArrayLength(); ++i)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rendering_equals_the_reference_character_for_character(int index)
    {
        using var doc = Goldens.Parse("chat.json");
        var c = doc.RootElement.GetProperty("cases")[index];
        var tokenizer = TestAssets.Tokenizer(c.GetProperty("tokenizer").GetString()!);
        var templateName = c.GetProperty("template").GetString()!;
        var source = templateName == "config" ? null : doc.RootElement.GetProperty("templates").GetProperty(templateName).GetString();
        var messages = c.GetProperty("messages").EnumerateArray().Select(m => (object)m.Clone()).ToList();
        var extra = c.TryGetProperty("kwargs", out var kw)
            ? kw.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
            : null;
        var addGenerationPrompt = c.GetProperty("add_generation_prompt").GetBoolean();
        if (c.TryGetProperty("error", out var error))
        {
            var e = Assert.Throws<ChatTemplateException>(() => tokenizer.ApplyChatTemplate(messages, addGenerationPrompt, extra, source));
            Assert.Equal(error.GetString(), e.Message);
            return;
        }
        var rendered = tokenizer.ApplyChatTemplate(messages, addGenerationPrompt, extra, source);
        Assert.Equal(c.GetProperty("rendered").GetString(), rendered);
        Assert.Equal(c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()), tokenizer.Encode(rendered, addSpecialTokens: false));
    }

    [Fact]
    public void Typed_messages_with_image_parts_render_like_their_json_form()
    {
        var tokenizer = TestAssets.Tokenizer("qwen3");
        using var doc = Goldens.Parse("chat.json");
        var template = doc.RootElement.GetProperty("templates").GetProperty("vl_im_start").GetString()!;
        var typed = new object[]
        {
            ChatTemplateMessage.FromParts("user", ChatContentPart.Image(), ChatContentPart.FromText("What is the price of supreme?")),
        };
        var json = JsonDocument.Parse("""[{"role":"user","content":[{"type":"image"},{"type":"text","text":"What is the price of supreme?"}]}]""")
            .RootElement.EnumerateArray().Select(e => (object)e.Clone()).ToList();
        var fromTyped = tokenizer.ApplyChatTemplate(typed, addGenerationPrompt: true, templateName: template);
        Assert.Equal(tokenizer.ApplyChatTemplate(json, addGenerationPrompt: true, templateName: template), fromTyped);
        Assert.Contains("<|vision_start|><|image_pad|><|vision_end|>What is the price of supreme?<|im_end|>", fromTyped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_template_is_a_clear_error()
    {
        var tokenizer = TestAssets.Tokenizer("llama2");
        var e = Assert.Throws<ChatTemplateException>(() => tokenizer.ApplyChatTemplate([new ChatTemplateMessage("user", "hi")], addGenerationPrompt: true));
        Assert.Contains("no chat template", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_macro_that_recurses_forever_is_a_template_error_not_a_stack_overflow()
    {
        var template = new ChatTemplate("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        var e = Assert.Throws<ChatTemplateException>(() => template.Render(new Dictionary<string, object?>()));
        Assert.Contains("macro 'f'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% if x %}unterminated")]
    [InlineData("{{ 'a' + }}")]
    [InlineData("{% frobnicate %}")]
    public void A_malformed_template_fails_to_parse_with_a_chat_template_exception(string source)
    {
        Assert.ThrowsAny<ChatTemplateException>(() => new ChatTemplate(source));
    }
}
