import EVDLRuntime
import Foundation
import Testing

@testable import Bank

/// The generated code running on EVDLRuntime's repository, snapshot store and projection runner.
@Suite struct TellerTests {
    let ada = UUID(uuidString: "00000000-0000-0000-0000-00000000ada0")!
    let bob = UUID(uuidString: "00000000-0000-0000-0000-000000000b0b")!

    func day(_ n: Int) -> Date { Date(timeIntervalSince1970: Double(n) * 86_400) }

    @Test func aRejectedWithdrawalAppendsNothing() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 100, on: day(1))
        try await teller.deposit(50, into: ada, memo: "salary", on: day(2))
        await #expect(throws: CommandRejection("insufficient funds: balance 50, requested 200")) {
            try await teller.withdraw(200, from: ada, memo: "rent", on: day(3))
        }
        let account = try await teller.account(ada)
        #expect(account.version == 2)
        #expect(account.balance == 50)
    }

    @Test func aSnapshotIsTakenEveryFiftyEventsAndLoadingStartsFromIt() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 0, on: day(1))
        #expect(try await teller.latestSnapshotVersion(of: ada) == nil)
        for index in 1...59 {
            try await teller.deposit(1, into: ada, memo: "\(index)", on: day(2))
        }
        #expect(try await teller.latestSnapshotVersion(of: ada) == 50)
        let account = try await teller.account(ada)
        #expect(account.version == 60)
        #expect(account.balance == 59)
        #expect(account.snapshotVersion == 50)
        #expect(account.replayedEvents == 10)
    }

    @Test func theBalanceAtAPastDateReplaysOnlyTheEventsUntilThen() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 0, on: day(1))
        try await teller.deposit(10, into: ada, memo: "", on: day(2))
        try await teller.deposit(20, into: ada, memo: "", on: day(3))
        try await teller.withdraw(5, from: ada, memo: "", on: day(4))
        #expect(try await teller.account(ada, asOf: day(0)).isOpen == false)
        #expect(try await teller.account(ada, asOf: day(2)).balance == 10)
        let third = try await teller.account(ada, asOf: day(3).addingTimeInterval(3600))
        #expect(third.balance == 30)
        #expect(third.version == 3)
        #expect(try await teller.account(ada).balance == 25)
    }

    @Test func aVersionOneDepositWrittenRawIsStillRead() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 0, on: day(1))
        try await teller.appendRaw(
            typeName: "Account.MoneyDeposited", schemaVersion: 1,
            payload: #"{"accountId":"\#(ada.uuidString)","sum":30}"#, to: ada, on: day(2))
        try await teller.deposit(12, into: ada, memo: "new", on: day(3))
        let history = try await teller.history(of: ada)
        #expect(history.map(\.schemaVersion) == [1, 1, 2])
        #expect(history[1].payload.contains("\"sum\""))
        #expect(try await teller.account(ada).balance == 42)
        // The projection decodes the old payload too.
        let rows = try await teller.balances()
        #expect(rows.map(\.balance) == [42])
        #expect(rows.map(\.transactions) == [2])
    }

    @Test func theReadModelAnswersItsQueriesAndDropsClosedAccounts() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 100, on: day(1))
        try await teller.open(bob, owner: "Bob", overdraftLimit: 0, on: day(1))
        try await teller.withdraw(40, from: ada, memo: "", on: day(2))
        try await teller.deposit(15, into: bob, memo: "", on: day(2))
        #expect(try await teller.overdrawn().map(\.accountId) == [ada])
        #expect(try await teller.accounts(of: "Bob").map(\.balance) == [15])
        // Each row knows the stream version it reflects: opened (1), then one deposit (2).
        #expect(try await teller.accounts(of: "Bob").map(\.version) == [2])
        #expect(try await teller.overdrawn().map(\.version) == [2])
        try await teller.withdraw(15, from: bob, memo: "", on: day(3))
        try await teller.close(bob, on: day(3))
        #expect(try await teller.balances().map(\.owner) == ["Ada"])
        #expect(try await teller.accounts(of: "Bob").isEmpty)
    }

    @Test func aRepeatedCommandIDAppendsOnce() async throws {
        let teller = Teller()
        try await teller.open(ada, owner: "Ada", overdraftLimit: 0, on: day(1))
        let context = CommandContext(now: day(2))
        let deposit = Account.Command.deposit(Account.Deposit(accountId: ada, amount: 10, memo: "once"))
        let first = try await teller.accounts.execute(deposit, context: context)
        let second = try await teller.accounts.execute(deposit, context: context)
        #expect(!first.wasDuplicate)
        #expect(second.wasDuplicate)
        #expect(second.events == first.events)
        #expect(try await teller.account(ada).balance == 10)
    }
}
