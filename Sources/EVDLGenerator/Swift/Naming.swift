/// Every rule for turning spec names into Swift names: keyword escaping, case names, and names that would
/// clash with members the generator adds. Nothing else in the generator invents or escapes names.
public enum Naming {
    /// Words Swift reserves in declarations and expressions; a spec name equal to one is written in backticks.
    public static let reservedWords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true",
        "try", "_", "Type", "Protocol",
    ]

    /// Words that cannot follow a `.` unescaped (`x.init` and `x.self` mean something else; the metatype words
    /// are escaped for clarity).
    public static let reservedMembers: Set<String> = ["init", "self", "Self", "Type", "Protocol", "_"]

    /// A name as written in a declaration or as a bare reference: backticks when Swift reserves it.
    public static func escaped(_ name: String) -> String {
        reservedWords.contains(name) ? "`\(name)`" : name
    }

    /// A name as written after a `.`.
    public static func escapedMember(_ name: String) -> String {
        reservedMembers.contains(name) ? "`\(name)`" : name
    }

    /// An argument label: Swift accepts every keyword there except `inout`, `var` and `let`.
    public static func escapedLabel(_ name: String) -> String {
        ["inout", "var", "let", "_"].contains(name) ? "`\(name)`" : name
    }

    /// The lower-camel-case form of a type name, for enum cases and functions:
    /// `OrderPlaced` → `orderPlaced`, `URLChanged` → `urlChanged`, `ID` → `id`.
    public static func lowerCamel(_ name: String) -> String {
        let scalars = Array(name)
        var upperPrefix = 0
        while upperPrefix < scalars.count, scalars[upperPrefix].isUppercase { upperPrefix += 1 }
        if upperPrefix == 0 { return name }
        // In `URLChanged` the `C` starts the next word and stays upper-case.
        let lowered = upperPrefix > 1 && upperPrefix < scalars.count ? upperPrefix - 1 : upperPrefix
        return String(scalars[..<lowered]).lowercased() + String(scalars[lowered...])
    }

    /// The upper-camel-case form of a name, for generated helper types: `byStatus` → `ByStatus`.
    public static func upperCamel(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst()
    }

    /// Names, made unique in order by appending `_` to later duplicates (`FOO` and `Foo` both lower to `foo`).
    public static func unique(_ names: [String], avoiding taken: Set<String> = []) -> [String] {
        var used = taken
        var result: [String] = []
        for name in names {
            var candidate = name
            while used.contains(candidate) { candidate += "_" }
            used.insert(candidate)
            result.append(candidate)
        }
        return result
    }

    /// Names the generator itself declares inside an aggregate's namespace.
    public static let aggregateMembers: Set<String> = ["State", "Event", "Command", "Decisions", "ID", "Rejection", "Upcasting"]

    /// Type names the generator declares inside aggregate and projection namespaces and event structs.
    public static let generatedNestedTypes: Set<String> = [
        "State", "Event", "Command", "SwiftDecisions", "ID", "AggregateID", "Row", "Key", "CodingKeys", "PreviousKeys",
        "Input", "Results", "Steps", "Upcasting",
    ]

    /// The top-level alias of a declared type whose name a namespace shadows: `State` → `EVDLTopLevelState`.
    public static func topLevelAlias(_ name: String) -> String {
        "EVDLTopLevel" + name
    }

    /// The Swift type name of a command or event nested in an aggregate or service namespace. A message named
    /// like a generated member (`event State`) gets its kind appended (`StateEvent`); its stored type name stays.
    public static func messageTypeName(_ name: String, kindSuffix: String) -> String {
        aggregateMembers.contains(name) ? name + kindSuffix : name
    }

    /// Parameter and local names the generated functions use; a spec `let` with such a name is renamed.
    public static let generatedLocals: Set<String> = [
        "command", "state", "context", "event", "events", "row", "rows", "key", "store", "codec", "payload", "typeName",
        "schemaVersion", "recorded", "results", "result", "bound", "input", "changed", "fallback",
    ]

    /// The Swift name of a spec `let` constant, `if let` binding, closure or query parameter: unchanged unless it
    /// clashes with a generated local, or starts with an upper-case letter, where it would hide a type the generated
    /// code names (`Decimal(…)` widening an `Int`, `Duration.seconds(…)`, `SpecMath`, `Self`, an event's initializer).
    public static func local(_ name: String) -> String {
        generatedLocals.contains(name) || name.first?.isUppercase == true ? name + "_" : name
    }

    /// The internal name of an initializer parameter for a field: a field named `self` would hide `self`.
    public static func parameter(_ name: String) -> String {
        name == "self" ? "self_" : name
    }

    /// The name of a generated file for a spec file path: its last path component plus `.swift`.
    public static func generatedFileName(forSpecPath path: String) -> String {
        let last = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return last + ".swift"
    }
}
