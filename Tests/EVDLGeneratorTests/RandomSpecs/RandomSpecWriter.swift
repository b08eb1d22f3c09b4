import EVDLTestSupport

/// Writes random specs that are well typed by construction: every one must check clean and generate Swift that
/// compiles without warnings. Seeded, so a failure is reproduced from its seed.
///
/// A spec holds enums (cases that are EVDL keywords), types (fields of every kind), one or two aggregates
/// (commands that create or need an existing aggregate, `decide` with `require`, `let`, `if let`, `switch`, closures
/// and collection methods, durations and `now`; `apply` with assignments, mutating calls and dictionary defaults),
/// a projection over a collection with `for … in`, `key` and `where`, a policy, and a publish route. Names come from
/// pools that include Swift keywords (`default`, `case`, `in`, `is`), EVDL keywords used as names (`to`, `when`,
/// `rejected`) and names in backticks; strings and comments hold Unicode, `"""`, `\(` and `*/`.
struct RandomSpecWriter {
    /// A type of the generated spec.
    indirect enum Ty: Equatable {
        case int, decimal, double, string, bool, uuid, date, duration
        case enumeration(String, [String])
        case record(String, [(String, Ty)])
        case array(Ty)
        case dictionary(Ty, Ty)
        case optional(Ty)

        static func == (a: Ty, b: Ty) -> Bool { a.spelled == b.spelled }

        var spelled: String {
            switch self {
            case .int: "Int"
            case .decimal: "Decimal"
            case .double: "Double"
            case .string: "String"
            case .bool: "Bool"
            case .uuid: "UUID"
            case .date: "Date"
            case .duration: "Duration"
            case .enumeration(let n, _), .record(let n, _): n
            case .array(let e): "[\(e.spelled)]"
            case .dictionary(let k, let v): "[\(k.spelled): \(v.spelled)]"
            case .optional(let w): "\(w.spelled)?"
            }
        }
    }

    /// A name in scope with its type; `spelled` is how an expression reads it (`event.total`, `lines`).
    struct Value {
        var spelled: String
        var type: Ty
    }

    var random: SeededGenerator
    /// Prefix of every top-level name, so several specs can share one Swift module.
    let prefix: String
    /// Whether the spec declares a `publish` route (one module has one `PublishRoutes`).
    let publishes: Bool

    init(seed: UInt64, prefix: String, publishes: Bool = false) {
        random = SeededGenerator(seed: seed)
        self.prefix = prefix
        self.publishes = publishes
    }

    // MARK: Randomness

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// Field names: ordinary ones, Swift keywords, and EVDL keywords that are names where a `:` follows them.
    static let fieldNames = ["amount", "total", "note", "tags", "lines", "status", "count", "at", "limit", "owner", "label",
                             "default", "case", "in", "is", "to", "when", "key", "rejected", "where", "`type`", "`if`"]
    static let caseNames = ["open", "closed", "pending", "rejected", "delete", "default", "approved", "to", "when", "`if`"]

    /// The name as written in an expression or declaration (backticked names stay backticked).
    static func bare(_ name: String) -> String { name }

    /// A plain-text name without backticks (for comparisons of names).
    static func plain(_ name: String) -> String { name.replacingOccurrences(of: "`", with: "") }

    mutating func distinctNames(_ pool: [String], _ n: Int) -> [String] {
        var chosen: [String] = []
        for name in pool.shuffled(using: &random) where chosen.count < n && !chosen.contains(where: { Self.plain($0) == Self.plain(name) }) {
            chosen.append(name)
        }
        return chosen
    }

    /// A string literal with Unicode, escapes, a `*/` and, sometimes, an interpolation.
    mutating func stringLiteral(_ interpolate: String? = nil) -> String {
        let pieces = ["grüße", "naïve café", "日本", "😀", "*/ not a comment", "quote \\\"q\\\"", "tab\\t", "\\u{1F600}", "\\\\(literal)", "\"\"\""]
        var text = pick(pieces)
        if text == "\"\"\"" { text = "\\\"\\\"\\\"" }
        if let interpolate, chance(50) { text += " \\(\(interpolate))" }
        return "\"\(text)\""
    }

    /// A doc comment with Unicode and comment markers.
    mutating func doc() -> String {
        chance(40) ? "/// " + pick(["Ünïcode — ok", "has */ and /* inside", "a \"\"\" quote", "emoji 🎉 and \\(x)"]) + "\n" : ""
    }
}

