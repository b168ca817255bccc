namespace Taco.Tools.Calculate;

/// <summary>Syntax tree of an expression. Parsed completely before evaluation so that, as in Python, a syntax error anywhere wins over a runtime error earlier in the text.</summary>
internal abstract record CalcNode;

internal sealed record CalcNumberNode(CalcNumber Value) : CalcNode;

internal sealed record CalcNameNode(string Name) : CalcNode;

internal sealed record CalcUnaryNode(CalcTokenKind Operator, CalcNode Operand) : CalcNode;

internal sealed record CalcBinaryNode(CalcTokenKind Operator, CalcNode Left, CalcNode Right) : CalcNode;

/// <summary>"15%" as people write it: the operand divided by 100.</summary>
internal sealed record CalcPercentNode(CalcNode Operand) : CalcNode;

internal sealed record CalcCallNode(string Name, IReadOnlyList<CalcNode> Arguments) : CalcNode;
