/// Expressions of a given type over the values in scope: literals, arithmetic with `Int` widening, conversions,
/// closures and collection methods, optionals, `?:`, durations and dates.
extension RandomSpecWriter {
    /// An expression of type `t`, parenthesized when it is made of operators (so that it composes as an operand).
    /// `now` is available when `nowAllowed` (decide).
    mutating func expr(_ t: Ty, _ scope: [Value], depth: Int = 0, nowAllowed: Bool) -> String {
        let text = exprCore(t, scope, depth: depth, nowAllowed: nowAllowed)
        let simple = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "`" || $0 == "$" }
        return simple || text.hasPrefix("\"") && !text.dropFirst().dropLast().contains("\"") ? text : "(" + text + ")"
    }

    /// A genuinely optional expression of `[wrapped]?`'s element (never a plain value, never bare `nil`), if one can be
    /// written here.
    mutating func optionalSource(_ wrapped: Ty, _ scope: [Value]) -> String? {
        var sources = scope.filter { $0.type == .optional(wrapped) }.map(\.spelled)
        if let (array, element) = anArray(scope) {
            if element == wrapped { sources += ["\(array).first", "\(array).last", "\(array)[0]"] }
            if let field = fieldOf(element, wrapped) { sources.append("\(array).first?.\(field)") }
        }
        return sources.isEmpty ? nil : pick(sources)
    }

    private mutating func exprCore(_ t: Ty, _ scope: [Value], depth: Int, nowAllowed: Bool) -> String {
        let candidates = scope.filter { $0.type == t }
        if depth >= 3 || (chance(30) && !candidates.isEmpty) {
            if let v = candidates.isEmpty ? nil : pick(candidates), chance(70) { return v.spelled }
            return literal(t, scope, nowAllowed: nowAllowed)
        }
        let d = depth + 1
        switch t {
        case .int:
            switch count(0...9) {
            case 0: return "\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)) + \(count(0...9))"
            case 1: return "(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)) * 2 - 1)"
            case 2: return "Int(\(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed)))"
            case 3: return "min(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)), \(count(0...99)))"
            case 4: return "abs(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)))"
            case 5:
                if let (array, element) = anArray(scope) {
                    return "\(array).count(where: { \(closureBody(element, .bool, depth: d)) })"
                }
                return "\(count(0...9))"
            case 6: return "(\(expr(.bool, scope, depth: d, nowAllowed: nowAllowed)) ? \(count(0...9)) : \(expr(.int, scope, depth: d, nowAllowed: nowAllowed)))"
            case 7:
                if let optional = optionalSource(.int, scope) { return "\(optional) ?? 0" }
                return "\(count(0...9))"
            case 8:
                if let dict = scope.first(where: { if case .dictionary(.string, .int) = $0.type { true } else { false } }) {
                    return "\(dict.spelled)[\(stringLiteral()), default: 0]"
                }
                return "\(count(0...9))"
            default:
                if let (array, _) = anArray(scope) { return "\(array).count" }
                return "\(count(0...9))"
            }
        case .decimal:
            switch count(0...6) {
            case 0: return "\(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed)) * \(expr(.int, scope, depth: d, nowAllowed: nowAllowed))"
            case 1: return "(Decimal(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed))) / 3).rounded(scale: \(count(0...4)))"
            case 2: return "Decimal(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)))"
            case 3:
                if let (array, element) = anArray(scope), let field = fieldOf(element, .decimal) {
                    return "\(array).sum { $0.\(field) }"
                }
                return "12.50"
            case 4: return "max(\(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed)), 0)"
            case 5: return "Decimal(\(expr(.double, scope, depth: d, nowAllowed: nowAllowed)))"
            default: return "(\(expr(.bool, scope, depth: d, nowAllowed: nowAllowed)) ? 1.5 : \(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed)))"
            }
        case .double:
            return pick(["Double(\(expr(.int, scope, depth: d, nowAllowed: nowAllowed))) * 1.5",
                         "\(expr(.double, scope, depth: d, nowAllowed: nowAllowed)).rounded()",
                         "Double(\(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed)))"])
        case .string:
            return chance(50) ? stringLiteral(expr(pick([.int, .decimal, .bool]), scope, depth: d, nowAllowed: nowAllowed)) : literal(.string, scope, nowAllowed: nowAllowed)
        case .bool:
            switch count(0...7) {
            case 0: return "\(expr(.int, scope, depth: d, nowAllowed: nowAllowed)) > \(expr(.decimal, scope, depth: d, nowAllowed: nowAllowed))"
            case 1: return "!\(expr(.bool, scope, depth: d, nowAllowed: nowAllowed))"
            case 2: return "\(expr(.bool, scope, depth: d, nowAllowed: nowAllowed)) && \(expr(.bool, scope, depth: d, nowAllowed: nowAllowed))"
            case 3:
                if let (array, element) = anArray(scope) {
                    return "\(array).\(pick(["allSatisfy", "contains(where:"]) == "allSatisfy" ? "allSatisfy({ \(closureBody(element, .bool, depth: d)) })" : "contains(where: { \(closureBody(element, .bool, depth: d)) })")"
                }
                return "true"
            case 4:
                if nowAllowed { return "now - \(expr(.date, scope, depth: d, nowAllowed: true)) < \(expr(.duration, scope, depth: d, nowAllowed: true))" }
                return "\(expr(.duration, scope, depth: d, nowAllowed: false)) >= 0s"
            case 5:
                if let e = scope.first(where: { if case .enumeration = $0.type { true } else { false } }), case .enumeration(_, let cases) = e.type {
                    return "\(e.spelled) == .\(Self.plain(pick(cases)))"
                }
                return "false"
            case 6:
                if let optional = optionalSource(.int, scope) { return "\(optional) != nil" }
                return "true"
            default: return "\(expr(.string, scope, depth: d, nowAllowed: nowAllowed)).contains(\(stringLiteral()))"
            }
        case .date:
            // Only asked for where a date is in scope or `now` is allowed (there is no date literal outside scenarios).
            if nowAllowed, chance(50) { return "now + \(expr(.duration, scope, depth: d, nowAllowed: true))" }
            return "\(literal(.date, scope, nowAllowed: nowAllowed)) - \(expr(.duration, scope, depth: d, nowAllowed: nowAllowed))"
        case .duration:
            if hasDate(scope, nowAllowed), chance(40) {
                return "\(expr(.date, scope, depth: d, nowAllowed: nowAllowed)) - \(expr(.date, scope, depth: d, nowAllowed: nowAllowed))"
            }
            return pick(["\(expr(.duration, scope, depth: d, nowAllowed: nowAllowed)) * \(count(1...4))",
                         "\(count(2...3)) * \(expr(.duration, scope, depth: d, nowAllowed: nowAllowed))",
                         "-\(literal(.duration, scope, nowAllowed: nowAllowed))"])
        case .optional(let wrapped):
            if let (array, element) = anArray(scope), element == wrapped, chance(50) {
                return pick(["\(array).first", "\(array).last", "\(array)[\(count(0...3))]",
                             "\(array).first(where: { \(closureBody(element, .bool, depth: d)) })"])
            }
            if let (array, element) = anArray(scope), let field = fieldOf(element, wrapped), chance(50) {
                return "\(array).first?.\(field)"
            }
            return chance(40) ? "nil" : expr(wrapped, scope, depth: d, nowAllowed: nowAllowed)
        case .array(let element):
            if let (array, own) = anArray(scope), own == element, chance(60) {
                return pick(["\(array).filter { \(closureBody(own, .bool, depth: d)) }", "\(array).reversed()",
                             own == .int || own == .string || own == .decimal ? "\(array).sorted()" : array])
            }
            if let (array, own) = anArray(scope), let field = fieldOf(own, element), chance(50) {
                return "\(array).map { $0.\(field) }"
            }
            return literal(t, scope, nowAllowed: nowAllowed)
        case .uuid, .enumeration, .record, .dictionary:
            return literal(t, scope, nowAllowed: nowAllowed)
        }
    }

    /// A value of `t` without operators.
    mutating func literal(_ t: Ty, _ scope: [Value], nowAllowed: Bool) -> String {
        switch t {
        case .int: return pick(["0", "1", "42", "1_000", "-7"])
        // Fractions: a whole number next to an `Int` stays an `Int`, a fraction takes the wanted `Decimal`.
        case .decimal: return pick(["0.0", "12.50", "0.015", "100.00", "-3.25"])
        case .double: return pick(["0.5", "1.0", "2.25"])
        case .string: return stringLiteral()
        case .bool: return pick(["true", "false"])
        case .uuid:
            if let v = scope.first(where: { $0.type == .uuid }) { return v.spelled }
            return "nil"  // only reached for optional contexts; callers of a required UUID pass one in scope
        case .date:
            if let v = scope.first(where: { $0.type == .date }) { return v.spelled }
            return nowAllowed ? "now" : "nil"
        case .duration: return pick(["30m", "1d", "500ms", "2h", "7d", "0s"])
        case .enumeration(_, let cases): return "." + Self.plain(pick(cases))
        case .record(let name, let fields):
            return name + "(" + fields.map { "\($0.0): \(literal($0.1, scope, nowAllowed: nowAllowed))" }.joined(separator: ", ") + ")"
        case .array(let element):
            if chance(40) { return "[]" }
            return "[" + (0..<count(1...2)).map { _ in literal(element, scope, nowAllowed: nowAllowed) }.joined(separator: ", ") + "]"
        case .dictionary(let k, let v):
            return chance(50) ? "[:]" : "[\(literal(k, scope, nowAllowed: nowAllowed)): \(literal(v, scope, nowAllowed: nowAllowed))]"
        case .optional: return "nil"
        }
    }

    /// Whether a date can be written here.
    func hasDate(_ scope: [Value], _ nowAllowed: Bool) -> Bool { nowAllowed || scope.contains { $0.type == .date } }

    /// An array in scope with its element type.
    mutating func anArray(_ scope: [Value]) -> (String, Ty)? {
        let arrays = scope.compactMap { v -> (String, Ty)? in if case .array(let e) = v.type { (v.spelled, e) } else { nil } }
        return arrays.isEmpty ? nil : pick(arrays)
    }

    /// A field of a record type with type `t`.
    mutating func fieldOf(_ record: Ty, _ t: Ty) -> String? {
        guard case .record(_, let fields) = record else { return nil }
        let matching = fields.filter { $0.1 == t }
        return matching.isEmpty ? nil : Self.bare(pick(matching).0)
    }

    /// The body of a closure over one element, of type `t`: `$0`, or a named parameter (sometimes a Swift keyword).
    mutating func closureBody(_ element: Ty, _ t: Ty, depth: Int) -> String {
        let named = chance(40)
        let parameter = named ? pick(["line", "item", "x", "`in`", "`default`"]) : "$0"
        let inner = [Value(spelled: parameter, type: element)] + recordFields(element, of: parameter)
        let body = expr(t, inner, depth: max(depth, 2), nowAllowed: false)
        return named ? "\(parameter) in \(body)" : body
    }

    /// The fields of a record value, spelled through `base`.
    func recordFields(_ t: Ty, of base: String) -> [Value] {
        guard case .record(_, let fields) = t else { return [] }
        return fields.map { Value(spelled: "\(base).\(Self.bare($0.0))", type: $0.1) }
    }
}
