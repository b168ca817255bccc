using Taco.Agent.Synthesis;

namespace Taco.Agent.Tests.Synthesis;

public sealed class DigitMatcherTests
{
    [Theory]
    [InlineData("Coffee 7, 90", "7.90")] // a chalkboard's decimal comma, read with a space
    [InlineData("Coffee 7, 90", "790")]
    [InlineData("Total 1,250", "1250")]
    [InlineData("Total 1,250", "1,250")]
    [InlineData("Regular 3.49 9/10", "3.49")] // the fuel sign's 9/10 read as a separate digit
    [InlineData("Regular 3.499", "3.49")]
    [InlineData("Regular $3.49", "3.49")]
    [InlineData("Diesel 3.89 4.12", "4.12")] // two prices on one line, one space apart
    [InlineData("Diesel 3.89 4.12", "3.89")]
    [InlineData("Gallons 12", "12")]
    [InlineData("Depth 0.56", "0.56")]
    public void A_number_is_found_on_its_digits_whatever_the_punctuation(string observation, string expected) =>
        Assert.True(DigitMatcher.Shows(observation, expected));

    [Theory]
    [InlineData("Regular 3.49", "49")] // never from inside a decimal
    [InlineData("Regular 3.49", "3.48")]
    [InlineData("Regular 13.49", "3.49")]
    [InlineData("Total 1,250", "125")] // an extra digit counts only after decimals (the 9/10)
    [InlineData("Regular 3.4999", "3.49")] // and only one
    [InlineData("Regular 3.49\n9 Supreme", "3.499")] // a line break ends a number
    [InlineData("No numbers here", "1")]
    [InlineData("Regular 3.49", "free")]
    public void A_number_that_is_not_there_is_not_found(string observation, string expected) =>
        Assert.False(DigitMatcher.Shows(observation, expected));
}
