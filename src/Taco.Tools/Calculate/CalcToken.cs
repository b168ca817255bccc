namespace Taco.Tools.Calculate;

internal readonly record struct CalcToken(CalcTokenKind Kind, int Position, string Text)
{
    /// <summary>Tokens that can begin an operand; after them a <c>%</c> is modulo, otherwise it is "percent".</summary>
    public bool StartsOperand => Kind is CalcTokenKind.Number or CalcTokenKind.Name or CalcTokenKind.LeftParen
        or CalcTokenKind.Dollar or CalcTokenKind.Plus or CalcTokenKind.Minus;
}
