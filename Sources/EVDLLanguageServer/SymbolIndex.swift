import EVDLSema
import EVDLSyntax

/// What kind of thing a symbol is (for document symbols, completion and hover).
public enum SymbolCategory: String, Hashable, Sendable {
    /// A declared `type`.
    case type
    /// A declared `enum`.
    case enumeration = "enum"
    /// An aggregate.
    case aggregate
    /// A service.
    case service
    /// A projection.
    case projection
    /// A saga.
    case saga
    /// A policy.
    case policy
    /// A command.
    case command
    /// An event.
    case event
    /// A field of a type, a message, a state, a row, a result or a saga input.
    case field
    /// An enum case.
    case enumCase = "case"
    /// An aggregate's id or a projection's key.
    case identity = "id"
    /// A projection query.
    case query
    /// A query parameter.
    case parameter
    /// A saga step.
    case step
    /// A `let`, `if let`, closure parameter, handler element or `as` binding.
    case local
}

/// One declared thing that names can refer to.
public struct SymbolInfo: Hashable, Sendable {
    /// Identifies the symbol within a module (`m:Order.PlaceOrder`, `f:Order.PlaceOrder.quantity`, …).
    public var key: String
    /// The name as written.
    public var name: String
    /// What it is.
    public var category: SymbolCategory
    /// Where its name was declared.
    public var span: Span
    /// The whole declaration (for document symbols), at least the name.
    public var fullSpan: Span
    /// A one-line signature for hover and completion (`quantity: Int`, `command Order.PlaceOrder`).
    public var detail: String
    /// The doc comment's lines.
    public var doc: [String]
    /// Symbols that share a namespace with this one (renaming into a sibling's name clashes).
    public var namespace: String
    /// The key of the enclosing symbol (a message's owner, a field's message), if any.
    public var parent: String?
}

/// How an occurrence of a name relates to its symbol.
public enum OccurrenceRole: Hashable, Sendable {
    /// The declaration itself.
    case declaration
    /// A use of the name.
    case reference
    /// The label of a shorthand argument `{ reason }` (naming the field; the same text also reads a value).
    case shorthandLabel
    /// The value of a shorthand argument `{ reason }` (a value read under the field's name).
    case shorthandValue
}

/// A name written somewhere, and the symbol it names.
public struct Occurrence: Hashable, Sendable {
    /// Where the name was written.
    public var span: Span
    /// The symbol's key.
    public var key: String
    /// Declaration, use, or half of a shorthand argument.
    public var role: OccurrenceRole
}

/// Every symbol of a checked module and every place a name refers to one, built from the parsed files and the
/// checker's model (its resolutions of names, message names and shorthand arguments, and its types).
public struct SymbolIndex: Sendable {
    /// The symbols by key.
    public private(set) var symbols: [String: SymbolInfo] = [:]
    /// The symbols in declaration order.
    public private(set) var order: [String] = []
    /// The occurrences of each file, sorted by start offset.
    public private(set) var occurrencesByFile: [FileID: [Occurrence]] = [:]

    mutating func declare(_ info: SymbolInfo) {
        if symbols[info.key] == nil {
            symbols[info.key] = info
            order.append(info.key)
        }
        add(Occurrence(span: info.span, key: info.key, role: .declaration))
    }

    mutating func add(_ occurrence: Occurrence) {
        occurrencesByFile[occurrence.span.file, default: []].append(occurrence)
    }

    mutating func sortOccurrences() {
        for file in occurrencesByFile.keys {
            occurrencesByFile[file]!.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        }
    }

    /// The occurrences whose name covers `offset` (a cursor just after a name counts too): usually one, two for
    /// a shorthand argument. The narrowest span wins.
    public func occurrences(in file: FileID, at offset: Int) -> [Occurrence] {
        let found = (occurrencesByFile[file] ?? []).filter { $0.span.start <= offset && offset <= $0.span.end }
        guard let narrowest = found.map(\.span.length).min() else { return [] }
        let exact = found.filter { $0.span.length == narrowest && $0.span.start <= offset && offset < $0.span.end }
        return exact.isEmpty ? found.filter { $0.span.length == narrowest } : exact
    }

    /// Every occurrence of a symbol, declaration included, in file and offset order.
    public func occurrences(of key: String) -> [Occurrence] {
        occurrencesByFile.keys.sorted().flatMap { file in occurrencesByFile[file]!.filter { $0.key == key } }
    }

    /// The symbols that share a namespace.
    public func symbols(inNamespace namespace: String) -> [SymbolInfo] {
        order.compactMap { symbols[$0] }.filter { $0.namespace == namespace }
    }

    /// The symbols whose parent is `key`, in declaration order.
    public func children(of key: String) -> [SymbolInfo] {
        order.compactMap { symbols[$0] }.filter { $0.parent == key }
    }

    /// Builds the index of a checked module.
    public static func build(model: SemanticModel, sources: SourceManager) -> SymbolIndex {
        var builder = SymbolIndexBuilder(model: model, sources: sources)
        for file in model.files {
            for declaration in file.declarations { builder.visit(declaration) }
        }
        builder.index.sortOccurrences()
        return builder.index
    }
}
