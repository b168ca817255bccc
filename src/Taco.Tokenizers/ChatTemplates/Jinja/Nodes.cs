namespace Taco.Tokenizers.ChatTemplates.Jinja;

internal abstract record Node;

internal sealed record TextNode(string Text) : Node;

internal sealed record IfNode(Node Test, List<Node> Body, List<Node> Alternate) : Node;

internal sealed record ForNode(Node LoopVar, Node Iterable, List<Node> Body, List<Node> Default) : Node;

internal sealed record SetNode(Node Assignee, Node? Value, List<Node> Body) : Node;

internal sealed record MacroNode(string Name, List<Node> Parameters, List<Node> Body) : Node;

internal sealed record FilterBlockNode(Node Filter, List<Node> Body) : Node;

internal sealed record BreakNode : Node;

internal sealed record ContinueNode : Node;

internal sealed record CommentNode : Node;

internal sealed record IntegerLiteral(long Value) : Node;

internal sealed record FloatLiteral(double Value) : Node;

internal sealed record StringLiteral(string Value) : Node;

internal sealed record ArrayLiteral(List<Node> Items) : Node;

internal sealed record TupleLiteral(List<Node> Items) : Node;

internal sealed record ObjectLiteral(List<(Node Key, Node Value)> Entries) : Node;

internal sealed record Identifier(string Name) : Node;

internal sealed record MemberNode(Node Object, Node Property, bool Computed) : Node;

internal sealed record SliceNode(Node? Start, Node? Stop, Node? Step) : Node;

internal sealed record CallNode(Node Callee, List<Node> Arguments) : Node;

internal sealed record KeywordArgument(string Key, Node Value) : Node;

internal sealed record SpreadArgument(Node Value) : Node;

internal sealed record KeywordSpreadArgument(Node Value) : Node;

internal sealed record BinaryNode(string Operator, Node Left, Node Right) : Node;

internal sealed record UnaryNode(string Operator, Node Operand) : Node;

internal sealed record FilterNode(Node Operand, Node Filter) : Node;

internal sealed record TestNode(Node Operand, bool Negate, string Test) : Node;

internal sealed record SelectNode(Node Value, Node Test) : Node;

internal sealed record TernaryNode(Node Condition, Node WhenTrue, Node WhenFalse) : Node;
