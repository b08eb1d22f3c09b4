/// Groupings of token kinds that the parser and tools ask about.
extension TokenKind {
    /// The fixed spelling of a punctuation or keyword token; `nil` for tokens whose text varies.
    public var fixedText: String? {
        switch self {
        case .keyword(let k): k.rawValue
        case .identifier, .integer, .decimal, .duration, .stringSegment, .invalid, .endOfFile: nil
        case .stringStart, .stringEnd: "\""
        case .interpolationStart: "\\("
        case .interpolationEnd, .rightParen: ")"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .leftParen: "("
        case .leftBracket: "["
        case .rightBracket: "]"
        case .comma: ","
        case .semicolon: ";"
        case .colon: ":"
        case .dot: "."
        case .arrow: "->"
        case .question: "?"
        case .questionQuestion: "??"
        case .equal: "="
        case .equalEqual: "=="
        case .bangEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .bang: "!"
        case .ampAmp: "&&"
        case .pipePipe: "||"
        case .plusEqual: "+="
        case .minusEqual: "-="
        case .starEqual: "*="
        case .slashEqual: "/="
        }
    }

    /// The infix operator this token spells, if any.
    public var binaryOperator: BinaryOperator? {
        switch self {
        case .questionQuestion: .coalesce
        case .pipePipe: .or
        case .ampAmp: .and
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .remainder
        case .identifier, .keyword, .integer, .decimal, .duration, .stringStart, .stringSegment, .interpolationStart,
             .interpolationEnd, .stringEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket,
             .rightBracket, .comma, .semicolon, .colon, .dot, .arrow, .question, .equal, .bang, .plusEqual,
             .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile: nil
        }
    }

    /// The assignment operator this token spells, if any.
    public var assignmentOperator: AssignmentOperator? {
        switch self {
        case .equal: .assign
        case .plusEqual: .add
        case .minusEqual: .subtract
        case .starEqual: .multiply
        case .slashEqual: .divide
        case .identifier, .keyword, .integer, .decimal, .duration, .stringStart, .stringSegment, .interpolationStart,
             .interpolationEnd, .stringEnd, .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket,
             .rightBracket, .comma, .semicolon, .colon, .dot, .arrow, .question, .questionQuestion, .equalEqual,
             .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang,
             .ampAmp, .pipePipe, .invalid, .endOfFile: nil
        }
    }

    /// +1 for tokens that open a nested group (`{ ( [ "` and `\(`), -1 for those that close one, else 0.
    public var nestingChange: Int {
        switch self {
        case .leftBrace, .leftParen, .leftBracket, .stringStart, .interpolationStart: 1
        case .rightBrace, .rightParen, .rightBracket, .stringEnd, .interpolationEnd: -1
        case .identifier, .keyword, .integer, .decimal, .duration, .stringSegment, .comma, .semicolon, .colon, .dot,
             .arrow, .question, .questionQuestion, .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater,
             .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang, .ampAmp, .pipePipe, .plusEqual,
             .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile: 0
        }
    }

    /// Whether an expression can start with this token.
    public var startsExpression: Bool {
        switch self {
        case .keyword(let k): k.isExpressionName || k == .true || k == .false || k == .nil
        case .identifier, .integer, .decimal, .stringStart, .leftParen, .leftBracket, .dot, .bang, .minus: true
        case .duration, .stringSegment, .interpolationStart, .interpolationEnd, .stringEnd, .leftBrace, .rightBrace,
             .rightParen, .rightBracket, .comma, .semicolon, .colon, .arrow, .question, .questionQuestion, .equal,
             .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .star, .slash, .percent,
             .ampAmp, .pipePipe, .plusEqual, .minusEqual, .starEqual, .slashEqual, .invalid, .endOfFile: false
        }
    }
}
