import EVDLRuntime
import Foundation

/// The bank as its users see it, written by hand over the Swift that the EVDL plugin generates from
/// `account.evdl` (the `Account` aggregate and the `AccountBalances` projection).
///
/// The generated declarations are `internal` (the default access level, as this target has no `evdl-config.json`),
/// so this type is the module's public face: it keeps the events, snapshots and read models in memory and turns
/// the generated values into the plain summaries below.
public struct Teller: Sendable {
    /// Where the events of every account live.
    let store: InMemoryEventStore
    /// Where the snapshots of `Account` live (one is taken every 50 events: `snapshot every 50`).
    let snapshots: InMemorySnapshotStore
    /// Handles the commands of `Account`.
    let accounts: Repository<Account>
    /// The rows of `AccountBalances`.
    let readModels: InMemoryReadModelStore
    /// Keeps `AccountBalances` up to date from the store.
    let projections: ProjectionRunner

    /// Creates a teller with empty in-memory stores.
    public init() {
        store = InMemoryEventStore()
        snapshots = InMemorySnapshotStore()
        accounts = Repository(aggregate: Account(), store: store, snapshots: snapshots)
        readModels = InMemoryReadModelStore()
        projections = ProjectionRunner(
            store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
            projections: [AccountBalances.self])
    }

    /// Opens account `id` for `owner`, allowing the balance to go down to `-overdraftLimit`.
    /// Throws `CommandRejection` when the account already exists (`.aggregateAlreadyExists`) or the limit is negative.
    @discardableResult
    public func open(_ id: UUID, owner: String, overdraftLimit: Decimal, on date: Date) async throws -> AccountSummary {
        try await run(.openAccount(Account.OpenAccount(accountId: id, owner: owner, overdraftLimit: overdraftLimit)), on: date)
    }

    /// Deposits `amount` into account `id`. Throws `CommandRejection` when the account does not exist
    /// (`.aggregateNotFound`) or is closed, or the amount is not positive.
    @discardableResult
    public func deposit(_ amount: Decimal, into id: UUID, memo: String, on date: Date) async throws -> AccountSummary {
        try await run(.deposit(Account.Deposit(accountId: id, amount: amount, memo: memo)), on: date)
    }

    /// Withdraws `amount` from account `id`. Throws `CommandRejection` when it would take the balance below the
    /// overdraft limit.
    @discardableResult
    public func withdraw(_ amount: Decimal, from id: UUID, memo: String, on date: Date) async throws -> AccountSummary {
        try await run(.withdraw(Account.Withdraw(accountId: id, amount: amount, memo: memo)), on: date)
    }

    /// Closes account `id`. Throws `CommandRejection` unless its balance is zero.
    @discardableResult
    public func close(_ id: UUID, on date: Date) async throws -> AccountSummary {
        try await run(.closeAccount(Account.CloseAccount(accountId: id)), on: date)
    }

    /// The account as it is now: the latest snapshot plus the events after it.
    public func account(_ id: UUID) async throws -> AccountSummary {
        AccountSummary(try await accounts.load(id))
    }

    /// The account as it was at the end of `date` (time travel: only the events recorded up to then are replayed).
    public func account(_ id: UUID, asOf date: Date) async throws -> AccountSummary {
        AccountSummary(try await accounts.state(of: id, at: date))
    }

    /// The version of the latest snapshot of account `id`, if one was taken.
    public func latestSnapshotVersion(of id: UUID) async throws -> Int64? {
        await snapshots.latest(for: Account.streamID(for: id))?.version
    }

    /// Appends an event to account `id` exactly as an older program wrote it: `payload` is stored as is under
    /// `typeName` and `schemaVersion`, bypassing the generated types (as a store written years ago would hold it).
    public func appendRaw(typeName: String, schemaVersion: Int, payload: String, to id: UUID, on date: Date) async throws {
        let stream = Account.streamID(for: id)
        let version = await store.streamVersion(stream)
        let event = NewEvent(typeName: typeName, schemaVersion: schemaVersion, timestamp: date, payload: Data(payload.utf8))
        try await store.append([event], to: stream, expectedVersion: .exact(version))
    }

    /// The stored events of account `id`, oldest first: type name, schema version and payload as stored.
    public func history(of id: UUID) async throws -> [StoredEvent] {
        try await store.readStream(Account.streamID(for: id)).map {
            StoredEvent(version: $0.streamVersion, typeName: $0.typeName, schemaVersion: $0.schemaVersion, payload: String(decoding: $0.payload, as: UTF8.self))
        }
    }

    /// Every open account in the `AccountBalances` read model, brought up to date first.
    public func balances() async throws -> [Balance] {
        try await projections.catchUp()
        return try await readModels.rows(of: AccountBalances.self).map(Balance.init)
    }

    /// The accounts below zero (the `overdrawn` query of `AccountBalances`).
    public func overdrawn() async throws -> [Balance] {
        try await projections.catchUp()
        return try await AccountBalances.overdrawn(in: readModels).map(Balance.init)
    }

    /// The accounts of `owner` (the `byOwner` query of `AccountBalances`).
    public func accounts(of owner: String) async throws -> [Balance] {
        try await projections.catchUp()
        return try await AccountBalances.byOwner(owner: owner, in: readModels).map(Balance.init)
    }

    private func run(_ command: Account.Command, on date: Date) async throws -> AccountSummary {
        let result = try await accounts.execute(command, context: CommandContext(now: date))
        return try await AccountSummary(accounts.load(stream: result.streamID))
    }
}
