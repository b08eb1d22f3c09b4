import EVDLRuntime
import Foundation
import Testing

/// `Tests/DomainCorpus/bank.evdl`: overdrafts, holds, the daily withdrawal limit, interest, freezing and closing.
@Suite struct BankTests {
    let account = BankAccount()
    let id = At.id(1)

    func decide(_ command: BankAccount.Command, _ state: BankAccount.State, at seconds: Double = 0) throws -> [BankAccount.Event] {
        try account.decide(command, state: state, context: At.context(seconds))
    }

    /// An account opened at 0 with an overdraft of 100 and a daily limit of 500, holding `deposit`.
    func opened(deposit: String = "0") -> BankAccount.State {
        var events: [BankAccount.Event] = [.accountOpened(BankAccount.AccountOpened(accountId: id, owner: "Ada", overdraftLimit: 100, dailyWithdrawalLimit: 500, openedAt: At.date(0)))]
        if deposit != "0" { events.append(.moneyDeposited(BankAccount.MoneyDeposited(accountId: id, amount: At.money(deposit), reference: "salary", at: At.date(0)))) }
        return BankAccount.replay(events)
    }

    @Test func withdrawalsUseTheOverdraftButNotMoneyOnHold() throws {
        var state = opened(deposit: "50")
        #expect(try decide(.withdraw(BankAccount.Withdraw(accountId: id, amount: 150, reference: "rent")), state, at: 10).count == 1)
        state = BankAccount.evolve(state, .holdPlaced(BankAccount.HoldPlaced(accountId: id, hold: Hold(holdId: At.id(9), amount: 40, merchant: "Cafe", placedAt: At.date(5)))))
        #expect(throws: CommandRejection("insufficient funds: available 110, requested 120")) {
            try decide(.withdraw(BankAccount.Withdraw(accountId: id, amount: 120, reference: "rent")), state, at: 10)
        }
    }

    @Test func theDailyLimitCountsTheLast24HoursOfWithdrawals() throws {
        var state = opened(deposit: "2000")
        for (i, amount) in ["200", "250"].enumerated() {
            state = BankAccount.evolve(state, .moneyWithdrawn(BankAccount.MoneyWithdrawn(accountId: id, amount: At.money(amount), reference: "atm", at: At.date(Double(i) * 3_600))))
        }
        // 450 withdrawn in the last day: 60 more passes the 500 limit, 50 does not.
        #expect(throws: CommandRejection("daily limit of 500 reached")) {
            try decide(.withdraw(BankAccount.Withdraw(accountId: id, amount: 60, reference: "atm")), state, at: 7_200)
        }
        #expect(try decide(.withdraw(BankAccount.Withdraw(accountId: id, amount: 50, reference: "atm")), state, at: 7_200).count == 1)
        // A day after the first withdrawal only the second one counts.
        #expect(try decide(.withdraw(BankAccount.Withdraw(accountId: id, amount: 240, reference: "atm")), state, at: At.day + 1).count == 1)
    }

    @Test func holdsAreCapturedReleasedOrExpireAfterSevenDays() throws {
        var state = opened(deposit: "100")
        let place = try decide(.placeHold(BankAccount.PlaceHold(accountId: id, holdId: At.id(7), amount: 30, merchant: "Hotel")), state, at: 0)
        state = BankAccount.replay(place, from: state)
        #expect(state.holds.map(\.holdId) == [At.id(7)])
        #expect(throws: CommandRejection("hold \(At.id(7)) exists")) {
            try decide(.placeHold(BankAccount.PlaceHold(accountId: id, holdId: At.id(7), amount: 1, merchant: "Hotel")), state)
        }
        // Six days later nothing has expired; eight days later the hold lapses.
        #expect(try decide(.expireHolds(BankAccount.ExpireHolds(accountId: id)), state, at: 6 * At.day).isEmpty)
        let expired = try decide(.expireHolds(BankAccount.ExpireHolds(accountId: id)), state, at: 8 * At.day)
        #expect(expired == [.holdsExpired(BankAccount.HoldsExpired(accountId: id, holdIds: [At.id(7)]))])
        #expect(BankAccount.replay(expired, from: state).holds.isEmpty)
        // Captured instead: the balance drops by the held amount.
        let captured = try decide(.captureHold(BankAccount.CaptureHold(accountId: id, holdId: At.id(7))), state, at: 60)
        #expect(captured == [.holdCaptured(BankAccount.HoldCaptured(accountId: id, holdId: At.id(7), amount: 30, at: At.date(60)))])
        let after = BankAccount.replay(captured, from: state)
        #expect(after.balance == 70 && after.holds.isEmpty)
        #expect(throws: CommandRejection("no hold \(At.id(8))")) { try decide(.captureHold(BankAccount.CaptureHold(accountId: id, holdId: At.id(8))), state) }
    }

    @Test func interestAccruesPerDayRoundedToCents() throws {
        let state = opened(deposit: "1000")
        // 1000 × 1.5 % × 30 / 365 = 1.2328…, booked as 1.23 after 30 days.
        let accrued = try decide(.accrueInterest(BankAccount.AccrueInterest(accountId: id, annualRatePercent: At.money("1.5"))), state, at: 30 * At.day + 5)
        #expect(accrued == [.interestAccrued(BankAccount.InterestAccrued(accountId: id, amount: At.money("1.23"), days: 30, at: At.date(30 * At.day + 5)))])
        let after = BankAccount.replay(accrued, from: state)
        #expect(after.balance == At.money("1001.23"))
        #expect(throws: CommandRejection("interest already accrued today")) {
            try decide(.accrueInterest(BankAccount.AccrueInterest(accountId: id, annualRatePercent: 1)), after, at: 30 * At.day + 100)
        }
    }

    @Test func freezingAndClosing() throws {
        let state = opened(deposit: "10")
        let frozen = BankAccount.replay(try decide(.freeze(BankAccount.Freeze(accountId: id, reason: "fraud check")), state), from: state)
        #expect(frozen.status == .frozen)
        #expect(throws: CommandRejection("account \(id) is already frozen")) { try decide(.freeze(BankAccount.Freeze(accountId: id, reason: "again")), frozen) }
        #expect(throws: CommandRejection("account \(id) is frozen")) { try decide(.deposit(BankAccount.Deposit(accountId: id, amount: 1, reference: "x")), frozen) }
        #expect(throws: CommandRejection("only an empty account without holds can be closed")) { try decide(.close(BankAccount.Close(accountId: id)), state) }
        #expect(try decide(.close(BankAccount.Close(accountId: id)), opened()) == [.accountClosed(BankAccount.AccountClosed(accountId: id, at: At.date(0)))])
    }

    @Test func transfersNeedTwoAccountsAndABoundedAmount() throws {
        let transfer = Transfer()
        #expect(throws: CommandRejection("a transfer needs two different accounts")) {
            try transfer.decide(.requestTransfer(Transfer.RequestTransfer(transferId: At.id(5), from: At.id(1), to: At.id(1), amount: 10)), state: Transfer.State(), context: At.context(0))
        }
        #expect(throws: CommandRejection("a transfer is between 0 and 50000, not 60000")) {
            try transfer.decide(.requestTransfer(Transfer.RequestTransfer(transferId: At.id(5), from: At.id(1), to: At.id(2), amount: 60_000)), state: Transfer.State(), context: At.context(0))
        }
        let requested = try transfer.decide(.requestTransfer(Transfer.RequestTransfer(transferId: At.id(5), from: At.id(1), to: At.id(2), amount: 25)), state: Transfer.State(), context: At.context(3))
        #expect(requested == [.transferRequested(Transfer.TransferRequested(transferId: At.id(5), from: At.id(1), to: At.id(2), amount: 25, at: At.date(3)))])
        // `to` and `from` are names here, and so in Swift.
        let state = Transfer.replay(requested)
        #expect(state.to == At.id(2) && state.from == At.id(1))
    }
}
