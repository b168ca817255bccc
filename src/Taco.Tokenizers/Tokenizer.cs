using System.Text.Json;
using Taco.Tokenizers.AddedTokens;
using Taco.Tokenizers.Decoders;
using Taco.Tokenizers.Json;
using Taco.Tokenizers.Models;
using Taco.Tokenizers.Normalizers;
using Taco.Tokenizers.PostProcessors;
using Taco.Tokenizers.PreTokenizers;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers;

/// <summary>
/// A Hugging Face tokenizer.json pipeline (added tokens → normalizer → pre-tokenizer → model →
/// post-processor; decoder for the way back), producing the ids Hugging Face's JavaScript
/// implementation produces. Thread-safe after construction.
/// </summary>
public sealed class Tokenizer
{
    private readonly Normalizer? _normalizer;
    private readonly PreTokenizer? _preTokenizer;
    private readonly TokenizerModel _model;
    private readonly PostProcessor? _postProcessor;
    private readonly Decoder? _decoder;
    private readonly Dictionary<string, AddedToken> _addedByText = new(StringComparer.Ordinal);
    private readonly HashSet<string> _addedContents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _specialTokens = new(StringComparer.Ordinal);
    private readonly AddedTokenSplitter _unnormalizedSplitter;
    private readonly AddedTokenSplitter _normalizedSplitter;
    private readonly bool _fusedByteLevel;
    private readonly JsRegex? _fusedSplitter;

    private Tokenizer(JsonElement root, string file, TokenizerConfig config)
    {
        Config = config;
        var top = new JsonConfig(root, file, "$");
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerException(file, "must hold a JSON object");
        }

        var modelConfig = top.Required("model");
        _model = TokenizerModel.Create(modelConfig);
        _normalizer = Normalizer.Create(top.Get("normalizer"));
        _preTokenizer = PreTokenizer.Create(top.Get("pre_tokenizer"));
        _fusedByteLevel = _preTokenizer is not null && _preTokenizer.TryFuseByteLevel(out _fusedSplitter);

        var added = new List<AddedToken>();
        var unnormalized = new List<string>();
        var normalized = new List<string>();
        foreach (var item in top.Items("added_tokens"))
        {
            var content = item.String("content") ?? throw item.Error("needs \"content\"");
            var special = item.Bool("special", false);
            var token = new AddedToken(
                item.Int("id", -1) is var id and >= 0 and < BpeModel.MaxVocabularyId ? id : throw item.Error("needs an \"id\" between 0 and 16,777,215"),
                content, special, item.Bool("lstrip", false), item.Bool("rstrip", false),
                item.Bool("normalized", !special), item.Bool("single_word", false));
            added.Add(token);
            _model.AddToken(content, token.Id);
            _addedByText[content] = token;
            _addedContents.Add(content);
            if (special)
            {
                _specialTokens.Add(content);
            }

            if (token.Normalized && _normalizer is not null)
            {
                var n = _normalizer.Normalize(content);
                normalized.Add(n);
                _addedByText[n] = token;
            }
            else
            {
                unnormalized.Add(content);
            }
        }
        foreach (var (text, token) in _addedByText)
        {
            _model.OverrideOutputId(text, token.Id);
        }

        foreach (var extra in config.AdditionalSpecialTokens)
        {
            _specialTokens.Add(extra);
        }

        AddedTokens = added;
        _model.Freeze();
        _unnormalizedSplitter = new AddedTokenSplitter(unnormalized);
        _normalizedSplitter = new AddedTokenSplitter(normalized);
        _postProcessor = PostProcessor.Create(top.Get("post_processor"), t => IdOf(t) ?? throw new TokenizerException(file, $"$.post_processor names token \"{t}\" that is not in the vocabulary"));
        _decoder = Decoder.Create(top.Get("decoder"), _addedContents.Contains);
    }

    /// <summary>tokenizer_config.json values (special tokens, chat templates); empty when there was none.</summary>
    public TokenizerConfig Config { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Number of ids the vocabulary spans (including added tokens).</summary>
    public int VocabularySize => _model.VocabTokens.Length;

    public int? BosTokenId => Config.BosToken is { } t ? IdOf(t) : null;

    public int? EosTokenId => Config.EosToken is { } t ? IdOf(t) : null;

    /// <summary>Loads tokenizer.json, with tokenizer_config.json (and chat_template.*) from the same folder when present.</summary>
    public static Tokenizer FromDirectory(string directory)
    {
        var json = Path.Combine(directory, "tokenizer.json");
        var config = Path.Combine(directory, "tokenizer_config.json");
        return FromFile(json, File.Exists(config) ? config : null);
    }

    public static Tokenizer FromFile(string tokenizerJsonPath, string? tokenizerConfigPath = null)
    {
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new TokenizerException(tokenizerJsonPath, "does not exist");
        }

        var config = tokenizerConfigPath is null ? TokenizerConfig.Empty : TokenizerConfig.Load(tokenizerConfigPath);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new TokenizerException(tokenizerJsonPath, $"cannot be read as JSON: {e.Message}", e);
        }
        using (doc)
        {
            return new Tokenizer(doc.RootElement, tokenizerJsonPath, config);
        }
    }

    /// <summary>The id the reference gives a token string (added tokens first), or null.</summary>
    public int? IdOf(string token) => _model.IdOf(token);

    /// <summary>The vocabulary string of an id, or null when the id is outside the vocabulary.</summary>
    public string? TokenOf(int id) => id >= 0 && id < _model.VocabTokens.Length ? _model.VocabTokens[id] : null;

    /// <summary>
    /// The bytes token <paramref name="id"/> adds to the decoded text when other tokens come before it: byte-level
    /// BPE tokens give their raw bytes (possibly part of a UTF-8 character), sentencepiece byte-fallback tokens
    /// (<c>&lt;0x0A&gt;</c>) their one byte, "▁" becomes a space. Steps that touch only the start of the whole text
    /// (dropping its leading space) and the clean-up of tokenization spaces are not applied. Added tokens give
    /// their content; null for ids outside the vocabulary. For constrained decoding, which needs each token's text
    /// as bytes to match it against a grammar.
    /// </summary>
    public byte[]? DecodedBytes(int id)
    {
        if (TokenOf(id) is not { } token)
        {
            return null;
        }

        if (_addedContents.Contains(token))
        {
            return System.Text.Encoding.UTF8.GetBytes(token);
        }

        if (_decoder is null)
        {
            return System.Text.Encoding.UTF8.GetBytes(" " + token);
        }

        var piece = _decoder.Middle(new TokenPiece(token, null, false));
        if (piece.Bytes is null && _model.EndOfWordSuffix is { } suffix)
        {
            piece = piece with { Text = piece.Text.Replace(suffix, " ", StringComparison.Ordinal) };
        }

        return piece.ToBytes();
    }

    public bool IsSpecial(int id) => TokenOf(id) is { } t && _specialTokens.Contains(t);

    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        EncodeText(text, ids);
        _postProcessor?.Process(ids, addSpecialTokens);
        return ids.ToArray();
    }

    private void EncodeText(string text, List<int> ids)
    {
        var sections = _unnormalizedSplitter.Split(text);
        Strip(sections);
        var words = new List<string>();
        for (var index = 0; index < sections.Count; ++index)
        {
            var section = sections[index];
            if (section.Length == 0)
            {
                continue;
            }

            if (_addedByText.TryGetValue(section, out var whole))
            {
                ids.Add(whole.Id);
                continue;
            }
            if (Config.RemoveSpace)
            {
                section = string.Join(' ', JsText.Trim(section).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }

            if (_normalizer is not null)
            {
                section = _normalizer.Normalize(section);
            }

            if (section.Length == 0)
            {
                continue;
            }

            var subsections = _normalizedSplitter.Split(section);
            Strip(subsections);
            foreach (var sub in subsections)
            {
                if (sub.Length == 0)
                {
                    continue;
                }

                if (_addedByText.TryGetValue(sub, out var token))
                {
                    ids.Add(token.Id);
                    continue;
                }
                var first = ids.Count;
                if (_fusedByteLevel)
                {
                    EncodeByteLevel(sub, ids);
                }
                else
                {
                    words.Clear();
                    if (_preTokenizer is null)
                    {
                        words.Add(sub);
                    }
                    else
                    {
                        _preTokenizer.PreTokenize(sub, index, words);
                    }

                    foreach (var word in words)
                    {
                        _model.Encode(word, ids);
                    }
                }
                if (_model.FuseUnk && _model.UnkId >= 0)
                {
                    FuseUnknown(ids, first, _model.UnkId);
                }
            }
        }
    }

    // Split (Isolated) + byte-level mapping without intermediate strings; pieces are looked up in the
    // word cache by span.
    private void EncodeByteLevel(string text, List<int> ids)
    {
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent((text.Length * 3) + 4);
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent((text.Length * 3) + 4);
        try
        {
            if (_fusedSplitter is null)
            {
                _model.Encode(MapByteLevel(text, chars, bytes), ids);
                return;
            }
            var matches = new List<(int Start, int Length)>();
            _fusedSplitter.Matches(text, matches);
            var prev = 0;
            foreach (var (start, length) in matches)
            {
                if (length == 0)
                {
                    continue;
                }

                if (prev < start)
                {
                    _model.Encode(MapByteLevel(text.AsSpan(prev, start - prev), chars, bytes), ids);
                }

                _model.Encode(MapByteLevel(text.AsSpan(start, length), chars, bytes), ids);
                prev = start + length;
            }
            if (prev < text.Length)
            {
                _model.Encode(MapByteLevel(text.AsSpan(prev), chars, bytes), ids);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static ReadOnlySpan<char> MapByteLevel(ReadOnlySpan<char> piece, char[] chars, byte[] bytes)
    {
        var table = ByteLevelAlphabet.ByteToChar;
        if (!piece.ContainsAnyExceptInRange('\0', '\u007F'))
        {
            for (var i = 0; i < piece.Length; ++i)
            {
                chars[i] = table[piece[i]];
            }

            return chars.AsSpan(0, piece.Length);
        }
        // Lone surrogates become U+FFFD's bytes, as the reference's TextEncoder does.
        var n = System.Text.Encoding.UTF8.GetBytes(piece, bytes);
        for (var i = 0; i < n; ++i)
        {
            chars[i] = table[bytes[i]];
        }

        return chars.AsSpan(0, n);
    }

    // The reference fuses runs of unknown tokens over a whole section's model output.
    private static void FuseUnknown(List<int> ids, int first, int unk)
    {
        var w = first;
        for (var r = first; r < ids.Count; ++r)
        {
            if (ids[r] == unk && w > first && ids[w - 1] == unk)
            {
                continue;
            }

            ids[w++] = ids[r];
        }
        ids.RemoveRange(w, ids.Count - w);
    }

    // lstrip/rstrip of an added token eat the whitespace of the neighbouring sections.
    private void Strip(List<string> sections)
    {
        for (var i = 0; i < sections.Count; ++i)
        {
            if (!_addedByText.TryGetValue(sections[i], out var token))
            {
                continue;
            }

            if (token.LStrip && i > 0)
            {
                sections[i - 1] = JsText.TrimEnd(sections[i - 1]);
            }

            if (token.RStrip && i < sections.Count - 1)
            {
                sections[i + 1] = JsText.TrimStart(sections[i + 1]);
            }
        }
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            var token = TokenOf(id) ?? Config.UnkToken ?? "";
            if (skipSpecialTokens && _specialTokens.Contains(token))
            {
                continue;
            }

            tokens.Add(token);
        }
        var text = _decoder is null ? string.Join(' ', tokens) : string.Concat(_decoder.DecodeChain(tokens));
        if (_decoder is not null && _model.EndOfWordSuffix is { } suffix)
        {
            text = text.Replace(suffix, " ", StringComparison.Ordinal);
            if (skipSpecialTokens)
            {
                text = JsText.Trim(text);
            }
        }
        if (cleanUpTokenizationSpaces ?? Config.CleanUpTokenizationSpaces)
        {
            text = CleanUp.Apply(text);
        }

        return text;
    }

    /// <summary>
    /// Renders a conversation with the model's chat template (chat_template.jinja, chat_template.json or
    /// tokenizer_config.json), passing bos_token/eos_token/… from tokenizer_config.json.
    /// </summary>
    public string ApplyChatTemplate(
        IEnumerable<object> messages,
        bool addGenerationPrompt,
        IReadOnlyDictionary<string, object?>? extra = null,
        string? templateName = null)
    {
        var templates = Config.ChatTemplates;
        string? source;
        if (templateName is not null)
        {
            source = templates.TryGetValue(templateName, out var named) ? named : templateName;
        }
        else if (extra?.GetValueOrDefault("tools") is not null && templates.TryGetValue("tool_use", out var toolUse))
        {
            source = toolUse;
        }
        else if (templates.TryGetValue("default", out var fallback))
        {
            source = fallback;
        }
        else
        {
            throw new ChatTemplates.ChatTemplateException(templates.Count == 0
                ? "this model has no chat template (tokenizer_config.json, chat_template.json or chat_template.jinja)"
                : $"this model has several chat templates and none is named default: {string.Join(", ", templates.Keys.Order(StringComparer.Ordinal))}");
        }

        var template = _templates.GetOrAdd(source, s => new ChatTemplates.ChatTemplate(s));
        return template.Render(messages, addGenerationPrompt, Config.SpecialTokens, extra);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChatTemplates.ChatTemplate> _templates = new(StringComparer.Ordinal);

    /// <summary>A decoder that turns a growing id sequence into text deltas (see <see cref="StreamingDecoder"/>).</summary>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);
}
