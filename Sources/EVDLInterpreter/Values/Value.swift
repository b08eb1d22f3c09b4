import EVDLSema

/// A value while a spec runs in the interpreter.
///
/// `nil` is ``none``; a present optional is the wrapped value itself (the checked types say where optionals are).
/// Numbers keep their kind: an `Int` widens to a `Decimal` or `Double` only where the checker allowed it (next to one
/// in arithmetic and comparisons, and a literal where one is expected).
public indirect enum Value: Hashable, Sendable {
    /// An `Int`.
    case int(Int)
    /// A `Double`.
    case double(Double)
    /// A `Decimal`.
    case decimal(SpecDecimal)
    /// A `String`.
    case string(String)
    /// A `Bool`.
    case bool(Bool)
    /// A `UUID`, as its upper-case string.
    case uuid(String)
    /// A `Date`: seconds since 1970-01-01 00:00:00 UTC.
    case date(Double)
    /// A `Duration`.
    case duration(SpecDuration)
    /// `[T]`.
    case array([Value])
    /// `[K: V]`.
    case dictionary([Value: Value])
    /// `nil`.
    case none
    /// A value of a declared `type`, a message (`Order.OrderPlaced`), a command's result, a state, or a row: its
    /// fields in declaration order.
    case record(Fields)
    /// A case of a declared `enum`.
    case enumCase(enumName: String, caseName: String)

    /// The fields of a record-like value, in declaration order, with the name of its type.
    public struct Fields: Hashable, Sendable {
        /// The type's name as the spec writes it (`LineItem`, `Order.OrderPlaced`, `OrderSummary`).
        public var typeName: String
        /// The field names, in order.
        public var names: [String]
        /// The values, in the order of ``names``.
        public var values: [Value]

        /// Creates fields.
        public init(typeName: String, names: [String], values: [Value]) {
            self.typeName = typeName
            self.names = names
            self.values = values
        }

        /// The value of the field `name`.
        public subscript(name: String) -> Value? {
            get {
                guard let i = names.firstIndex(of: name) else { return nil }
                return values[i]
            }
            set {
                if let i = names.firstIndex(of: name) {
                    values[i] = newValue ?? .none
                } else {
                    names.append(name)
                    values.append(newValue ?? .none)
                }
            }
        }
    }

    /// `id(n)`: the UUID whose last twelve hex digits are `n`.
    public static func scenarioID(_ n: Int) -> Value {
        let hex = String(UInt64(bitPattern: Int64(n)) & 0xFFFF_FFFF_FFFF, radix: 16, uppercase: true)
        return .uuid("00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - hex.count) + hex)
    }

    /// Whether this is `nil`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
