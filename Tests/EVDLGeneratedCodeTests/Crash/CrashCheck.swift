import EVDLRuntime
import Foundation

/// What the process crash test checks in the files a killed child left (and, with `drain`, after running
/// everything it left unfinished to its end): each broken promise is one line in `violations`.
struct CrashCheck {
    var violations: [String] = []
    /// Figures for the test's summary.
    var orders = 0
    var acknowledged = 0
    var events = 0
    var tornTails = 0
    var sagasCompleted = 0
    var sagasCompensated = 0
    /// Orders cancelled by their deadline before their checkout ended (expected to stay 0 but for a slow machine).
    var sagasExpired = 0
    var deadlinesFired = 0
    var auditsApplied = 0
    var published = 0
    var republished = 0

    private mutating func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violations.append(message()) }
    }

    /// Opens the store the way a restarted process does and checks every promise against what is durable.
    static func run(_ directory: URL, drain: Bool) async throws -> CrashCheck {
        var check = CrashCheck()
        let world = try CrashWorld(directory: directory, log: nil)
        for discarded in world.store.recovery.discarded {
            // A SIGKILL leaves what was written in the page cache: at most a torn tail and the zeros written ahead.
            check.require(discarded.reason == .tornTail || discarded.reason == .zeroFill, "open discarded \(discarded)")
            if discarded.reason == .tornTail { check.tornTails += 1 }
        }
        if drain {
            try await check.drain(world)
        }
        try await check.verify(world, drained: drain)
        await world.store.close()
        return check
    }

    /// Runs everything the children left unfinished: sagas, policies, every deadline (on a clock two hours ahead),
    /// the outbox and the projections.
    private mutating func drain(_ world: CrashWorld) async throws {
        let orchestrator = world.orchestrator()
        try await orchestrator.catchUpStarts(checkpoints: try FileCheckpointStore(url: world.directory.appendingPathComponent("saga-checkpoints.json")))
        try await orchestrator.resumeUnfinished()
        await orchestrator.waitUntilIdle()
        let interrupted = await orchestrator.interrupted
        require(interrupted.isEmpty, "sagas interrupted while draining: \(interrupted)")
        let scheduler = world.scheduler(shift: 7200)
        let policies = try world.policyRunner(scheduler, batchSize: 100)
        for _ in 0..<2 {  // the second pass reacts to what the deadlines caused
            try await policies.catchUp()
            let fired = try await scheduler.fireDue()
            require(fired.allSatisfy { $0.failure == nil }, "deadlines failed: \(fired.filter { $0.failure != nil })")
        }
        try await world.relay(batchSize: 100).deliverPending()
        // Last, as every step above appends (saga histories, deadlines, delivery marks).
        try await world.projectionRunner(try DurableReadModels(url: world.directory.appendingPathComponent("read-models.json")), batchSize: 100).catchUp()
    }

    private mutating func verify(_ world: CrashWorld, drained: Bool) async throws {
        let directory = world.directory
        let log = try await world.store.readAll(fromPosition: 1, limit: .max)
        events = log.count
        let placed = log.filter { $0.typeName == Order.OrderPlaced.typeName }
        orders = placed.count

        // No acknowledged event lost: each acknowledgement names the order's event id and position.
        for line in DurableLines.read(CrashWorld.path(directory, "acks.log")) {
            let fields = line.split(separator: " ")
            acknowledged += 1
            guard fields.count == 3, let n = Int(fields[0]), let position = Int(fields[2]), position >= 1, position <= log.count else {
                violations.append("acknowledged order `\(line)` is past the end of the log (\(log.count) events)")
                continue
            }
            let event = log[position - 1]
            require(event.eventID.uuidString == fields[1] && event.typeName == Order.OrderPlaced.typeName && event.streamID == Order.streamID(for: Fixture.id(n)),
                    "acknowledged order \(n) is not at position \(position): found \(event.typeName) \(event.eventID) in \(event.streamID)")
        }

        // Participants: each key applied once, and each order charged, refunded and shipped at most once.
        let applied = DurableLines.read(CrashWorld.path(directory, DurableSystems.fileName)).map { $0.split(separator: " ").map(String.init) }
        let keys = applied.map { $0[1] }
        require(Set(keys).count == keys.count, "a key was applied twice: \(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        var perOrder: [String: Int] = [:]
        for entry in applied where entry[0] != "CheckCredit" { perOrder["\(entry[0]) \(entry[2])", default: 0] += 1 }
        require(perOrder.values.allSatisfy { $0 == 1 }, "applied more than once per order: \(perOrder.filter { $0.value > 1 })")
        let appliedKeys = Set(keys)

        // Aggregates: one reservation, one confirmation, one cancellation per order at most.
        var perStream: [String: Int] = [:]
        for event in log where [Inventory.StockReserved.typeName, Order.OrderConfirmed.typeName, Order.OrderCancelled.typeName].contains(event.typeName) {
            perStream["\(event.typeName) \(event.streamID)", default: 0] += 1
        }
        require(perStream.values.allSatisfy { $0 == 1 }, "an aggregate applied a command twice: \(perStream.filter { $0.value > 1 })")

        // Read models: exactly the events up to their checkpoint, each once.
        let readModels = try DurableReadModels(url: directory.appendingPathComponent("read-models.json"))
        try await checkReadModel(OrderSummary.self, readModels, log, drained: drained)
        try await checkReadModel(CustomerSpending.self, readModels, log, drained: drained)

        // Policies: every event up to the checkpoint had its commands sent and applied once under their keys.
        let policyCheckpoint = try await FileCheckpointStore(url: directory.appendingPathComponent("policy-checkpoints.json")).checkpoint(for: "policy:policies")
        var handled = Set<String>()
        for policy in CrashWorld.policies { handled.formUnion(policy.handledEventTypes) }
        let unhandledAfterCheckpoint = log.dropFirst(Int(policyCheckpoint)).filter { handled.contains($0.typeName) }.count
        require(!drained || unhandledAfterCheckpoint == 0, "after draining, \(unhandledAfterCheckpoint) events past the policy checkpoint \(policyCheckpoint) were not handled")
        let streams = Dictionary(grouping: log, by: \.streamID)
        for event in log.prefix(Int(policyCheckpoint)) {
            if event.typeName == Order.OrderConfirmed.typeName {
                let key = IdempotencyKey.policy(AuditConfirmedOrders.name, event: event.eventID, send: 0).rawValue
                require(appliedKeys.contains(key), "policy command \(key) for the event at \(event.globalPosition) was never applied")
                auditsApplied += 1
            } else if event.typeName == Order.OrderPlaced.typeName {
                let key = IdempotencyKey.policy(ExpireUnconfirmedOrders.name, event: event.eventID, send: 0)
                let stream = Deadline(key: key, dueAt: Date(), commandType: "", command: Data()).streamID
                require(streams[stream]?.first?.typeName == "$Deadline.Scheduled", "deadline \(key) for the event at \(event.globalPosition) was never scheduled")
            }
        }

        // Deadlines: scheduled once, claimed (again only when a killed child's claim ran out), fired at most once,
        // after they were due; after draining, every one fired.
        for (stream, history) in streams where stream.rawValue.hasPrefix("$Deadline-") {
            let types = history.map(\.typeName)
            let claims = types.dropFirst().prefix { $0 == "$Deadline.Claimed" }.count
            let shape = types.first == "$Deadline.Scheduled" && types.count - 1 - claims <= 1 && (types.count == 1 + claims || types.last == "$Deadline.Fired")
            require(shape && (types.last != "$Deadline.Fired" || claims >= 1), "deadline \(stream) has \(types)")
            if types.last == "$Deadline.Fired" {
                deadlinesFired += 1
                let deadline = try PayloadCodec.standard.decode(Deadline.self, from: history[0].payload)
                require(history[1].timestamp >= deadline.dueAt, "deadline \(stream) was claimed at \(history[1].timestamp) before it was due at \(deadline.dueAt)")
            } else {
                require(!drained, "after draining, deadline \(stream) never fired")
            }
        }

        // Outbox: every entry up to the delivery mark is in the broker's log (at least once); after draining, all.
        let through = try await world.relay(batchSize: 1).deliveredThrough().entries
        var brokered: [String: Int] = [:]
        for line in DurableLines.read(CrashWorld.path(directory, "broker.log")) { brokered[String(line.prefix { $0 != " " }), default: 0] += 1 }
        let entries = log.filter { $0.streamID == OutboxRoutes.stream }
        for (index, recorded) in entries.enumerated() where Int64(index) < through || drained {
            let entry = try OutboxEntry(decoding: recorded)
            require(brokered[entry.eventID.uuidString] != nil, "outbox entry \(index + 1) (event \(entry.eventPosition)) was marked delivered but never published")
        }
        published = brokered.count
        republished = brokered.values.reduce(0, +) - brokered.count

        if drained {
            try await checkSagas(world, placed, perOrder, perStream)
        }
    }

    /// The rows a projection saved must be the events up to its checkpoint, applied once each, in order.
    private mutating func checkReadModel<P: Projection>(_ projection: P.Type, _ store: DurableReadModels, _ log: [RecordedEvent], drained: Bool) async throws {
        let checkpoint = await store.checkpoint(for: P.name)
        require(checkpoint <= Int64(log.count), "\(P.name)'s checkpoint \(checkpoint) is past the log (\(log.count))")
        require(!drained || checkpoint == Int64(log.count), "after draining, \(P.name)'s checkpoint is \(checkpoint) of \(log.count)")
        let expected = InMemoryReadModelStore()
        let events = try log.prefix(Int(min(checkpoint, Int64(log.count)))).compactMap { recorded in
            try P.decode(recorded, codec: .standard).map { (event: $0, recorded: recorded) }
        }
        await expected.apply(events, of: projection)
        let want = Dictionary(uniqueKeysWithValues: await expected.entries(of: projection).map { ($0.key, $0.row) })
        let have = Dictionary(uniqueKeysWithValues: try await store.entries(of: projection).map { ($0.key, $0.row) })
        require(want == have, "\(P.name) at checkpoint \(checkpoint) differs from its events applied once: \(want.count) rows expected, \(have.count) saved, \(want.filter { have[$0.key] != $0.value }.count) differ")
    }

    /// After draining, every order's checkout ended as its participants decided: completed, or (every fourth
    /// order, whose shipment is declined) compensated, with each participant's effect applied once.
    private mutating func checkSagas(_ world: CrashWorld, _ placed: [RecordedEvent], _ perOrder: [String: Int], _ perStream: [String: Int]) async throws {
        let orchestrator = world.orchestrator()
        for event in placed {
            let n = CrashWorld.number(UUID(uuidString: String(event.streamID.rawValue.suffix(36))) ?? UUID())
            let status = try await orchestrator.status(of: SagaOrchestrator<Checkout>.sagaID(startedBy: event.eventID))
            let order = Order.streamID(for: Fixture.id(n))
            // Charges, refunds, shipments, confirmations, cancellations of the order.
            let effects = [perOrder["Charge \(n)"] ?? 0, perOrder["Refund \(n)"] ?? 0, perOrder["CreateShipment \(n)"] ?? 0,
                           perStream["\(Order.OrderConfirmed.typeName) \(order)"] ?? 0, perStream["\(Order.OrderCancelled.typeName) \(order)"] ?? 0]
            // An order whose checkout was held up past its deadline (a slow restart) may be expired by it: then the
            // saga's end depends on the race, and only "ended, nothing applied twice" (checked above) is required.
            let expiry = IdempotencyKey.policy(ExpireUnconfirmedOrders.name, event: event.eventID, send: 0).uuid
            let expired = try await world.store.events(forCommand: expiry)?.contains { $0.typeName == Order.OrderCancelled.typeName } ?? false
            switch status?.state {
            case .ended?  where expired:
                sagasExpired += 1
            case .ended(.completed)?:
                sagasCompleted += 1
                require(n % 4 != 0 && effects == [1, 0, 1, 1, 0], "order \(n): completed with effects \(effects)")
            case .ended(.compensated)?:
                sagasCompensated += 1
                require(n % 4 == 0 && effects == [1, 1, 0, 0, 1], "order \(n): compensated with effects \(effects)")
            default:
                violations.append("order \(n): the checkout saga is \(String(describing: status?.state)) after draining")
            }
        }
    }
}
