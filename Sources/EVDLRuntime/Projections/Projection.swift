import Foundation

/// A read model (`projection OrderSummary { key …; row {…}; on Order.OrderPlaced {…}; query … }`): rows keyed by
/// `Key`, each changed by the events it handles, from any aggregates.
///
/// Generated code implements it purely, with static members:
/// ```swift
/// enum OrderSummary: Projection {
///     static let name = "OrderSummary"
///     struct Row: Sendable, Codable, Equatable { var customerId: UUID? = nil; var status: OrderStatus = .placed; … }
///     enum Event: Sendable { case orderPlaced(Order.OrderPlaced), orderCancelled(Order.OrderCancelled) }
///     static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName, Order.OrderCancelled.typeName]
///     static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event? {
///         switch event.typeName {
///         case Order.OrderPlaced.typeName:
///             .orderPlaced(try codec.decodeEvent(Order.OrderPlaced.self, from: event.payload, schemaVersion: event.schemaVersion))
///         …
///         default: nil
///         }
///     }
///     static func key(for event: Event) -> UUID { switch event { case .orderPlaced(let e): e.orderId … } }
///     static func handle(_ event: Event, row: Row?) -> RowChange<Row> {
///         switch event {
///         case .orderPlaced(let event): var row = row ?? Row(); row.total = event.total; return .upsert(row)
///         case .orderCancelled: return .delete
///         }
///     }
///     // queries: functions over a read-model store
///     static func byStatus(_ status: OrderStatus, in store: some ReadModelStore) async throws -> [Row] {
///         try await store.rows(of: Self.self) { row in row.status == status }
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

    /// The key of the row `event` changes (the spec's `key` or `on … key expr`).
    static func key(for event: Event) -> Key

    /// The change `event` makes to the row at its key (`row` is `nil` when there is none yet).
    static func handle(_ event: Event, row: Row?) -> RowChange<Row>
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
    /// Applies `events` of projection `P` in order: for each, `P.key`, then `P.handle` on the current row.
    func apply<P: Projection>(_ events: [P.Event], of projection: P.Type) async throws

    /// The row at `key`, if any.
    func row<P: Projection>(_ key: P.Key, of projection: P.Type) async throws -> P.Row?

    /// Every (key, row) pair of `P`, in insertion order.
    func entries<P: Projection>(of projection: P.Type) async throws -> [(key: P.Key, row: P.Row)]

    /// Removes every row of `P` (before a rebuild).
    func removeAll<P: Projection>(of projection: P.Type) async throws
}

extension ReadModelStore {
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
