import EVDLRuntime
import Foundation

/// An account's state as the teller reports it, and how it was rebuilt.
public struct AccountSummary: Sendable, Equatable {
    /// Whether the account was opened.
    public var isOpen: Bool
    /// Whether the account was closed.
    public var isClosed: Bool
    /// Who owns it.
    public var owner: String
    /// The balance.
    public var balance: Decimal
    /// How far below zero the balance may go.
    public var overdraftLimit: Decimal
    /// How many events the account's stream holds up to this state.
    public var version: Int64
    /// The version of the snapshot the state was rebuilt from, if one was used.
    public var snapshotVersion: Int64?
    /// How many events were replayed (after the snapshot, if one was used).
    public var replayedEvents: Int

    init(_ loaded: LoadedAggregate<Account>) {
        isOpen = loaded.state.opened
        isClosed = loaded.state.closed
        owner = loaded.state.owner
        balance = loaded.state.balance
        overdraftLimit = loaded.state.overdraftLimit
        version = loaded.version
        snapshotVersion = loaded.snapshotVersion
        replayedEvents = loaded.replayedEvents
    }
}

/// A row of the `AccountBalances` read model.
public struct Balance: Sendable, Equatable {
    /// The account.
    public var accountId: UUID
    /// Its owner.
    public var owner: String
    /// Its balance.
    public var balance: Decimal
    /// How many deposits and withdrawals it has seen.
    public var transactions: Int
    /// The version of the account's stream this row reflects (the spec's `recorded.version`).
    public var version: Int

    init(_ row: AccountBalances.Row) {
        accountId = row.accountId
        owner = row.owner
        balance = row.balance
        transactions = row.transactions
        version = row.version
    }
}

/// An event as the store holds it.
public struct StoredEvent: Sendable, Equatable {
    /// Its number in the account's stream (from 1).
    public var version: Int64
    /// Its stable type name, e.g. `Account.MoneyDeposited`.
    public var typeName: String
    /// The schema version its payload was written with.
    public var schemaVersion: Int
    /// The payload as stored (JSON).
    public var payload: String
}
