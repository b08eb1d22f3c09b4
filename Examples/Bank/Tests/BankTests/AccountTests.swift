import EVDLRuntime
import Foundation
import Testing

@testable import Bank

/// The generated `Account` aggregate, decided and replayed directly (the spec's scenarios and more).
@Suite struct AccountTests {
    let id = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!

    func opened(limit: Decimal) -> Account.Event {
        .accountOpened(Account.AccountOpened(accountId: id, owner: "Ada", overdraftLimit: limit, openedAt: Date(timeIntervalSince1970: 0)))
    }

    @Test func aWithdrawalBeyondTheOverdraftLimitIsRejected() throws {
        try AggregateScenario("a withdrawal beyond the overdraft limit is rejected", aggregate: Account())
            .given(opened(limit: 100), .moneyDeposited(Account.MoneyDeposited(accountId: id, amount: 50, memo: "salary")))
            .when(.withdraw(Account.Withdraw(accountId: id, amount: 200, memo: "rent")))
            .thenRejected("insufficient funds: balance 50, requested 200")
    }

    @Test func aWithdrawalWithinTheOverdraftLimitIsRecorded() throws {
        let outcome = try AggregateScenario("into the overdraft", aggregate: Account())
            .given(opened(limit: 100), .moneyDeposited(Account.MoneyDeposited(accountId: id, amount: 50, memo: "salary")))
            .when(.withdraw(Account.Withdraw(accountId: id, amount: 150, memo: "rent")))
            .then(.moneyWithdrawn(Account.MoneyWithdrawn(accountId: id, amount: 150, memo: "rent")))
        #expect(outcome.stateAfter.balance == -100)
    }

    @Test func aDepositIsRecorded() throws {
        try AggregateScenario("a deposit is recorded", aggregate: Account())
            .given(opened(limit: 0))
            .when(.deposit(Account.Deposit(accountId: id, amount: 25, memo: "gift")))
            .then(.moneyDeposited(Account.MoneyDeposited(accountId: id, amount: 25, memo: "gift")))
    }

    @Test func openingStampsTheTimeTheCommandWasReceived() throws {
        let received = Date(timeIntervalSince1970: 1_000_000)
        try AggregateScenario("open", aggregate: Account(), context: CommandContext(now: received))
            .when(.openAccount(Account.OpenAccount(accountId: id, owner: "Ada", overdraftLimit: 10)))
            .then(.accountOpened(Account.AccountOpened(accountId: id, owner: "Ada", overdraftLimit: 10, openedAt: received)))
    }

    @Test func rejectionsNameTheAccount() throws {
        // `OpenAccount creates`, the other commands need an opened account: both are checked before `decide`.
        try AggregateScenario("deposit before opening", aggregate: Account())
            .when(.deposit(Account.Deposit(accountId: id, amount: 1, memo: "")))
            .thenRejected("`Account.Deposit` needs an existing `Account`, but `Account` `\(id)` does not exist")
            .thenRejected(code: .aggregateNotFound)
        try AggregateScenario("open twice", aggregate: Account())
            .given(opened(limit: 0))
            .when(.openAccount(Account.OpenAccount(accountId: id, owner: "Ada", overdraftLimit: 0)))
            .thenRejected(code: .aggregateAlreadyExists)
        try AggregateScenario("negative deposit", aggregate: Account())
            .given(opened(limit: 0))
            .when(.deposit(Account.Deposit(accountId: id, amount: -5, memo: "")))
            .thenRejected("a deposit must be positive")
    }

    @Test func onlyAnEmptyAccountCanBeClosed() throws {
        try AggregateScenario("close with money", aggregate: Account())
            .given(opened(limit: 0), .moneyDeposited(Account.MoneyDeposited(accountId: id, amount: 5, memo: "")))
            .when(.closeAccount(Account.CloseAccount(accountId: id)))
            .thenRejected("only an account with a zero balance can be closed")
        let closed = try AggregateScenario("close empty", aggregate: Account())
            .given(opened(limit: 0))
            .when(.closeAccount(Account.CloseAccount(accountId: id)))
            .then(.accountClosed(Account.AccountClosed(accountId: id, closedAt: Date(timeIntervalSince1970: 0))))
        #expect(closed.stateAfter.closed)
    }

    @Test func aVersionOnePayloadIsUpcastOnDecoding() throws {
        let payload = Data(#"{"accountId":"\#(id.uuidString)","sum":30}"#.utf8)
        let event = try Account.Event.decode(typeName: "Account.MoneyDeposited", schemaVersion: 1, payload: payload, codec: .standard)
        #expect(event == .moneyDeposited(Account.MoneyDeposited(accountId: id, amount: 30, memo: "")))
        #expect(Account.MoneyDeposited.schemaVersion == 2)
    }

    @Test func aPayloadWithNeitherNameFailsToDecode() {
        let payload = Data(#"{"accountId":"\#(id.uuidString)","memo":"x"}"#.utf8)
        #expect(throws: (any Error).self) {
            try Account.Event.decode(typeName: "Account.MoneyDeposited", schemaVersion: 1, payload: payload, codec: .standard)
        }
    }
}
