import EVDLSyntax

/// Diagnostics of event evolution that one spec can decide (`EVDL0801`–`EVDL0803`); the rules that compare the spec
/// with its contract lock are in `EVDLEvolution`.
extension SemaDiagnostics {
    static let renameInFirstVersion = DiagnosticCode("EVDL0801")
    static let renameFromCurrentField = DiagnosticCode("EVDL0802")
    static let renamedTwice = DiagnosticCode("EVDL0803")

    /// The codes of this file, in order.
    static let evolutionCodes: [DiagnosticCode] = [renameInFirstVersion, renameFromCurrentField, renamedTwice]

    static func renameInFirstVersion(_ field: String, from previous: String, event: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, renameInFirstVersion, "`\(field)` says `was \(previous)`, but `\(event)` is at version 1", at: span,
                   label: "no earlier version had this field",
                   help: "a rename of a stored event needs a new version: write `event \(event) v2 { … }`, or remove `was \(previous)`")
    }

    static func renameToItself(_ field: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, renameFromCurrentField, "`\(field)` says `was \(field)`: a field cannot be renamed from its own name", at: span,
                   label: "the same name", help: "remove `was \(field)`")
    }

    static func renameFromCurrentField(_ field: String, from previous: String, owner: String, at span: Span, declared: Span) -> Diagnostic {
        Diagnostic(.error, renameFromCurrentField, "`\(field)` says `was \(previous)`, but \(ownerText(owner)) still declares `\(previous)`",
                   at: span, label: "still a field",
                   notes: [DiagnosticNote("`\(previous)` is declared here", at: declared)],
                   help: "a stored `\(previous)` would be read into both fields; rename `\(previous)` too, or remove `was \(previous)`")
    }

    static func renamedTwice(_ previous: String, owner: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, renamedTwice, "two fields of \(ownerText(owner)) say `was \(previous)`", at: span,
                   label: "renamed again", notes: [DiagnosticNote("first renamed from `\(previous)` here", at: first)],
                   help: "a field was renamed into one field; keep `was \(previous)` on that one, and give the other a default")
    }

    private static func ownerText(_ owner: String) -> String {
        owner.hasPrefix("the ") ? owner : "`\(owner)`"
    }
}

extension SemaExplanations {
    static let evolution: [DiagnosticExplanation] = [
        DiagnosticExplanation(code: SemaDiagnostics.renameInFirstVersion, title: "`was` on an event at version 1",
            explanation: "`was oldName` tells the generated decoder to read a field under its earlier name, for payloads stored by an earlier version of the event. An event at version 1 (no `vN` written) has no earlier version: either the rename is of a stored event, and the event needs a new version so that readers can tell the shapes apart, or nothing was stored yet, and `was` should go.",
            failingExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited { amount: Decimal was sum }\n}",
            fixedExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited v2 { amount: Decimal was sum }\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.renameFromCurrentField, title: "`was` names a field that is still there",
            explanation: "`was oldName` reads a stored `oldName` into the renamed field. When the same declaration still has a field `oldName` (or the field names itself), one stored value would be read into two fields, which is never what a rename means.",
            failingExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited v2 { amount: Decimal was sum, sum: Decimal }\n}",
            fixedExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited v2 { amount: Decimal was sum, fee: Decimal = 0 }\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.renamedTwice, title: "two fields renamed from one name",
            explanation: "A stored value can become one field. Two fields that both say `was oldName` would both read it, so one of them is not really a rename: give it a default (or make it optional) instead.",
            failingExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited v2 { amount: Decimal was sum, gross: Decimal was sum }\n}",
            fixedExample: "aggregate Account {\n  id accountId: UUID\n  event Deposited v2 { amount: Decimal was sum, gross: Decimal = 0 }\n}"),
    ]
}
