import EVDLRuntime
import Foundation

/// The checkout's participants wired to one store: the `Order` and `Inventory` repositories, the service doubles
/// (sharing one `Ledger`, which outlives a simulated crash: it stands for the external systems) and the router.
struct CheckoutWorld {
    let store: any EventStore
    let ledger: Ledger
    let clock: ManualClock
    let orders: Repository<Order>
    let inventory: Repository<Inventory>
    let router: CommandRouter

    init(store: any EventStore, ledger: Ledger = Ledger(), clock: ManualClock = ManualClock(start: date(0))) throws {
        self.store = store
        self.ledger = ledger
        self.clock = clock
        orders = Repository(aggregate: Order(swiftDecisions: Warehouse()), store: store)
        inventory = Repository(aggregate: Inventory(), store: store)
        router = try CommandRouter(
            Order.routes(orders) + Inventory.routes(inventory)
                + Payment.routes(FakePayment(ledger: ledger)) + Shipping.routes(FakeShipping(ledger: ledger))
        )
    }

    static let testOptions = SagaOptions(compensationAttempts: 3, backoff: .immediate)

    func orchestrator(_ options: SagaOptions = CheckoutWorld.testOptions) -> SagaOrchestrator<Checkout> {
        SagaOrchestrator<Checkout>(store: store, router: router, clock: clock, options: options)
    }

    /// Places order `number` (an `Order.OrderPlaced` in the store) and returns the saga input it implies.
    @discardableResult
    func placeOrder(_ number: Int, total: Decimal = 25) async throws -> Checkout.Input {
        let result = try await orders.execute(place(number, total: total), context: CommandContext(now: clock.now()))
        return try Checkout.input(startedBy: result.recorded[0], codec: .standard)!
    }

    /// The type names of the events of `stream`, in order.
    func history(_ stream: StreamID) async throws -> [String] {
        try await store.readStream(stream, fromVersion: 1).map(\.typeName)
    }

    /// The saga history of instance `sagaID`, decoded by type name and step (e.g. `"StepCompleted reserveStock"`).
    func sagaHistory(_ sagaID: UUID) async throws -> [String] {
        try await store.readStream(SagaOrchestrator<Checkout>.streamID(for: sagaID), fromVersion: 1).map { event in
            let kind = String(event.typeName.dropFirst("$Saga.".count))
            guard kind != "Started", event.payload.count >= 6 else { return kind }
            let nameLength = Int(event.payload[4]) | Int(event.payload[5]) << 8
            let name = String(decoding: event.payload[6..<6 + nameLength], as: UTF8.self)
            return name.isEmpty ? kind : "\(kind) \(name)"
        }
    }

    /// How many events of `typeName` the stream of aggregate `A` `id` holds.
    func count<A: EventSourcedAggregate>(_ typeName: String, in aggregate: A.Type, _ id: UUID) async throws -> Int where A.ID == UUID {
        try await store.readStream(A.streamID(for: id), fromVersion: 1).filter { $0.typeName == typeName }.count
    }

    /// The global position of the first event of `typeName` in `stream`.
    func position(of typeName: String, in stream: StreamID) async throws -> Int64? {
        try await store.readStream(stream, fromVersion: 1).first { $0.typeName == typeName }?.globalPosition
    }
}

/// The error a `CrashingStore` throws once its budget of appends is spent: the process "lost power".
struct SimulatedCrash: Error, CustomStringConvertible {
    var description: String { "simulated crash" }
}

/// Forwards to a store, but only for `budget` appends: later appends fail without reaching it, as if the process
/// had died right after the last successful append.
final class CrashingStore: EventStore, @unchecked Sendable {
    let base: any EventStore
    private let lock = NSLock()
    private var remaining: Int

    init(_ base: any EventStore, budget: Int) {
        self.base = base
        self.remaining = budget
    }

    /// How many appends went through.
    private(set) var appends = 0

    func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        let allowed = lock.withLock {
            guard remaining > 0 else { return false }
            remaining -= 1
            appends += 1
            return true
        }
        guard allowed else { throw SimulatedCrash() }
        return try await base.append(events, to: stream, expectedVersion: expectedVersion)
    }

    func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] {
        try await base.readStream(stream, fromVersion: fromVersion)
    }

    func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await base.readAll(fromPosition: fromPosition, limit: limit)
    }

    func streamVersion(_ stream: StreamID) async throws -> Int64 {
        try await base.streamVersion(stream)
    }

    func headPosition() async throws -> Int64 {
        try await base.headPosition()
    }

    func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? {
        try await base.events(forCommand: commandID)
    }

    func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        base.follow(fromPosition: fromPosition)
    }
}

/// Waits (polling, up to ~5 s of real time) until `condition` holds.
func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
    for _ in 0..<5000 {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 1_000_000)
    }
    return false
}
