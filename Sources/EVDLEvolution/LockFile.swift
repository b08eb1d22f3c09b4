import EVDLSyntax

/// The text of a lock file (`evdl.lock`): one line per contract and per member, in a fixed order, so that the same
/// spec always gives the same bytes and a change of the spec is a change of a few lines.
///
///     evdl-lock 1
///
///     enum Currency
///       case chf
///
///     event Account.Deposited v2
///       id accountId: UUID
///       field amount: Decimal
///       field memo: String = default
///
///     event Account.Opened v1 retired
///       id accountId: UUID
///       field owner: String
///
///     publish Account.Deposited
///       topic "deposits"
///
///     accept EVDL0810 event Account.Closed: every account was migrated in PR 42
///
/// `#` starts a comment line. Members are indented by two spaces; `= default` marks a field that may be left out;
/// `retired` marks an event type the spec no longer declares, whose removal was accepted (its payloads stay stored).
public enum LockFile {
    /// The first line of every lock file.
    public static let formatLine = "evdl-lock 1"

    /// The lock as text.
    public static func render(_ lock: ContractLock) -> String {
        var lines = [
            "# The contracts stored events and consumers rely on, written by `evdlc lock`. Review changes to it like code;",
            "# `evdlc check --against` reports what a spec change would break. See README.md, \"Event evolution\".",
            formatLine,
        ]
        for contract in lock.contracts {
            lines.append("")
            lines.append(contract.header + (contract.retired ? " retired" : ""))
            for member in contract.members { lines.append("  " + render(member)) }
        }
        if !lock.acceptances.isEmpty { lines.append("") }
        for acceptance in lock.acceptances {
            lines.append("accept \(acceptance.code) \(acceptance.subject): \(acceptance.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ member: ContractMember) -> String {
        switch member.role {
        case .enumCase: return "case \(member.name)"
        case .topic: return "topic \(quoted(member.name))"
        case .identity, .field, .input, .result, .key, .row:
            return "\(member.role.rawValue) \(member.name): \(member.type)" + (member.hasDefault ? " = default" : "")
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// Reads a lock file that `sources` holds as `file`. Lines it cannot read are `EVDL0890` errors at their place;
    /// the rest is read.
    public static func parse(_ file: SourceFile) -> (lock: ContractLock, diagnostics: [Diagnostic]) {
        var contracts: [Contract] = []
        var acceptances: [Acceptance] = []
        var diagnostics: [Diagnostic] = []
        var current: Contract?
        var sawFormat = false
        for line in 1...max(1, file.lines.count) {
            let range = file.lines.byteRange(ofLine: line, in: file.bytes.count)
            var text = String(decoding: file.bytes[range], as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            if text.hasSuffix("\r") { text.removeLast() }
            let span = Span(file: file.id, start: range.lowerBound, end: range.lowerBound + text.utf8.count)
            let trimmed = text.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if !sawFormat {
                sawFormat = true
                if text != formatLine {
                    diagnostics.append(EvolutionDiagnostics.invalidLock("expected `\(formatLine)` as the first line", at: span))
                    return (ContractLock(contracts: []), diagnostics)
                }
                continue
            }
            if text.hasPrefix("  ") {
                guard current != nil else {
                    diagnostics.append(EvolutionDiagnostics.invalidLock("a member line outside a contract", at: span))
                    continue
                }
                let memberSpan = Span(file: file.id, start: span.start + 2, end: span.end)
                if let member = parseMember(String(text.dropFirst(2)), span: memberSpan) {
                    current!.members.append(member)
                } else {
                    diagnostics.append(EvolutionDiagnostics.invalidLock("cannot read `\(trimmed)` as a case, field, result or topic", at: memberSpan))
                }
                continue
            }
            if let contract = current { contracts.append(contract) }
            current = nil
            if text.hasPrefix("accept ") {
                if let acceptance = parseAcceptance(String(text.dropFirst(7)), span: span) {
                    acceptances.append(acceptance)
                } else {
                    diagnostics.append(EvolutionDiagnostics.invalidLock("expected `accept EVDLnnnn <subject>: <reason>`", at: span))
                }
            } else if let contract = parseHeader(text, span: span) {
                current = contract
            } else {
                diagnostics.append(EvolutionDiagnostics.invalidLock("cannot read `\(text)` as a contract", at: span))
            }
        }
        if let contract = current { contracts.append(contract) }
        if !sawFormat {
            diagnostics.append(EvolutionDiagnostics.invalidLock("the lock file is empty; expected `\(formatLine)`",
                                                                at: Span(file: file.id, start: 0, end: 0)))
        }
        return (ContractLock(contracts: contracts, acceptances: acceptances), diagnostics)
    }

    private static func parseHeader(_ text: String, span: Span) -> Contract? {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count >= 2, let kind = ContractKind(rawValue: words[0]), !words[1].isEmpty else { return nil }
        if kind == .event {
            guard words.count == 3 || (words.count == 4 && words[3] == "retired"),
                  words[2].hasPrefix("v"), let version = Int(words[2].dropFirst()), version >= 1 else { return nil }
            return Contract(kind: kind, name: words[1], version: version, span: span, retired: words.count == 4)
        }
        return words.count == 2 ? Contract(kind: kind, name: words[1], span: span) : nil
    }

    private static func parseMember(_ text: String, span: Span) -> ContractMember? {
        guard let space = text.firstIndex(of: " "), let role = MemberRole(rawValue: String(text[..<space])) else { return nil }
        let rest = String(text[text.index(after: space)...])
        switch role {
        case .enumCase:
            return rest.isEmpty || rest.contains(" ") ? nil : ContractMember(role: role, name: rest, span: span)
        case .topic:
            return unquoted(rest).map { ContractMember(role: role, name: $0, span: span) }
        case .identity, .field, .input, .result, .key, .row:
            let characters = Array(rest)
            guard let colon = characters.indices.first(where: { characters[$0] == ":" }), colon + 1 < characters.count,
                  characters[colon + 1] == " " else { return nil }
            let name = String(characters[..<colon])
            var type = String(characters[(colon + 2)...])
            let hasDefault = type.hasSuffix(" = default")
            if hasDefault { type.removeLast(" = default".count) }
            guard !name.isEmpty, !name.contains(" "), !type.isEmpty, TypeShape(type) != nil else { return nil }
            return ContractMember(role: role, name: name, type: type, hasDefault: hasDefault, span: span)
        }
    }

    private static func unquoted(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": out += "\n"
                case "\"", "\\": out.append(character)
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                out.append(character)
            }
        }
        return escaped ? nil : out
    }

    private static func parseAcceptance(_ text: String, span: Span) -> Acceptance? {
        guard let space = text.firstIndex(of: " ") else { return nil }
        let code = String(text[..<space])
        guard code.hasPrefix("EVDL"), code.count == 8, code.dropFirst(4).allSatisfy(\.isNumber) else { return nil }
        let rest = text[text.index(after: space)...]
        let subject: Substring
        let reason: Substring
        var inQuotes = false
        let colon = rest.indices.first { index in
            if rest[index] == "\"" { inQuotes.toggle() }
            return rest[index] == ":" && !inQuotes
        }
        if let colon {
            subject = rest[..<colon]
            reason = rest[rest.index(after: colon)...]
        } else {
            subject = rest
            reason = ""
        }
        let trimmedSubject = subject.trimmingSpaces
        guard !trimmedSubject.isEmpty else { return nil }
        return Acceptance(code: DiagnosticCode(code), subject: trimmedSubject, reason: reason.trimmingSpaces, span: span)
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
