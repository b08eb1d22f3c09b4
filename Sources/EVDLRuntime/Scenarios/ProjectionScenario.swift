import Foundation

/// A projection scenario (`scenario "…" for OrderSummary { given …; when query(…); then rows }`) run against the
/// generated projection: the `given` events are encoded, decoded by `P.decode` and applied by `P.update` into an
/// `InMemoryReadModelStore`, with the recorded envelopes of ``ScenarioValues``.
///
/// ```swift
/// let scenario = ProjectionScenario("big orders", projection: OrderSummary.self)
///     .given(Order.OrderPlaced(…))
/// try await scenario.thenQuery({ try await OrderSummary.largerThan(amount: 50, in: $0) },
///                              equals: [OrderSummary.Row(orderId: ScenarioValues.id(3), total: 99)])
/// ```
public struct ProjectionScenario<P: Projection>: Sendable {
    /// The scenario's title, repeated in failure messages.
    public var title: String
    /// The events the projection meets, in order.
    public var events: [any DomainEvent]
    /// How the events are encoded and decoded.
    public var codec: PayloadCodec

    /// Creates a scenario with no events.
    public init(_ title: String, projection: P.Type, codec: PayloadCodec = .standard) {
        self.title = title
        self.events = []
        self.codec = codec
    }

    /// Adds `events` to the ones the projection meets.
    public func given(_ events: any DomainEvent...) -> ProjectionScenario {
        var copy = self
        copy.events += events
        return copy
    }

    /// The read-model store after the events.
    public func store() async throws -> InMemoryReadModelStore {
        let store = InMemoryReadModelStore()
        var decoded: [(event: P.Event, recorded: RecordedEvent)] = []
        for recorded in try ScenarioValues.recorded(events, codec: codec) where P.handledEventTypes.contains(recorded.typeName) {
            if let event = try P.decode(recorded, codec: codec) { decoded.append((event, recorded)) }
        }
        await store.apply(decoded, of: P.self)
        return store
    }

    /// The canonical outcome without a query: every row after the events, one line each, sorted (`nothing`
    /// when there is none).
    public func rows() async throws -> String {
        let entries = try await store().entries(of: P.self)
        return ScenarioText.lines(entries.map { ScenarioText.row($0.row, of: P.self) }.sorted())
    }

    /// The canonical outcome of a query returning rows: one line per row, in the query's order.
    public func query(_ run: @Sendable (InMemoryReadModelStore) async throws -> [P.Row]) async throws -> String {
        let rows = try await run(store())
        return ScenarioText.lines(rows.map { ScenarioText.row($0, of: P.self) })
    }

    /// The canonical outcome of a query returning at most one row.
    public func query(_ run: @Sendable (InMemoryReadModelStore) async throws -> P.Row?) async throws -> String {
        let row = try await run(store())
        return ScenarioText.lines(row.map { [ScenarioText.row($0, of: P.self)] } ?? [])
    }

    /// Expects exactly these rows after the events, in any order; throws a `ScenarioFailure` with a line diff.
    public func thenRows(_ expected: [P.Row]) async throws {
        try ScenarioText.expect(try await rows(), equals: ScenarioText.lines(expected.map { ScenarioText.row($0, of: P.self) }.sorted()),
                                scenario: title, subject: P.name)
    }

    /// Expects the query's result to be exactly `expected`, in order.
    public func thenQuery(_ run: @Sendable (InMemoryReadModelStore) async throws -> [P.Row], equals expected: [P.Row]) async throws {
        try ScenarioText.expect(try await query(run), equals: ScenarioText.lines(expected.map { ScenarioText.row($0, of: P.self) }),
                                scenario: title, subject: P.name)
    }
}
