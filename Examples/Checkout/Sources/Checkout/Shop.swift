import EVDLRuntime
import Foundation

/// How the shop runs a checkout.
package enum Flow: Sendable, Equatable {
    /// The saga `Checkout` (`checkout.evdl`) coordinates the steps and compensates them when one fails.
    case orchestrated
    /// No coordinator: the policies of `choreography.evdl` react to each other's facts.
    case choreographed
}

/// The checkout example wired together, in memory (or in PostgreSQL, see `Shop.make`): the generated aggregates (`Order`, `Inventory`, `Billing`)
/// and the user's services behind one command router, the saga orchestrator or the choreography's policies, the
/// deadlines of `ExpireUnconfirmedOrders`, the read models `OrderSummary` and `CustomerSpending`, and the outbox.
package struct Shop: Sendable {
    /// How checkouts run.
    package let flow: Flow
    /// Every event: the aggregates', the saga instances' histories, deadlines and policy failures.
    package let store: any EventStore
    /// The payment provider's and the carrier's systems.
    package let world: ExternalWorld
    /// The shop's clock (deadlines and saga timeouts run on it); moved by hand.
    package let clock: ManualClock
    /// Handles `Order` commands; `ShipOrder` is decided by `Warehouse`.
    package let orders: Repository<Order>
    /// Handles `Inventory` commands.
    package let inventory: Repository<Inventory>
    /// Handles `Billing` commands (the payment facts of the choreography).
    package let billing: Repository<Billing>
    /// Routes every command of the specs to its aggregate or service (generated `routes(_:)`).
    package let router: CommandRouter
    /// Runs the saga `Checkout` (orchestrated flow).
    package let checkout: SagaOrchestrator<Checkout>
    /// Sends the commands of the policies of this flow, and schedules the `after` ones.
    package let policies: PolicyRunner
    /// Keeps the deadlines of `after` sends (`ExpireUnconfirmedOrders`).
    package let deadlines: DeadlineScheduler
    /// The rows of the read models.
    package let readModels: any ReadModelStore
    /// Keeps `OrderSummary` and `CustomerSpending` up to date.
    package let projections: ProjectionRunner
    /// What the outbox relay published.
    package let broker: InMemoryBroker
    /// Publishes the events of the `publish` declarations.
    package let outbox: any OutboxDelivery
    private let checkpoints: any CheckpointStore

    /// The policies of the orchestrated flow: the saga does the rest.
    package static let orchestratedPolicies: [any EventPolicy.Type] = [ReleaseStockWhenCancelled.self, ExpireUnconfirmedOrders.self]
    /// The policies of the choreography: the same flow without a coordinator.
    package static let choreographyPolicies: [any EventPolicy.Type] = [
        ReserveStockWhenPlaced.self, ChargeWhenPlaced.self, ConfirmWhenPaid.self, CancelWhenDeclined.self,
        ReleaseStockWhenCancelled.self, ExpireUnconfirmedOrders.self,
    ]

    /// Creates a shop whose checkouts run as `flow`, its clock starting at `start`, with everything in memory.
    package init(flow: Flow, start: Date = Date(timeIntervalSince1970: 1_767_261_600)) throws {
        let store = InMemoryEventStore(outbox: .checkout)  // outbox entries commit in the same append as their events
        let broker = InMemoryBroker()
        let clock = ManualClock(start: start)
        try self.init(
            flow: flow, clock: clock, store: store, readModels: InMemoryReadModelStore(), checkpoints: InMemoryCheckpointStore(),
            broker: broker, outbox: OutboxRelay(store: store, publisher: broker, clock: clock, backoff: .immediate)
        )
    }

    /// Creates a shop over the given stores; `outbox` publishes to `broker`.
    package init(
        flow: Flow, clock: ManualClock, store: any EventStore, readModels: any ReadModelStore, checkpoints: any CheckpointStore,
        broker: InMemoryBroker, outbox: any OutboxDelivery
    ) throws {
        self.flow = flow
        self.store = store
        world = ExternalWorld()
        self.clock = clock
        orders = Repository(aggregate: Order(swiftDecisions: Warehouse()), store: store)
        inventory = Repository(aggregate: Inventory(), store: store)
        billing = Repository(aggregate: Billing(), store: store)
        let payment = PaymentProvider(world: world, billing: flow == .choreographed ? billing : nil)
        router = try CommandRouter(
            Order.routes(orders) + Inventory.routes(inventory) + Billing.routes(billing)
                + Payment.routes(payment) + Shipping.routes(Carrier(world: world)))
        checkout = SagaOrchestrator<Checkout>(
            store: store, router: router, clock: clock, options: SagaOptions(compensationAttempts: 3, backoff: .immediate))
        self.checkpoints = checkpoints
        deadlines = DeadlineScheduler(store: store, router: router, clock: clock)
        policies = PolicyRunner(
            store: store, router: router, checkpoints: checkpoints,
            policies: flow == .orchestrated ? Self.orchestratedPolicies : Self.choreographyPolicies,
            deadlines: deadlines, clock: clock, backoff: .immediate, maxAttempts: 3)
        self.readModels = readModels
        projections = ProjectionRunner(
            store: store, readModels: readModels, checkpoints: checkpoints, projections: [OrderSummary.self, CustomerSpending.self])
        self.broker = broker
        self.outbox = outbox
    }

    /// Places order `orderId` for `customer` (its total is the sum of the lines); nothing else happens until `settle()`.
    @discardableResult
    package func placeOrder(_ orderId: UUID, customer: UUID, items: [LineItem]) async throws -> CommandResult<Order> {
        let total = items.reduce(Decimal(0)) { $0 + Decimal($1.quantity) * $1.unitPrice }
        return try await orders.execute(
            .placeOrder(Order.PlaceOrder(orderId: orderId, customerId: customer, items: items, total: total)),
            context: CommandContext(now: clock.now()))
    }

    /// Lets everything that reacts to events catch up until nothing new is recorded: sagas started by placed orders
    /// run to their end (orchestrated flow), policies send their commands, and the read models are brought up to date.
    package func settle() async throws {
        var head: Int64 = -1
        while try await store.headPosition() != head {
            head = try await store.headPosition()
            if flow == .orchestrated {
                try await checkout.catchUpStarts(checkpoints: checkpoints)
                await checkout.waitUntilIdle()
            }
            try await policies.catchUp()
        }
        try await projections.catchUp()
    }

    /// Ships order `orderId` (`Order.ShipOrder`, decided in Swift by `Warehouse`).
    @discardableResult
    package func ship(_ orderId: UUID, tracking: String) async throws -> CommandResult<Order> {
        try await orders.execute(.shipOrder(Order.ShipOrder(orderId: orderId, tracking: tracking)), context: CommandContext(now: clock.now()))
    }

    /// Moves the clock on by `duration`, sends the deadlines that fell due, and settles.
    @discardableResult
    package func advanceClock(by duration: Duration) async throws -> [DeadlineFiring] {
        clock.advance(by: duration)
        let fired = try await deadlines.fireDue()
        try await settle()
        return fired
    }

    /// The current state of order `orderId`.
    package func order(_ orderId: UUID) async throws -> Order.State {
        try await orders.load(orderId).state
    }

    /// The status of the checkout saga that order `orderId`'s placement started, if one started.
    package func checkoutStatus(of orderId: UUID) async throws -> SagaStatus? {
        guard let placed = try await store.readStream(Order.streamID(for: orderId)).first(where: { $0.typeName == Order.OrderPlaced.typeName }) else {
            return nil
        }
        return try await checkout.status(of: SagaOrchestrator<Checkout>.sagaID(startedBy: placed.eventID))
    }

    /// The type names of the events in the stream of aggregate `A` `id`, in order.
    package func history<A: EventSourcedAggregate>(of aggregate: A.Type, _ id: UUID) async throws -> [String] where A.ID == UUID {
        try await store.readStream(A.streamID(for: id), fromVersion: 1).map(\.typeName)
    }
}
