import EVDLRuntime
import Foundation
import Testing

/// The `MoneyTransfer` saga of `Tests/DomainCorpus/bank.evdl` run by the runtime's orchestrator: a transfer between
/// two accounts, and one to an account nobody opened, which existence refuses and the saga refunds.
@Suite struct TransferSagaTests {
    struct World {
        let store = InMemoryEventStore()
        let accounts: Repository<BankAccount>
        let transfers: Repository<Transfer>
        let orchestrator: SagaOrchestrator<MoneyTransfer>

        init() throws {
            accounts = Repository(aggregate: BankAccount(), store: store)
            transfers = Repository(aggregate: Transfer(), store: store)
            let router = try CommandRouter(BankAccount.routes(accounts) + Transfer.routes(transfers))
            orchestrator = SagaOrchestrator<MoneyTransfer>(store: store, router: router, clock: ManualClock(start: At.date(0)),
                                                           options: SagaOptions(compensationAttempts: 3, backoff: .immediate))
        }

        func open(_ n: Int, deposit: Decimal) async throws {
            _ = try await accounts.execute(.openAccount(BankAccount.OpenAccount(accountId: At.id(n), owner: "owner \(n)", overdraftLimit: 0, dailyWithdrawalLimit: 10_000)))
            if deposit > 0 {
                _ = try await accounts.execute(.deposit(BankAccount.Deposit(accountId: At.id(n), amount: deposit, reference: "opening")))
            }
        }

        func transfer(_ n: Int, from: Int, to: Int, amount: Decimal) async throws {
            _ = try await transfers.execute(.requestTransfer(Transfer.RequestTransfer(transferId: At.id(n), from: At.id(from), to: At.id(to), amount: amount)))
            _ = try await orchestrator.catchUpStarts(checkpoints: checkpoints)
            await orchestrator.waitUntilIdle()
        }

        let checkpoints = InMemoryCheckpointStore()

        func balance(_ n: Int) async throws -> Decimal { try await accounts.load(At.id(n)).state.balance }
    }

    @Test func aTransferDebitsOneAccountAndCreditsTheOther() async throws {
        let world = try World()
        try await world.open(1, deposit: 100)
        try await world.open(2, deposit: 5)
        try await world.transfer(10, from: 1, to: 2, amount: 30)
        #expect(try await world.balance(1) == 70)
        #expect(try await world.balance(2) == 35)
        #expect(try await world.transfers.load(At.id(10)).state.status == .completed)
    }

    @Test func aTransferToAnAccountThatDoesNotExistIsRefunded() async throws {
        let world = try World()
        try await world.open(1, deposit: 100)
        try await world.transfer(11, from: 1, to: 99, amount: 30)
        // The credit was refused before `decide` (account 99 does not exist): the debit was compensated by a refund,
        // and `on failure` marked the transfer failed.
        #expect(try await world.balance(1) == 100)
        let movements = try await world.accounts.load(At.id(1)).state.movements.map(\.direction)
        #expect(movements == [.incoming, .outgoing, .incoming])
        let transfer = try await world.transfers.load(At.id(11)).state
        #expect(transfer.status == .failed && transfer.reason == "the transfer was refunded")
        #expect(await world.store.readStream(BankAccount.streamID(for: At.id(99)), fromVersion: 1).isEmpty)
    }

    @Test func aTransferBeyondTheBalanceFailsWithoutMovingMoney() async throws {
        let world = try World()
        try await world.open(1, deposit: 10)
        try await world.open(2, deposit: 0)
        try await world.transfer(12, from: 1, to: 2, amount: 30)
        #expect(try await world.balance(1) == 10)
        #expect(try await world.balance(2) == 0)
        #expect(try await world.transfers.load(At.id(12)).state.status == .failed)
    }
}
