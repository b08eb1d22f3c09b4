import EVDLRuntime
import Foundation

/// A transient failure of a test double: retrying may help.
struct Unavailable: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) is unavailable" }
}

/// The external systems behind the generated service protocols: applies each idempotency key once (repeats get
/// the first result), logs applications in order, and fails the next deliveries of a command when told to.
actor ExternalSystems {
    /// "<command> <key>" in application order.
    private(set) var applied: [String] = []
    /// Deliveries per idempotency key.
    private(set) var deliveries: [String: Int] = [:]
    /// The commands as the participants received them, in application order.
    private(set) var refunds: [Payment.Refund] = []
    private var results: [String: any Sendable] = [:]
    private var failures: [String: (remaining: Int, permanent: Bool)] = [:]

    /// The next `times` deliveries of `command` fail (`Int.max`: all of them); permanently means a rejection.
    func fail(_ command: String, times: Int, permanent: Bool = false) {
        failures[command] = (times, permanent)
    }

    /// Applies `command` under `key` once, returning the first result for repeats.
    func deliver<R: Sendable>(_ command: String, key: IdempotencyKey, apply: () -> R) throws -> R {
        deliveries[key.rawValue, default: 0] += 1
        if let first = results[key.rawValue] as? R { return first }
        if let failure = failures[command], failure.remaining > 0 {
            failures[command] = (failure.remaining == .max ? .max : failure.remaining - 1, failure.permanent)
            if failure.permanent { throw CommandRejection("\(command) declined") }
            throw Unavailable(what: command)
        }
        let result = apply()
        results[key.rawValue] = result
        applied.append("\(command) \(key.rawValue)")
        return result
    }

    /// Records a refund as received.
    func received(_ refund: Payment.Refund) {
        refunds.append(refund)
    }

    /// The names of the commands applied, in order.
    var appliedCommands: [String] { applied.map { String($0.prefix { $0 != " " }) } }

    /// Whether no key was applied twice.
    var appliedEachKeyOnce: Bool { Set(applied).count == applied.count }
}

/// The user's implementation of the generated `PaymentService`: a charge returns transaction `tx-<paymentId>`.
struct PaymentProvider: PaymentService {
    let systems: ExternalSystems

    func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult {
        try await systems.deliver("Charge", key: envelope.idempotencyKey) { Payment.ChargeResult(transactionId: "tx-\(command.paymentId)") }
    }

    func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws {
        let first = try await systems.deliver("Refund", key: envelope.idempotencyKey) { true }
        if first { await systems.received(command) }
    }

    func checkCredit(_ command: Payment.CheckCredit, envelope: CommandEnvelope) async throws {
        _ = try await systems.deliver("CheckCredit", key: envelope.idempotencyKey) { command.amount }
    }
}

/// The user's implementation of the generated `ShippingService`: tracking numbers are `1Z-<orderId>`.
struct Carrier: ShippingService {
    let systems: ExternalSystems

    func createShipment(_ command: Shipping.CreateShipment, envelope: CommandEnvelope) async throws -> Shipping.CreateShipmentResult {
        try await systems.deliver("CreateShipment", key: envelope.idempotencyKey) { Shipping.CreateShipmentResult(tracking: "1Z-\(command.orderId)") }
    }
}

/// The checkout wired to one store through the generated routes: the `Order` and `Inventory` repositories and the
/// services above, in one `CommandRouter`.
struct CheckoutWorld {
    let store: any EventStore
    /// The external systems outlive a restart of the process, so they can be passed to the next world.
    let systems: ExternalSystems
    let clock = ManualClock(start: Fixture.date(0))
    let orders: Repository<Order>
    let inventory: Repository<Inventory>
    let router: CommandRouter

    init(store: any EventStore = InMemoryEventStore(), systems: ExternalSystems = ExternalSystems()) throws {
        self.store = store
        self.systems = systems
        orders = Fixture.repository(store)
        inventory = Repository(aggregate: Inventory(), store: store)
        router = try CommandRouter(
            Order.routes(orders) + Inventory.routes(inventory)
                + Payment.routes(PaymentProvider(systems: systems)) + Shipping.routes(Carrier(systems: systems))
        )
    }

    /// An orchestrator of the generated `Checkout` saga that retries without waiting.
    func orchestrator() -> SagaOrchestrator<Checkout> {
        SagaOrchestrator<Checkout>(store: store, router: router, clock: clock,
                                   options: SagaOptions(compensationAttempts: 3, backoff: .immediate))
    }

    /// Places order `n`; returns the recorded `Order.OrderPlaced`.
    @discardableResult
    func placeOrder(_ n: Int, total: Decimal = 10) async throws -> RecordedEvent {
        try await orders.execute(Fixture.place(n, total: total), context: Fixture.at(0)).recorded[0]
    }

    /// The type names of the events in the stream of aggregate `A` `id`.
    func history<A: EventSourcedAggregate>(of aggregate: A.Type, _ id: UUID) async throws -> [String] where A.ID == UUID {
        try await store.readStream(A.streamID(for: id), fromVersion: 1).map(\.typeName)
    }
}
