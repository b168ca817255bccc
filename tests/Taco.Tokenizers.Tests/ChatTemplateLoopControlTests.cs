using Taco.Tokenizers.ChatTemplates;

namespace Taco.Tokenizers.Tests;

/// <summary><c>break</c> and <c>continue</c> as the reference renders them: an iteration they leave adds none of its output.</summary>
public sealed class ChatTemplateLoopControlTests
{
    private static string Render(string source) => new ChatTemplate(source).Render(new Dictionary<string, object?>());

    [Fact]
    public void Continue_skips_an_iteration_and_break_ends_the_loop_dropping_the_iteration_it_leaves()
    {
        Assert.Equal(
            "<1>",
            Render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}<{{ x }}>{% if x == 3 %}{% break %}{% endif %}{% endfor %}"));
    }

    [Fact]
    public void Break_inside_a_filter_or_set_block_reaches_the_loop_around_it()
    {
        Assert.Equal("A", Render("{% for x in ['a', 'b'] %}{% filter upper %}{{ x }}{% if x == 'b' %}{% break %}{% endif %}{% endfilter %}{% endfor %}"));
        Assert.Equal("[a]", Render("{% for x in ['a', 'b'] %}{% set s %}{{ x }}{% if x == 'b' %}{% continue %}{% endif %}{% endset %}[{{ s }}]{% endfor %}"));
    }

    [Fact]
    public void Break_in_an_inner_loop_ends_only_that_loop()
    {
        Assert.Equal("1a2a", Render("{% for x in [1, 2] %}{% for y in ['a', 'b'] %}{% if y == 'b' %}{% break %}{% endif %}{{ x }}{{ y }}{% endfor %}{% endfor %}"));
    }

    [Fact]
    public void The_else_block_runs_when_no_iteration_finished()
    {
        Assert.Equal("none", Render("{% for x in [1, 2] %}{% continue %}{% else %}none{% endfor %}"));
    }

    [Theory]
    [InlineData("{% break %}")]
    [InlineData("{% if true %}{% continue %}{% endif %}")]
    [InlineData("{% macro m() %}{% break %}{% endmacro %}{% for x in [1] %}{{ m() }}{% endfor %}")]
    public void Break_or_continue_outside_a_loop_body_is_a_template_error(string source)
    {
        var error = Assert.Throws<ChatTemplateException>(() => Render(source));
        Assert.Contains("outside a for loop", error.Message, StringComparison.Ordinal);
    }
}
