/// A type as a lock file writes it (`[String: Line]?`), read back into its structure for the reading rule.
indirect enum TypeShape: Equatable {
    /// A built-in or declared type, or a saga result (`Payment.Charge.Result`).
    case named(String)
    /// `T?`.
    case optional(TypeShape)
    /// `[T]`.
    case array(TypeShape)
    /// `[K: V]`.
    case dictionary(TypeShape, TypeShape)

    /// Parses the text; `nil` when it is not a type.
    init?(_ text: String) {
        if text.hasSuffix("?") {
            guard let wrapped = TypeShape(String(text.dropLast())) else { return nil }
            self = .optional(wrapped)
        } else if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = Array(text.dropFirst().dropLast())
            var depth = 0
            var split: Int?
            for (i, c) in inner.enumerated() {
                if c == "[" { depth += 1 } else if c == "]" { depth -= 1 } else if c == ":", depth == 0, split == nil { split = i }
            }
            if let split {
                guard split + 1 < inner.count, inner[split + 1] == " ",
                      let key = TypeShape(String(inner[..<split])), let value = TypeShape(String(inner[(split + 2)...])) else { return nil }
                self = .dictionary(key, value)
            } else {
                guard let element = TypeShape(String(inner)) else { return nil }
                self = .array(element)
            }
        } else {
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
            self = .named(text)
        }
    }

    /// Whether a value stored as `stored` decodes as `self`: the same type, an optional of a type it decodes as, a
    /// whole number read as `Decimal` or `Double`, and collections of such.
    func reads(_ stored: TypeShape) -> Bool {
        switch (self, stored) {
        case (.named(let a), .named(let b)):
            return a == b || (b == "Int" && (a == "Decimal" || a == "Double"))
        case (.optional(let a), .optional(let b)): return a.reads(b)
        case (.optional(let a), _): return a.reads(stored)
        case (.array(let a), .array(let b)): return a.reads(b)
        case (.dictionary(let k, let v), .dictionary(let sk, let sv)): return k == sk && v.reads(sv)
        case (.named, _), (.array, _), (.dictionary, _): return false
        }
    }
}
