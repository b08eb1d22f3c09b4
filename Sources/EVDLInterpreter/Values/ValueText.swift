import EVDLSema

/// How values print: the canonical text scenario outcomes are compared in (the same text the generated Swift's
/// `ScenarioText` renders), and Swift's own `description`, which string interpolation uses.
public enum ValueText {
    /// The canonical text of a value (see `Grammar/Reference.md`, "Scenario outcomes").
    public static func canonical(_ value: Value) -> String {
        var out = ""
        writeCanonical(value, into: &out)
        return out
    }

    static func writeCanonical(_ value: Value, into out: inout String) {
        switch value {
        case .int(let n): out += String(n)
        case .double(let d): out += d.description
        case .decimal(let d): out += d.description
        case .string(let s): out += quoted(s)
        case .bool(let b): out += b ? "true" : "false"
        case .uuid(let u): out += u
        case .date(let seconds): out += "date(\(seconds.description))"
        case .duration(let d): out += "duration(\(d.components.seconds), \(d.components.attoseconds))"
        case .none: out += "nil"
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += ", " }
                writeCanonical(e, into: &out)
            }
            out += "]"
        case .dictionary(let entries):
            if entries.isEmpty { out += "[:]"; return }
            let rendered = entries.map { (canonical($0.key), canonical($0.value)) }.sorted { $0.0 < $1.0 }
            out += "[" + rendered.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "]"
        case .enumCase(_, let caseName): out += "." + caseName
        case .record(let fields):
            out += fields.typeName + "("
            for i in fields.names.indices {
                if i > 0 { out += ", " }
                out += fields.names[i] + ": "
                writeCanonical(fields.values[i], into: &out)
            }
            out += ")"
        }
    }

    /// A message or row line: `Order.OrderPlaced { orderId: …, total: 10 }` (`{ }` without fields).
    public static func messageLine(_ fields: Value.Fields) -> String {
        if fields.names.isEmpty { return fields.typeName + " { }" }
        var out = fields.typeName + " { "
        for i in fields.names.indices {
            if i > 0 { out += ", " }
            out += fields.names[i] + ": "
            writeCanonical(fields.values[i], into: &out)
        }
        return out + " }"
    }

    /// How ``quoted(_:swiftDebug:)`` escapes.
    ///
    /// The canonical text escapes `\\`, `\"`, `\n`, `\r`, `\t` and other control characters as `\u{1f}`; Swift's
    /// `debugDescription` (strings inside printed arrays and records) also escapes `'` and `\0`, and writes
    /// `\u{01}`, `\u{7F}` (upper case, at least two digits).
    public static func quoted(_ s: String, swiftDebug: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0" where swiftDebug: out += "\\0"
            case "'" where swiftDebug: out += "\\'"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: swiftDebug)
                    out += "\\u{" + (swiftDebug && hex.count < 2 ? "0" : "") + hex + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// What Swift's string interpolation prints for a value of the checked type `type` (`"\(x)"`, and
    /// `String(describing:)` for optionals, as generated code writes it).
    static func swiftDescription(_ value: Value, type: SemType?, layouts: Layouts) -> String {
        if case .optional(let wrapped)? = type {
            if case .none = value { return "nil" }
            return "Optional(" + swiftDebugDescription(value, type: wrapped, layouts: layouts) + ")"
        }
        switch value {
        case .string(let s): return s
        case .int, .double, .decimal, .bool, .uuid, .date, .duration, .array, .dictionary, .none, .record, .enumCase:
            return swiftDebugDescription(value, type: type, layouts: layouts, topLevel: true)
        }
    }

    /// Swift's `debugDescription`-style printing of elements and fields (strings quoted).
    static func swiftDebugDescription(_ value: Value, type: SemType?, layouts: Layouts, topLevel: Bool = false) -> String {
        if case .optional(let wrapped)? = type {
            if case .none = value { return "nil" }
            return "Optional(" + swiftDebugDescription(value, type: wrapped, layouts: layouts) + ")"
        }
        switch value {
        case .int(let n): return String(n)
        case .double(let d): return d.description
        case .decimal(let d): return d.description
        case .string(let s): return topLevel ? s : quoted(s, swiftDebug: true)
        case .bool(let b): return b ? "true" : "false"
        case .uuid(let u): return u
        case .date(let seconds): return DateText.swiftDescription(secondsSince1970: seconds)
        case .duration(let d): return d.swiftDescription
        case .none: return "nil"
        case .enumCase(_, let caseName): return caseName
        case .array(let elements):
            let elementType: SemType? = if case .array(let t)? = type { t } else { nil }
            return "[" + elements.map { swiftDebugDescription($0, type: elementType, layouts: layouts) }.joined(separator: ", ") + "]"
        case .dictionary(let entries):
            if entries.isEmpty { return "[:]" }
            var keyType: SemType?, valueType: SemType?
            if case .dictionary(let k, let v)? = type { keyType = k; valueType = v }
            let items = entries.map { (swiftDebugDescription($0.key, type: keyType, layouts: layouts), swiftDebugDescription($0.value, type: valueType, layouts: layouts)) }
                .sorted { $0.0 < $1.0 }
            return "[" + items.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "]"
        case .record(let fields):
            let types = layouts.fieldTypes(of: fields.typeName)
            let shortName = fields.typeName.split(separator: ".").last.map(String.init) ?? fields.typeName
            let parts = fields.names.indices.map { i in
                fields.names[i] + ": " + swiftDebugDescription(fields.values[i], type: types?[fields.names[i]], layouts: layouts)
            }
            return shortName + "(" + parts.joined(separator: ", ") + ")"
        }
    }
}

/// Foundation's `Date.description` (`1970-01-01 00:00:00 +0000`), computed without Foundation.
enum DateText {
    static func swiftDescription(secondsSince1970 seconds: Double) -> String {
        guard seconds.isFinite else { return "\(seconds)" }
        let whole = Int64(max(-9e15, min(9e15, seconds.rounded(.down))))
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = y < 0 ? "-" + String(String(-y).reversed().padded(4).reversed()) : String(String(y).reversed().padded(4).reversed())
        return "\(year)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) +0000"
    }

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian calendar).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

extension Sequence where Element == Character {
    fileprivate func padded(_ width: Int) -> [Character] {
        var chars = Array(self)
        while chars.count < width { chars.append("0") }
        return chars
    }
}
