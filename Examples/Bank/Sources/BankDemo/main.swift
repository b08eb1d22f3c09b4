// The Bank demo: `swift run` in Examples/Bank. It narrates what the generated `Account` aggregate and
// `AccountBalances` projection do when a teller opens an account, moves money, and reads the past.
import Bank
import EVDLRuntime
import Foundation

let teller = Teller()
let ada = UUID(uuidString: "00000000-0000-0000-0000-00000000ada0")!

/// Noon (UTC) of day `n` of January 2026 (day 1 is 1 January), so the story has a calendar.
func january(_ n: Int) -> Date {
    Date(timeIntervalSince1970: 1_767_225_600 + Double(n - 1) * 86_400 + 43_200)
}

/// `1 January 2026`.
func format(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "d MMMM yyyy"
    return formatter.string(from: date)
}

func say(_ sentence: String) { print(sentence) }

say("1. Ada opens an account on \(format(january(1))), with an overdraft limit of 100.")
var account = try await teller.open(ada, owner: "Ada", overdraftLimit: 100, on: january(1))
say("   The account is open; its balance is \(account.balance).")

say("2. On \(format(january(2))) her salary of 50 is deposited.")
account = try await teller.deposit(50, into: ada, memo: "salary", on: january(2))
say("   Her balance is \(account.balance).")

say("3. On \(format(january(3))) she tries to withdraw 200 for the rent.")
do {
    try await teller.withdraw(200, from: ada, memo: "rent", on: january(3))
    say("   The withdrawal went through (it should not have).")
} catch let rejection as CommandRejection {
    say("   The account refuses, and records nothing: \(rejection.message).")
}
say("   Her balance is still \(try await teller.account(ada).balance), and the stream still holds \(try await teller.account(ada).version) events.")

say("4. She withdraws 120 instead, which her overdraft allows.")
account = try await teller.withdraw(120, from: ada, memo: "rent", on: january(3))
say("   Her balance is \(account.balance); the `overdrawn` query of the AccountBalances read model now lists: \(try await teller.overdrawn().map(\.owner).joined(separator: ", ")).")

say("5. From \(format(january(4))) on, 60 small deposits of 5 arrive, one every few hours.")
for index in 0..<60 {
    try await teller.deposit(5, into: ada, memo: "pocket money \(index + 1)", on: january(4).addingTimeInterval(Double(index) * 3 * 3600))
}
account = try await teller.account(ada)
let snapshot = try await teller.latestSnapshotVersion(of: ada)
say("   The stream now holds \(account.version) events and the balance is \(account.balance).")
say("   A snapshot was taken at event \(snapshot.map(String.init) ?? "none") (the spec says `snapshot every 50`), so loading the account started from it and replayed only \(account.replayedEvents) events.")

let pastDate = january(5)
let past = try await teller.account(ada, asOf: pastDate)
say("6. What was the balance at noon on \(format(pastDate))? Replaying only the \(past.version) events recorded until then: \(past.balance).")

say("7. An old program (schema version 1 of MoneyDeposited, before `sum` was renamed to `amount` and `memo` was added) wrote a deposit of 30.")
let legacyPayload = #"{"accountId":"\#(ada.uuidString)","sum":30}"#
try await teller.appendRaw(typeName: "Account.MoneyDeposited", schemaVersion: 1, payload: legacyPayload, to: ada, on: january(20))
let stored = try await teller.history(of: ada).last!
say("   The store holds it as written: event \(stored.version), \(stored.typeName) v\(stored.schemaVersion), payload \(stored.payload).")
account = try await teller.account(ada)
say("   The generated decoder reads it as version 2 (the amount taken from `sum`, the memo defaulted), so the balance is now \(account.balance).")

say("8. The AccountBalances read model agrees:")
for row in try await teller.accounts(of: "Ada") {
    say("   \(row.owner): balance \(row.balance) after \(row.transactions) transactions.")
}

say("9. Ada asks to close the account.")
do {
    try await teller.close(ada, on: january(21))
    say("   The account was closed (it should not have been, with money on it).")
} catch let rejection as CommandRejection {
    say("   Refused: \(rejection.message).")
}
say("   She withdraws her \(account.balance) and closes it.")
try await teller.withdraw(account.balance, from: ada, memo: "closing", on: january(21))
account = try await teller.close(ada, on: january(21))
say("   The account is closed: \(account.isClosed). The read model drops closed accounts: \(try await teller.balances().count) rows left.")
