import Foundation

/// A read model (`projection OrderSummary { key …; row {…}; on Order.OrderPlaced {…}; query … }`): rows keyed by
/// `Key`, each changed by the events it handles, from any aggregates.
///
/// Generated code implements it purely, with static members:
/// ```swift
/// enum OrderSummary: Projection {
///     static let name = "OrderSummary"
///     struct Row: Sendable, Codable, Equatable { var orderId: UUID; var status: OrderStatus = .placed; … }
///     enum Event: Sendable { case orderPlaced(Order.OrderPlaced), orderCancelled(Order.OrderCancelled) }
///     static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName, Order.OrderCancelled.typeName]
///     static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event? { … }
///     static func update(_ event: Event, recorded: RecordedEvent, rows: inout some ProjectionRows<Key, Row>) {
///         switch event {
///         case .orderPlaced(let event):
///             rows.change(at: event.orderId) { key, row in return onOrderPlaced(event, recorded: recorded, key: key, row: row) }
///         case .orderCancelled(let event):
///             rows.apply(.delete, at: event.orderId)
///         }
///     }
///     // one function per `on` handler: the change it makes to one row (`row` is `nil` when there is none yet)
///     static func onOrderPlaced(_ event: Order.OrderPlaced, recorded: RecordedEvent, key: Key, row: Row?) -> RowChange<Row> { … }
///     // `on Post.Posted for tag in event.tags key tag where …` loops: one change per element that passes the filter
///     // queries: functions over a read-model store; `where row.<key> == parameter` reads one row by its key
///     static func one(orderId: UUID, in store: some ReadModelStore) async throws -> Row? {
///         try await store.row(orderId, of: Self.self)
///     }
/// }
/// ```
public protocol Projection: Sendable {
    /// The row key (the spec's `key orderId: UUID`).
    associatedtype Key: Hashable, Sendable, Codable
    /// The row (the spec's `row { … }`).
    associatedtype Row: Sendable, Codable, Equatable
    /// The events this projection handles, decoded (an enum over events of one or several aggregates).
    associatedtype Event: Sendable

    /// The projection's stable name: its checkpoint id and its table name in a read-model store.
    static var name: String { get }

    /// The stable type names of the events `decode` turns into `Event`; others are skipped without decoding.
    static var handledEventTypes: Set<String> { get }

    /// Decodes `event` when this projection handles its type, `nil` otherwise. Throws `EventDecodingError` for a
    /// handled type whose payload does not decode.
    static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event?

    /// Makes the changes `event` causes to `rows`, in order: none, one row (the spec's `key`), or one per element
    /// of a collection (`for x in collection key x`). `recorded` is the event's envelope (stream version, global
    /// position, id, time, causation and correlation ids: the spec's `recorded.x`). Must be pure and deterministic.
    static func update(_ event: Event, recorded: RecordedEvent, rows: inout some ProjectionRows<Key, Row>)
}

/// The rows of one projection as `Projection.update` sees them while it handles one event: it reads a row and
/// applies a change at a key. Changes are visible to the reads after them (two elements with the same key update
/// the row twice).
public protocol ProjectionRows<Key, Row> {
    /// The row key.
    associatedtype Key: Hashable & Sendable
    /// The row.
    associatedtype Row: Sendable

    /// The row at `key`, if any.
    func row(at key: Key) -> Row?

    /// Applies `change` to the row at `key`.
    mutating func apply(_ change: RowChange<Row>, at key: Key)
}

extension ProjectionRows {
    /// Reads the row at `key`, passes the key and the row to `body` (`nil` when there is none yet) and applies
    /// the change it returns.
    @inlinable
    public mutating func change(at key: Key, _ body: (Key, Row?) throws -> RowChange<Row>) rethrows {
        apply(try body(key, row(at: key)), at: key)
    }
}

/// What a projection handler does to one row.
public enum RowChange<Row: Sendable>: Sendable {
    /// Store this row at the key (insert or replace).
    case upsert(Row)
    /// Remove the row at the key.
    case delete
    /// Leave the row as it is.
    case unchanged
}

extension RowChange: Equatable where Row: Equatable {}

/// Where projections keep their rows. Queries read it; the `ProjectionRunner` writes it.
///
/// Rows of one projection are kept in the order their keys were first inserted (a deleted key that comes back
/// goes to the end), so queries return a deterministic order.
public protocol ReadModelStore: Sendable {
    /// Applies `events` of projection `P` in order: `P.update` of each with its recorded envelope.
    func apply<P: Projection>(_ events: [(event: P.Event, recorded: RecordedEvent)], of projection: P.Type) async throws

    /// The row at `key`, if any.
    func row<P: Projection>(_ key: P.Key, of projection: P.Type) async throws -> P.Row?

    /// Every (key, row) pair of `P`, in insertion order.
    func entries<P: Projection>(of projection: P.Type) async throws -> [(key: P.Key, row: P.Row)]

    /// Removes every row of `P` (before a rebuild).
    func removeAll<P: Projection>(of projection: P.Type) async throws
}

extension ReadModelStore {
    /// The row of `P` at `key`, if it satisfies `isIncluded`, as a list of at most one: a key lookup, what a
    /// generated query whose `where` is `row.<key> == parameter` (optionally `&& …`) calls.
    public func rows<P: Projection>(of projection: P.Type, key: P.Key, where isIncluded: (P.Row) throws -> Bool = { _ in true }) async throws -> [P.Row] {
        guard let row = try await row(key, of: projection), try isIncluded(row) else { return [] }
        return [row]
    }

    /// The rows of `P` that satisfy `isIncluded`, in insertion order: what generated queries call.
    public func rows<P: Projection>(of projection: P.Type, where isIncluded: (P.Row) throws -> Bool = { _ in true }) async throws -> [P.Row] {
        try await entries(of: projection).map(\.row).filter(isIncluded)
    }
}

/// Remembers, per projection, the global position of the last event it has processed.
public protocol CheckpointStore: Sendable {
    /// The last processed global position of `projection` (0 when it never ran).
    func checkpoint(for projection: String) async throws -> Int64
    /// Records that `projection` has processed every event up to and including `position`.
    func save(_ position: Int64, for projection: String) async throws
}

extension Projection {
    /// Appends to `events` the events of stored record `stored` this projection handles, decoded, each with the
    /// record it is read as: none, one, or several when an `EventUpcaster.split` splits the record (see
    /// `PayloadCodec.upcast(_:)`). What every projection runner calls for each record; a record of a type no
    /// upcaster splits and `handledEventTypes` does not list is skipped without decoding.
    public static func decode(_ stored: RecordedEvent, codec: PayloadCodec, into events: inout [(event: Event, recorded: RecordedEvent)]) throws {
        guard codec.splits(stored.typeName, schemaVersion: stored.schemaVersion) else {
            if handledEventTypes.contains(stored.typeName), let event = try decode(stored, codec: codec) { events.append((event, stored)) }
            return
        }
        for recorded in try codec.upcast(stored) where handledEventTypes.contains(recorded.typeName) {
            if let event = try decode(recorded, codec: codec) { events.append((event, recorded)) }
        }
    }
}
