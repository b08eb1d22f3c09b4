/// The declarations of a random spec: an enum, a type, an aggregate with its decisions and applies, a projection over
/// a collection, a policy and a publish route.
extension RandomSpecWriter {
    /// One whole spec.
    mutating func spec() -> String {
        let enumName = "\(prefix)Kind"
        let cases = distinctNames(Self.caseNames, count(2...4))
        let kind = Ty.enumeration(enumName, cases)
        let recordName = "\(prefix)Line"
        let recordFields = distinctNames(Self.fieldNames, 3)
        let line = Ty.record(recordName, [(recordFields[0], .string), (recordFields[1], .int), (recordFields[2], .decimal)])

        var out = "// Random spec \(prefix): « ünïcode », \"\"\" and \\( in a comment */ too.\n"
        out += doc() + "enum \(enumName) {\n" + cases.map { "  " + $0 }.joined(separator: "\n") + "\n}\n\n"
        out += doc() + "type \(recordName) {\n"
        out += "  \(recordFields[0]): String = \(stringLiteral())\n  \(recordFields[1]): Int = 0\n  \(recordFields[2]): Decimal\n}\n\n"
        out += aggregate(kind: kind, line: line)
        return out
    }

    /// An aggregate over lines: state fields of every kind, commands that create and act, events, decide and apply.
    mutating func aggregate(kind: Ty, line: Ty) -> String {
        let name = "\(prefix)Ledger"
        let idName = "ledgerId"
        // State field names: distinct, some of them keywords of Swift or EVDL.
        let names = distinctNames(["lines", "status", "total", "counts", "openedAt", "window", "note", "default", "to", "when", "`type`"], 8)
        let state: [(String, Ty, String)] = [
            (names[0], .array(line), "[]"),
            (names[1], kind, literal(kind, [], nowAllowed: false)),
            (names[2], .decimal, "0"),
            (names[3], .dictionary(.string, .int), "[:]"),
            (names[4], .optional(.date), "nil"),
            (names[5], .duration, "1d"),
            (names[6], .optional(.string), "nil"),
            (names[7], .int, "0"),
        ]
        var out = doc() + "aggregate \(name) {\n  id \(idName): UUID\n  state {\n"
        out += state.map { "    \($0.0): \($0.1.spelled) = \($0.2)" }.joined(separator: "\n") + "\n  }\n\n"
        out += "  command Open creates { at: Date, window: Duration }\n"
        out += "  command Add { line: \(line.spelled), amount: Decimal, label: String }\n"
        out += "  command Decide { verdict: \(kind.spelled), limit: Int }\n"
        out += "  event Opened { at: Date, window: Duration }\n"
        out += "  event Added { line: \(line.spelled), amount: Decimal, label: String, at: Date }\n"
        out += "  event Decided { verdict: \(kind.spelled), score: Int, share: Decimal, labels: [String], first: Int?, at: Date }\n\n"

        let stateValues = state.map { Value(spelled: $0.0, type: $0.1) }
        // decide Open
        out += "  decide Open {\n    require window > 0s else \(stringLiteral("window"))\n    emit Opened { at, window }\n  }\n\n"
        // decide Add
        var addScope = stateValues.filter { $0.spelled != "window" && $0.spelled != "status" && $0.spelled != "total" }
        addScope += [Value(spelled: "line", type: line), Value(spelled: "amount", type: .decimal), Value(spelled: "label", type: .string)]
        addScope += recordFields(line, of: "line")
        out += "  decide Add {\n"
        out += "    require \(expr(.bool, addScope, nowAllowed: true)) || true else \(stringLiteral(expr(.int, addScope, nowAllowed: true)))\n"
        out += "    let extra: Decimal = \(expr(.decimal, addScope, nowAllowed: true))\n"
        if chance(60), let opened = stateValues.first(where: { $0.type == .optional(.date) }) {
            out += "    if let since = \(opened.spelled) {\n      require now - since < 3650d || extra != extra else \(stringLiteral("now - since"))\n    }\n"
        }
        out += "    emit Added { line, amount: amount + extra - extra, label, at: now }\n  }\n\n"
        // decide Decide: a switch over the verdict, exhaustive or with a default.
        var decideScope = stateValues.filter { $0.spelled != "status" }
        decideScope += [Value(spelled: "verdict", type: kind), Value(spelled: "limit", type: .int)]
        guard case .enumeration(_, let cases) = kind else { return out }
        out += "  decide Decide {\n    let score\(chance(50) ? ": Int" : "") = \(expr(.int, decideScope, nowAllowed: true))\n"
        out += "    switch verdict {\n"
        let exhaustive = chance(50)
        let listed = exhaustive ? cases : Array(cases.prefix(max(1, cases.count - 1)))
        for (i, c) in listed.enumerated() {
            out += "    case .\(Self.plain(c)):\n"
            out += i == 0
                ? "      emit Decided { verdict, score, share: \(expr(.decimal, decideScope, nowAllowed: true)), labels: \(expr(.array(.string), decideScope, nowAllowed: true)), first: \(expr(.optional(.int), decideScope, nowAllowed: true)), at: now }\n"
                : "      require score >= limit || limit < 0 || true else \(stringLiteral("score"))\n"
        }
        if !exhaustive { out += "    default:\n      require \(expr(.bool, decideScope, nowAllowed: true)) || true else \"no\"\n" }
        out += "    }\n  }\n\n"
        // apply blocks: assignments, mutating calls, dictionary defaults, `if let`, `?:`.
        let lines = stateValues[0].spelled, total = stateValues[2].spelled, counts = stateValues[3].spelled
        let openedAt = stateValues[4].spelled, window = stateValues[5].spelled, note = stateValues[6].spelled, n = stateValues[7].spelled
        out += "  apply Opened {\n    \(openedAt) = event.at\n    \(window) = event.window * 2\n  }\n\n"
        let eventScope = [Value(spelled: "event.line", type: line), Value(spelled: "event.amount", type: .decimal),
                          Value(spelled: "event.label", type: .string)] + recordFields(line, of: "event.line")
            + stateValues.filter { $0.type != .optional(.date) }
        out += "  apply Added {\n    \(lines).append(event.line)\n"
        out += "    \(counts)[event.label, default: 0] += \(expr(.int, eventScope, nowAllowed: false))\n"
        out += "    \(total) += event.amount * \(expr(.int, eventScope, nowAllowed: false))\n"
        out += "    \(note) = \(chance(50) ? "event.label" : "nil")\n"
        out += "    if let first = \(lines).first { \(n) = first.\(Self.bare(fieldName(line, .int))) + \(n) }\n"
        out += "    \(lines).removeAll(where: { \(closureBody(line, .bool, depth: 2)) && false })\n"
        out += "    \(lines)[\(count(0...3))] = event.line\n  }\n\n"
        out += "  apply Decided {\n    \(stateValues[1].spelled) = event.verdict\n"
        out += "    \(n) = event.first ?? (event.score > 0 ? event.score : 0)\n"
        out += "    \(counts).removeValue(forKey: event.labels.first ?? \"\")\n"
        out += "    \(total) = (\(total) + event.share).rounded(scale: 2)\n  }\n}\n\n"

        // A projection over the lines of `Added`, a policy that acts on `Opened`, a publish route.
        let projection = "\(prefix)ByLabel"
        out += "projection \(projection) {\n  key label: String\n  row { lines: Int = 0, amount: Decimal = 0, last: Int = 0 }\n"
        out += "  on \(name).Added key event.label where event.amount >= 0 { lines += 1; amount += event.amount; last = recorded.position }\n"
        out += "  on \(name).Decided for label in event.labels key label { lines += event.score }\n"
        out += "  query one(label: String) -> \(projection)? where row.label == label\n"
        out += "  query busy(minimum: Int) -> [\(projection)] where row.lines >= minimum\n}\n\n"
        out += "policy \(prefix)Follow {\n  on \(name).Opened where event.window > 1m\n"
        out += "  after \(pick(["30m", "1d", "2h"])) send \(name).Decide { \(idName): event.\(idName), verdict: .\(Self.plain(cases[0])), limit: 1 }\n}\n\n"
        // Every module has one `PublishRoutes`: only a spec that is a module of its own publishes.
        if publishes { out += "publish \(name).Added to \"\(prefix.lowercased()).added\"\n" }
        return out
    }

    /// The name of a record's first field of type `t`.
    func fieldName(_ record: Ty, _ t: Ty) -> String {
        guard case .record(_, let fields) = record, let field = fields.first(where: { $0.1 == t }) else { return "missing" }
        return field.0
    }
}
