namespace Taco.Tools.Calculate;

internal enum CalcTokenKind
{
    Number,
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    DoubleSlash,
    Percent,
    Power,
    LeftParen,
    RightParen,
    Comma,
    Dollar,
    End,
}
