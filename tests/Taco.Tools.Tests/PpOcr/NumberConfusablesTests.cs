using Taco.Tools.Ocr.PpOcr;

namespace Taco.Tools.Tests.PpOcr;

public sealed class NumberConfusablesTests
{
    [Theory]
    [InlineData("Super 4.B2", "Super 4.82")]
    [InlineData("Regular G.B9", "Regular 6.89")]
    [InlineData("Premium 4.BB", "Premium 4.88")]
    [InlineData("Super 6.1B", "Super 6.18")]
    [InlineData("Total 1O,5O", "Total 10,50")]
    public void Letters_inside_a_decimal_number_become_the_digits_they_look_like(string read, string expected) =>
        Assert.Equal(expected, NumberConfusables.Repair(read));

    [Theory]
    [InlineData("E85 4.20")] // a fuel code and a clean price
    [InlineData("Rice 1kg")] // a size: no decimal point
    [InlineData("BOSS 5.0")] // the word has no separator; the number has no letter
    [InlineData("v1.2.3")] // two separators
    [InlineData("B.S")] // no real digit
    [InlineData("Sold.")] // nothing after the point
    [InlineData("4.5kg")] // k and g are not digit look-alikes
    [InlineData("")]
    public void Everything_else_is_left_alone(string read) =>
        Assert.Equal(read, NumberConfusables.Repair(read));
}
