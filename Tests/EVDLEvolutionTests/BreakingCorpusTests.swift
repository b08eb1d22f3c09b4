import EVDLEvolution
import Testing

/// A spec with one of everything the lock holds; each corpus case changes a part of it.
struct Spec {
    var kinds = "cash, card"
    var money = "amount: Decimal, currency: String"
    var deposited = "event Deposited { sum: Decimal, kind: Kind }"
    var withdrawn = "event Withdrawn { money: Money }"
    var snapshot = "snapshot every 50"
    var state = "balance: Decimal = 0"
    var service = "command Charge { amount: Decimal } -> { transactionId: String }"
    var saga = """
    saga Settle {
      input { accountId: UUID, amount: Decimal }
      start on Account.Opened { accountId: event.accountId, amount: event.limit }
      step charge { invoke Payment.Charge { amount } as charge; compensate nothing }
    }
    """
    var publishes = "publish Account.Deposited to \"deposits\""
    var row = "balance: Decimal = 0"

    var text: String {
        """
        enum Kind { \(kinds) }
        type Money { \(money) }
        aggregate Account {
          id accountId: UUID
          \(snapshot)
          state { \(state) }
          event Opened { limit: Decimal }
          \(deposited)
          \(withdrawn)
        }
        service Payment { \(service) }
        \(saga)
        \(publishes)
        projection Balances {
          key accountId: UUID
          row { \(row) }
          on Account.Opened { balance = event.limit }
        }
        """
    }

    /// The base spec with one change.
    static func with(_ change: (inout Spec) -> Void) -> String {
        var spec = Spec()
        change(&spec)
        return spec.text
    }
}

/// One (old spec, new spec, expected verdict) row. The verdict lists `CODE severity` of every finding in order;
/// empty means the change is safe.
struct BreakingCase: CustomTestStringConvertible, Sendable {
    var name: String
    var old: String
    var new: String
    var verdict: [String]
    var accepting: [String] = []

    var testDescription: String { name }

    init(_ name: String, old: String = Spec().text, new: String, _ verdict: [String], accepting: [String] = []) {
        self.name = name
        self.old = old
        self.new = new
        self.verdict = verdict
        self.accepting = accepting
    }
}

let breakingCorpus: [BreakingCase] = [
    // Safe changes.
    BreakingCase("nothing changed", new: Spec().text, []),
    BreakingCase("a new event", new: Spec.with { $0.withdrawn += "\n  event Frozen { reason: String }" }, []),
    BreakingCase("v2 adds a field with a default", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind, memo: String = \"\" }" }, []),
    BreakingCase("v2 adds an optional field", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind, memo: String? }" }, []),
    BreakingCase("same version adds a field with a default", new: Spec.with { $0.deposited = "event Deposited { sum: Decimal, kind: Kind, memo: String = \"\" }" }, []),
    BreakingCase("v2 renames with was", new: Spec.with { $0.deposited = "event Deposited v2 { amount: Decimal was sum, kind: Kind }" }, []),
    BreakingCase("v2 drops a field", new: Spec.with { $0.deposited = "event Deposited v2 { kind: Kind }" }, []),
    BreakingCase("v2 widens a field to optional", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal?, kind: Kind }" }, []),
    BreakingCase("an Int read as Decimal", old: Spec.with { $0.deposited = "event Deposited { sum: Int, kind: Kind }" },
                 new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind }" }, []),
    BreakingCase("a new enum case nobody outside sees", old: Spec.with { $0.publishes = "" }, new: Spec.with { $0.publishes = ""; $0.kinds = "cash, card, voucher" }, []),
    BreakingCase("a stored type gains a field with a default", new: Spec.with { $0.money = "amount: Decimal, currency: String, rate: Decimal = 1" }, []),
    BreakingCase("a stored type renames with was", new: Spec.with { $0.money = "value: Decimal was amount, currency: String" }, []),
    BreakingCase("a new topic next to the old one", new: Spec.with { $0.publishes += "\npublish Account.Deposited to \"money\"" }, []),
    BreakingCase("a new service command", new: Spec.with { $0.service += "\n command Refund { amount: Decimal }" }, []),
    BreakingCase("a service command gains a field with a default", new: Spec.with { $0.service = "command Charge { amount: Decimal, currency: String = \"CHF\" } -> { transactionId: String }" }, []),
    BreakingCase("a service result gains an optional field", new: Spec.with { $0.service = "command Charge { amount: Decimal } -> { transactionId: String, fee: Decimal? }" }, []),
    BreakingCase("a saga input gains a field with a default", new: Spec.with {
        $0.saga = $0.saga.replacingFirst("amount: Decimal }", with: "amount: Decimal, note: String = \"\" }")
    }, []),
    BreakingCase("a new saga", new: Spec.with { $0.saga += "\nsaga Audit {\n  input { accountId: UUID }\n  start on Account.Opened { accountId: event.accountId }\n  step charge { invoke Payment.Charge { amount: 1 }; compensate nothing }\n}" }, []),
    BreakingCase("state of an aggregate without snapshots", old: Spec.with { $0.snapshot = "" }, new: Spec.with { $0.snapshot = ""; $0.state = "balance: Int = 0" }, []),
    BreakingCase("a field reordered", old: Spec.with { $0.money = "amount: Decimal, currency: String" }, new: Spec.with { $0.money = "currency: String, amount: Decimal" }, []),

    // Events.
    BreakingCase("event type removed", new: Spec.with { $0.withdrawn = "" }, ["EVDL0810 error"]),
    BreakingCase("event type renamed", new: Spec.with { $0.withdrawn = "event MoneyWithdrawn { money: Money }" }, ["EVDL0810 error"]),
    BreakingCase("version lowered", old: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind }" }, new: Spec().text, ["EVDL0811 error"]),
    BreakingCase("version skipped", new: Spec.with { $0.deposited = "event Deposited v3 { sum: Decimal, kind: Kind }" }, ["EVDL0812 warning"]),
    BreakingCase("v2 adds a field without a default", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind, memo: String }" }, ["EVDL0813 error"]),
    BreakingCase("v2 renames without was", new: Spec.with { $0.deposited = "event Deposited v2 { amount: Decimal, kind: Kind }" }, ["EVDL0813 error"]),
    BreakingCase("v2 retypes a field", new: Spec.with { $0.deposited = "event Deposited v2 { sum: String, kind: Kind }" }, ["EVDL0814 error"]),
    BreakingCase("v2 narrows an optional", old: Spec.with { $0.deposited = "event Deposited { sum: Decimal?, kind: Kind }" },
                 new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind }" }, ["EVDL0814 error"]),
    BreakingCase("renamed and retyped", new: Spec.with { $0.deposited = "event Deposited v2 { amount: String was sum, kind: Kind }" }, ["EVDL0814 error"]),
    BreakingCase("a Decimal read as Int", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Int, kind: Kind }" }, ["EVDL0814 error"]),
    BreakingCase("field removed without a new version", new: Spec.with { $0.deposited = "event Deposited { kind: Kind }" }, ["EVDL0815 error"]),
    BreakingCase("field retyped without a new version", new: Spec.with { $0.deposited = "event Deposited { sum: String, kind: Kind }" }, ["EVDL0814 error"]),
    BreakingCase("field added without a default, same version", new: Spec.with { $0.deposited = "event Deposited { sum: Decimal, kind: Kind, memo: String }" }, ["EVDL0813 error"]),
    BreakingCase("the id renamed", new: Spec.with { $0.deposited = "event Deposited v2 { sum: Decimal, kind: Kind }" }.replacingFirst("id accountId: UUID", with: "id account: UUID")
                    .replacingFirst("accountId: event.accountId", with: "accountId: event.account").replacingFirst("key accountId: UUID", with: "key account: UUID"),
                 ["EVDL0813 error", "EVDL0813 error", "EVDL0815 error", "EVDL0813 error", "EVDL0815 error", "EVDL0820 warning"]),

    // Stored types and enums.
    BreakingCase("a stored type gains a field without a default", new: Spec.with { $0.money = "amount: Decimal, currency: String, rate: Decimal" }, ["EVDL0813 error"]),
    BreakingCase("a stored type retypes a field", new: Spec.with { $0.money = "amount: String, currency: String" }, ["EVDL0814 error"]),
    BreakingCase("an enum case removed", new: Spec.with { $0.kinds = "card" }, ["EVDL0816 error"]),
    BreakingCase("an enum case renamed", new: Spec.with { $0.kinds = "coins, card" }, ["EVDL0816 error", "EVDL0817 warning"]),
    BreakingCase("a new case in a published event", new: Spec.with { $0.kinds = "cash, card, voucher" }, ["EVDL0817 warning"]),

    // Sagas, services, routes.
    BreakingCase("a saga removed", new: Spec.with { $0.saga = ""; $0.service += "\n" }, ["EVDL0810 error"]),
    BreakingCase("a saga input gains a field without a default", new: Spec.with {
        $0.saga = $0.saga.replacingFirst("amount: Decimal }", with: "amount: Decimal, note: String }")
            .replacingFirst("amount: event.limit }", with: "amount: event.limit, note: \"\" }")
    }, ["EVDL0813 error"]),
    BreakingCase("a saga binding bound to another command", new: Spec.with {
        $0.service += "\n command Hold { amount: Decimal } -> { holdId: String }"
        $0.saga = $0.saga.replacingFirst("Payment.Charge", with: "Payment.Hold")
    }, ["EVDL0814 error"]),
    BreakingCase("a service command removed", new: Spec.with { $0.service = "command Hold { amount: Decimal } -> { transactionId: String }"; $0.saga = $0.saga.replacingFirst("Payment.Charge", with: "Payment.Hold") },
                 ["EVDL0814 error", "EVDL0810 error"]),
    BreakingCase("a service command gains a required field", new: Spec.with {
        $0.service = "command Charge { amount: Decimal, currency: String } -> { transactionId: String }"
        $0.saga = $0.saga.replacingFirst("{ amount }", with: "{ amount, currency: \"CHF\" }")
    }, ["EVDL0818 error"]),
    BreakingCase("a service command field removed", new: Spec.with {
        $0.service = "command Charge { } -> { transactionId: String }"
        $0.saga = $0.saga.replacingFirst("{ amount }", with: "{ }")
    }, ["EVDL0818 error"]),
    BreakingCase("a service command field retyped", new: Spec.with {
        $0.service = "command Charge { amount: Int } -> { transactionId: String }"
        $0.saga = $0.saga.replacingFirst("amount: Decimal }", with: "amount: Int }").replacingFirst("amount: event.limit", with: "amount: Int(event.limit)")
    }, ["EVDL0814 error", "EVDL0818 error"]),
    BreakingCase("a service result gains a required field", new: Spec.with { $0.service = "command Charge { amount: Decimal } -> { transactionId: String, fee: Decimal }" }, ["EVDL0813 error"]),
    BreakingCase("a topic changed", new: Spec.with { $0.publishes = "publish Account.Deposited to \"money\"" }, ["EVDL0819 error"]),
    BreakingCase("a route removed", new: Spec.with { $0.publishes = "" }, ["EVDL0819 error"]),

    // Snapshots and read models: warnings.
    BreakingCase("snapshotted state retyped", new: Spec.with { $0.state = "balance: Int = 0" }, ["EVDL0820 warning"]),
    BreakingCase("snapshotted state gains a field", new: Spec.with { $0.state = "balance: Decimal = 0, frozen: Bool = false" }, ["EVDL0820 warning"]),
    BreakingCase("projection row changed", new: Spec.with { $0.row = "balance: Decimal = 0, count: Int = 0" }, ["EVDL0820 warning"]),

    // Accepting breaks.
    BreakingCase("a removal accepted with a reason", new: Spec.with { $0.withdrawn = "" }, ["EVDL0810 note"],
                 accepting: ["accept EVDL0810 event Account.Withdrawn: never emitted in production"]),
    BreakingCase("an acceptance without a reason", new: Spec.with { $0.withdrawn = "" }, ["EVDL0810 error", "EVDL0891 error"],
                 accepting: ["accept EVDL0810 event Account.Withdrawn"]),
    BreakingCase("an acceptance of nothing", new: Spec().text, ["EVDL0892 warning"],
                 accepting: ["accept EVDL0810 event Account.Withdrawn: typo"]),
    BreakingCase("a route change accepted", new: Spec.with { $0.publishes = "publish Account.Deposited to \"money\"" }, ["EVDL0819 note"],
                 accepting: ["accept EVDL0819 publish Account.Deposited \"deposits\": subscribers moved to money in PR 7"]),
]

@Suite struct BreakingCorpusTests {
    @Test("the corpus has more than 50 cases (README) and covers every rule of the lock")
    func coverage() {
        #expect(breakingCorpus.count > 50)
        let seen = Set(breakingCorpus.flatMap(\.verdict).map { String($0.prefix(8)) })
        let rules = EvolutionDiagnostics.allCodes.map(\.rawValue).filter { $0 != "EVDL0890" }
        #expect(rules.filter { !seen.contains($0) } == [])
        #expect(breakingCorpus.filter(\.verdict.isEmpty).count >= 15, "safe changes")
    }

    @Test("old spec, new spec, verdict", arguments: breakingCorpus)
    func verdict(_ row: BreakingCase) {
        let result = compare(row.old, row.new, accepting: row.accepting)
        #expect(result.specErrors.isEmpty, "the specs must check clean:\n\(result.summary)")
        #expect(result.verdict == row.verdict, "\(result.summary)")
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (the test specs are small; no Foundation needed).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let characters = Array(self), pattern = Array(target)
        guard pattern.count <= characters.count else { return self }
        for start in 0...(characters.count - pattern.count) where Array(characters[start..<(start + pattern.count)]) == pattern {
            return String(characters[..<start]) + replacement + String(characters[(start + pattern.count)...])
        }
        return self
    }
}
