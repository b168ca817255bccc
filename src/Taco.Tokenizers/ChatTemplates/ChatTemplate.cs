using Taco.Tokenizers.ChatTemplates.Jinja;

namespace Taco.Tokenizers.ChatTemplates;

/// <summary>
/// A model's Jinja chat template, parsed once and rendered with the semantics of transformers.js
/// (trim_blocks, lstrip_blocks, JavaScript-flavoured values), so the prompt equals the reference's
/// character for character.
/// </summary>
public sealed class ChatTemplate
{
    private readonly List<Node> _program;

    public ChatTemplate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        _program = Parser.Parse(Lexer.Tokenize(source));
    }

    public string Source { get; }

    /// <summary>
    /// Renders with the given variables (messages, add_generation_prompt, bos_token, tools, …). Values may
    /// be strings, numbers, booleans, null, lists, dictionaries, <see cref="ChatTemplateMessage"/>s or JSON elements.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var globals = Interpreter.Globals();
        var scope = new Scope(globals);
        foreach (var (name, value) in variables)
        {
            scope.Set(name, JConvert.From(value));
        }

        return Interpreter.Render(_program, scope);
    }

    /// <summary>Renders a conversation the way apply_chat_template does: tools and documents default to none.</summary>
    public string Render(
        IEnumerable<object> messages,
        bool addGenerationPrompt,
        IReadOnlyDictionary<string, string>? specialTokens = null,
        IReadOnlyDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages.ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["tools"] = null,
            ["documents"] = null,
        };
        if (specialTokens is not null)
        {
            foreach (var (k, v) in specialTokens)
            {
                if (!string.IsNullOrEmpty(v))
                {
                    variables[k] = v;
                }
            }
        }
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                variables[k] = v;
            }
        }
        return Render(variables);
    }
}
