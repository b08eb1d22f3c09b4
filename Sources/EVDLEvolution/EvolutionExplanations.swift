import EVDLSyntax

/// The explanations of the lock's codes, for `evdlc explain`. Each example is the locked spec, a line
/// `// changed to:`, and the spec after the change (the tests lock the first and check the second against it).
public enum EvolutionExplanations {
    /// The line between the locked spec and the changed one in the examples.
    public static let separator = "// changed to:"

    private static func entry(_ code: DiagnosticCode, _ title: String, _ explanation: String, locked: String, failing: String, fixed: String) -> DiagnosticExplanation {
        DiagnosticExplanation(code: code, title: title, explanation: explanation,
                              failingExample: locked + "\n" + separator + "\n" + failing, fixedExample: locked + "\n" + separator + "\n" + fixed)
    }

    private typealias D = EvolutionDiagnostics

    private static let account = "aggregate Account {\n  id accountId: UUID\n  event Deposited { sum: Decimal }\n}"
    private static func account(_ event: String) -> String { "aggregate Account {\n  id accountId: UUID\n  \(event)\n}" }

    /// One entry per code.
    public static let all: [DiagnosticExplanation] = [
        entry(D.contractRemoved, "a locked contract is gone",
              "The lock lists every event type, saga and service command whose data outlives a build. An event type that disappears leaves its stored events unreadable (decoding them is an `unknownEventType` error); a saga that disappears leaves running sagas that cannot be resumed or compensated; a service command that disappears orphans its implementation and the saga histories that invoked it. Renaming is removing under the old name. Once a removal is accepted, `evdlc lock` keeps the event type in the lock marked `retired`: its payloads are still stored, so a type declared again under that name is checked against them.",
              locked: account, failing: account("event Credited { sum: Decimal }"),
              fixed: account("event Deposited { sum: Decimal }\n  event Credited { sum: Decimal }")),
        entry(D.versionLowered, "an event's version went down",
              "Stored payloads carry the version that wrote them. A lower version in the spec makes the generated decoder treat the stored ones as written by newer code, and refuse them.",
              locked: account("event Deposited v2 { sum: Decimal }"), failing: account("event Deposited { sum: Decimal }"),
              fixed: account("event Deposited v2 { sum: Decimal }")),
        entry(D.versionSkipped, "an event's version skipped numbers",
              "A warning: versions between the locked one and the new one were never stored here. That is harmless for decoding but usually a typo, or a sign that another branch used those numbers for other shapes.",
              locked: account, failing: account("event Deposited v3 { sum: Decimal, memo: String = \"\" }"),
              fixed: account("event Deposited v2 { sum: Decimal, memo: String = \"\" }")),
        entry(D.valueMissing, "a field has no value in stored payloads",
              "The generated decoder reads each field under its name, then under its `was` name, then takes its default (an optional field takes `nil`). A field that every locked version of the payload lacks, with no default, cannot be read: it was added without a default, or renamed without `was`. Every locked version counts: a field renamed twice needs the oldest payloads read too (by a chain of renames the decoder cannot follow, so write an upcaster and accept the break).",
              locked: account, failing: account("event Deposited v2 { sum: Decimal, memo: String }"),
              fixed: account("event Deposited v2 { sum: Decimal, memo: String = \"\" }")),
        entry(D.typeChanged, "a stored field was retyped",
              "A stored value decodes only as its own type, an optional of it, or (for a whole number) as `Decimal` or `Double`. Anything else fails on the first old payload. Add a field with a new name and a default instead, and stop writing the old one.",
              locked: account, failing: account("event Deposited v2 { sum: String }"),
              fixed: account("event Deposited v2 { sum: Decimal, label: String = \"\" }")),
        entry(D.changedWithoutVersion, "an event changed shape but kept its version",
              "Payloads stored at one version must all have one shape: consumers and upcasters tell shapes apart by the version. Removing or renaming a field is a new shape, so it needs a new version (adding a field with a default does not).",
              locked: account("event Deposited { sum: Decimal, memo: String }"), failing: account("event Deposited { sum: Decimal }"),
              fixed: account("event Deposited v2 { sum: Decimal }")),
        entry(D.caseRemoved, "a locked enum case is gone",
              "Enum values are stored by their case name. A stored payload holding a removed (or renamed) case no longer decodes. Keep the case, and let a `decide` refuse it for new commands.",
              locked: "enum Kind { cash, card }\n" + account("event Deposited { sum: Decimal, kind: Kind }"),
              failing: "enum Kind { card }\n" + account("event Deposited { sum: Decimal, kind: Kind }"),
              fixed: "enum Kind { cash, card }\n" + account("event Deposited { sum: Decimal, kind: Kind }")),
        entry(D.caseAdded, "a new enum case reaches consumers",
              "A warning, for enums in published events and service commands and results. Stored data reads a new case (the spec's own decoder knows it), so adding cases is safe for history. Consumers built from the locked spec do not know it: a generated decoder refuses an unknown case. Deploy the consumers first, then accept the warning (`accept EVDL0817 case Kind.voucher: consumers updated`).",
              locked: "enum Kind { cash, card }\n" + account("event Deposited { sum: Decimal, kind: Kind }") + "\npublish Account.Deposited to \"deposits\"",
              failing: "enum Kind { cash, card, voucher }\n" + account("event Deposited { sum: Decimal, kind: Kind }") + "\npublish Account.Deposited to \"deposits\"",
              fixed: "enum Kind { cash, card }\n" + account("event Deposited { sum: Decimal, kind: Kind }") + "\npublish Account.Deposited to \"deposits\""),
        entry(D.serviceChanged, "a service command's shape changed",
              "A service is implemented outside the spec and called by sagas and policies whose sends may be stored; its command is a contract with both. A field removed, retyped, or added without a default breaks one side. Its result is stored in saga histories and follows the payload rules (`EVDL0813`, `EVDL0814`).",
              locked: "service Payment { command Charge { amount: Decimal } }",
              failing: "service Payment { command Charge { amount: Decimal, currency: String } }",
              fixed: "service Payment { command Charge { amount: Decimal, currency: String = \"CHF\" } }"),
        entry(D.routeRemoved, "a topic route changed",
              "Subscribers of a topic rely on its events. A `publish` route that is removed or points at another topic stops their feed without a word. Publish to both topics while subscribers move, then accept the removal.",
              locked: account + "\npublish Account.Deposited to \"deposits\"", failing: account + "\npublish Account.Deposited to \"money\"",
              fixed: account + "\npublish Account.Deposited to \"deposits\"\npublish Account.Deposited to \"money\""),
        entry(D.rebuildableChanged, "a snapshot or read-model shape changed",
              "A warning. Snapshots of an aggregate with `snapshot every` carry a fingerprint of the state's shape; after a change, older snapshots are ignored and the state is replayed from events (slower first loads, nothing lost). A projection's rows are rebuilt from events: reset its checkpoint when the row changes.",
              locked: "aggregate Account {\n  id accountId: UUID\n  snapshot every 50\n  state { balance: Decimal = 0 }\n}",
              failing: "aggregate Account {\n  id accountId: UUID\n  snapshot every 50\n  state { balance: Int = 0 }\n}",
              fixed: "aggregate Account {\n  id accountId: UUID\n  snapshot every 50\n  state { balance: Decimal = 0 }\n}"),
        DiagnosticExplanation(code: D.invalidLock, title: "invalid lock file",
              explanation: "The lock file is written by `evdlc lock`: a first line `evdl-lock 1`, contracts (`event Account.Deposited v1`) with indented members (`  field sum: Decimal`), and `accept` lines. A line that is none of these is reported at its place; rewrite the lock with `evdlc lock` (keeping the `accept` lines written by hand).",
              failingExample: "evdl-lock 1\nevent Account.Deposited v1\n  field sum Decimal", fixedExample: "evdl-lock 1\nevent Account.Deposited v1\n  field sum: Decimal"),
        DiagnosticExplanation(code: D.acceptanceWithoutReason, title: "an accepted break gives no reason",
              explanation: "`accept CODE subject: reason` in the lock turns one reported break into a note, for a break made on purpose (an upcaster reads the old payloads, every stream was migrated, no consumer is left). The reason is required: it is what a reviewer reads.",
              failingExample: "accept EVDL0810 event Account.Closed", fixedExample: "accept EVDL0810 event Account.Closed: no account was ever closed; the event was never emitted"),
        DiagnosticExplanation(code: D.acceptanceUnused, title: "an acceptance accepts nothing",
              explanation: "A warning: no finding of this code has this subject (a typo, or the break is gone). The subject is the one the finding's help names, such as `event Account.Closed`, `field Account.Deposited.memo`, `case Kind.cash` or `publish Account.Deposited \"deposits\"`.",
              failingExample: "accept EVDL0810 event Acount.Closed: migrated", fixedExample: "accept EVDL0810 event Account.Closed: migrated"),
    ]
}
