import EVDLSyntax

/// A table keyed by expression: one dense array per file, indexed by the parser's per-file expression counter.
///
/// The checker records a type for almost every expression and a resolution for most names; a hash table per
/// expression cost more time (hashing) and memory (keys, load factor) than the dense arrays the parser's
/// counters allow. Reads of ids that were never written return `nil`.
public struct ExpressionTable<Value: Sendable & Hashable>: Sendable, Equatable {
    @usableFromInline var columns: [[Value?]] = []
    private var stored = 0

    /// Creates an empty table.
    public init() {}

    /// Creates an empty table with room for the expressions of every file (see ``SpecFile/expressionCount``):
    /// one allocation per file, instead of a column that doubles (and copies itself) as ids arrive.
    public init(sizedFor files: [SpecFile]) {
        for file in files where file.expressionCount > 0 {
            let index = file.file.index
            if index >= columns.count {
                columns.append(contentsOf: repeatElement([], count: index - columns.count + 1))
            }
            columns[index] = Array(repeating: nil, count: file.expressionCount)
        }
    }

    /// The value recorded for an expression, or `nil`. (Inlinable, so that readers in other modules, such as the
    /// interpreter, get a specialized read instead of a generic one per expression.)
    public subscript(id: ExprID) -> Value? {
        @inlinable get {
            let file = id.file.index
            guard file < columns.count, id.index >= 0, id.index < columns[file].count else { return nil }
            return columns[file][id.index]
        }
        set {
            let file = id.file.index
            guard id.index >= 0 else { return }
            if file >= columns.count {
                columns.append(contentsOf: repeatElement([], count: file - columns.count + 1))
            }
            if id.index >= columns[file].count {
                guard newValue != nil else { return }
                columns[file].append(contentsOf: repeatElement(nil, count: id.index - columns[file].count + 1))
            }
            let wasSet = columns[file][id.index] != nil
            columns[file][id.index] = newValue
            stored += (newValue != nil ? 1 : 0) - (wasSet ? 1 : 0)
        }
    }

    /// The number of expressions with a value.
    public var count: Int { stored }

    /// Whether no expression has a value.
    public var isEmpty: Bool { stored == 0 }
}
