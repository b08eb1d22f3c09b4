import Foundation

/// The canonical text of scenario outcomes: the one rendering that `evdlc test` (which evaluates the spec) and
/// scenarios run against generated Swift both produce, so that their outcomes can be compared byte for byte.
///
/// Values: `Int` in decimal digits; `Double` and `Decimal` by their `description`; `Bool` as `true`/`false`; a string
/// in double quotes with `\\`, `\"`, `\n`, `\r`, `\t` and other scalars below 0x20 as `\u{1f}` escaped; a UUID by its
/// `uuidString`; a date as `date(S)` (S the seconds since 1970 as a `Double`); a duration as `duration(S, A)`
/// (its seconds and attoseconds); an optional as `nil` or its value; an array as `[a, b]`; a dictionary as
/// `[k: v, …]` sorted by the rendered key (`[:]` when empty); a declared type as `Name(field: v, …)`; an enum case
/// as `.case`; a command or event as `Owner.Name { field: v, … }` (the aggregate id first, then the fields in
/// declaration order; `Owner.Name { }` without fields); a row as `Projection { key: v, field: v, … }`.
///
/// Generated Swift keeps every spec field name (a Swift keyword is only escaped), and every message carries its
/// spec name in `typeName`, so the reflection this rendering uses yields the spec's names.
public enum ScenarioText {
    /// The canonical text of any value of a spec.
    public static func value(_ value: Any) -> String {
        switch value {
        case let v as String: return string(v)
        case let v as Decimal: return v.description
        case let v as Bool: return v ? "true" : "false"
        case let v as Int: return String(v)
        case let v as Double: return v.description
        case let v as UUID: return v.uuidString
        case let v as Date: return "date(\(v.timeIntervalSince1970.description))"
        case let v as Duration: return "duration(\(v.components.seconds), \(v.components.attoseconds))"
        case let v as any DomainEvent: return message(typeName: type(of: v).typeName, fields: v)
        case let v as any RoutedCommand: return message(typeName: type(of: v).typeName, fields: v)
        default: return reflected(value)
        }
    }

    /// `Projection { key: v, field: v, … }`: a row of projection `P` (the key is the row's first field).
    public static func row<P: Projection>(_ row: P.Row, of projection: P.Type) -> String {
        message(typeName: P.name, fields: row)
    }

    /// A string literal: quoted, with the escapes the spec language reads back.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `Name { a: v, b: v }` from the stored properties of `fields`, in declaration order.
    static func message(typeName: String, fields: Any) -> String {
        let children = Mirror(reflecting: fields).children.map { "\(label($0.label)): \(value($0.value))" }
        return children.isEmpty ? "\(typeName) { }" : "\(typeName) { \(children.joined(separator: ", ")) }"
    }

    /// A stored property's name as the spec wrote it (reflection reports a Swift keyword without its backticks).
    private static func label(_ label: String?) -> String {
        label ?? "_"
    }

    /// Optionals, collections, dictionaries, enum cases and declared types, by reflection.
    private static func reflected(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { Self.value($0.value) } ?? "nil"
        case .collection:
            return "[" + mirror.children.map { Self.value($0.value) }.joined(separator: ", ") + "]"
        case .set:
            return "[" + mirror.children.map { Self.value($0.value) }.sorted().joined(separator: ", ") + "]"
        case .dictionary:
            let entries = mirror.children.map { entry -> (key: String, value: String) in
                let pair = Array(Mirror(reflecting: entry.value).children)
                guard pair.count == 2 else { return (Self.value(entry.value), "") }
                return (Self.value(pair[0].value), Self.value(pair[1].value))
            }
            guard !entries.isEmpty else { return "[:]" }
            return "[" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
        case .enum:
            let name = String(describing: value)
            guard let payload = mirror.children.first else { return "." + name }
            // A case of an aggregate's `Event` or `Command` set shows its message.
            if payload.value is any DomainEvent || payload.value is any RoutedCommand { return Self.value(payload.value) }
            let caseName = payload.label ?? name
            let fields = Mirror(reflecting: payload.value).children
            if fields.isEmpty { return ".\(caseName)(\(Self.value(payload.value)))" }
            return ".\(caseName)(" + fields.map { "\(label($0.label)): \(Self.value($0.value))" }.joined(separator: ", ") + ")"
        case .struct, .class:
            let typeName = String(describing: type(of: value))
            return "\(typeName)(" + mirror.children.map { "\(label($0.label)): \(Self.value($0.value))" }.joined(separator: ", ") + ")"
        case .tuple:
            return "(" + mirror.children.map { Self.value($0.value) }.joined(separator: ", ") + ")"
        case nil, .some:
            return String(describing: value)
        }
    }

    /// Lines joined by `\n`; `nothing` when there are none.
    public static func lines(_ lines: [String]) -> String {
        lines.isEmpty ? "nothing" : lines.joined(separator: "\n")
    }

    /// Compares an actual outcome with the expected one; throws a failure with a line diff (`-` expected only,
    /// `+` actual only, two spaces for lines in both) naming the scenario when they differ.
    public static func expect(_ actual: String, equals expected: String, scenario title: String, subject: String) throws(ScenarioFailure) {
        guard actual != expected else { return }
        throw ScenarioFailure(scenario: title, command: subject,
                              message: "the outcome differs (- expected, + actual):\n" + diff(expected: expected, actual: actual))
    }

    /// The outcomes as the text of a `scenario-outcomes.txt` file, the one `evdlc test` reaches too: `## <title>` and
    /// the outcome text per scenario, in spec order.
    public static func outcomesFile(_ outcomes: [(title: String, outcome: String)]) -> String {
        outcomes.map { "## \($0.title)\n\($0.outcome)\n" }.joined()
    }

    /// Compares `outcomes` (a generated `EVDLScenarios.scenarioOutcomes()`) with the outcomes file at `url`: `nil`
    /// when they are the same bytes, else a line diff. With `accept` (by default: `EVDL_ACCEPT=1` in the
    /// environment) it writes the file instead, after an intended change, and returns `nil`.
    public static func compareOutcomes(
        _ outcomes: [(title: String, outcome: String)], withFile url: URL,
        accept: Bool = ProcessInfo.processInfo.environment["EVDL_ACCEPT"] == "1"
    ) throws -> String? {
        let text = outcomesFile(outcomes)
        if accept {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        return text == expected ? nil : diff(expected: expected, actual: text)
    }

    /// A line diff of two texts: the longest common subsequence of lines kept, the rest marked `-` / `+`.
    public static func diff(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [String] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append("  " + a[i]); i += 1; j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                out.append("- " + a[i]); i += 1
            } else {
                out.append("+ " + b[j]); j += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
