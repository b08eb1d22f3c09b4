import EVDLRuntime
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The world of the process crash tests: the generated checkout on a `FileEventStore`, with participants, a broker
// and read models whose state outlives a SIGKILL (they stand for the external systems and a durable database).

/// A file of lines; `append` writes one line with one `write(2)` and, when `sync`, fsyncs it before returning.
/// Reading drops a last line without its newline (a write cut short).
final class DurableLines: @unchecked Sendable {
    private let fd: Int32
    private let sync: Bool
    private let lock = NSLock()

    init(path: String, sync: Bool = true) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        self.sync = sync
        guard fd >= 0 else { throw CrashWorldError("cannot open \(path)") }
    }

    deinit { _ = Glibc_or_Darwin_close(fd) }

    func append(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        try lock.withLock {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            guard written == bytes.count, !sync || fsync(fd) == 0 else { throw CrashWorldError("cannot append a line") }
        }
    }

    /// The complete lines of the file at `path` (none when it does not exist).
    static func read(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last newline: empty, or a line cut short
        return lines
    }
}

private func Glibc_or_Darwin_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}

struct CrashWorldError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The payment provider and the carrier: each idempotency key is applied once, and its application
/// (`<command> <key> <order number>`) is in `applied.log`, fsynced, before the result is returned. Results are
/// derived from the command, so a repeated key gets the first result back without a second application.
/// The carrier declines every fourth order (a rejection: the checkout compensates).
actor DurableSystems {
    static let fileName = "applied.log"
    private let lines: DurableLines
    private var keys: Set<String>

    init(directory: URL) throws {
        let path = directory.appendingPathComponent(Self.fileName).path
        keys = Set(DurableLines.read(path).map { String($0.split(separator: " ")[1]) })
        lines = try DurableLines(path: path)
    }

    func deliver<R: Sendable>(_ command: String, key: IdempotencyKey, order: UUID, declined: Bool = false, result: () -> R) throws -> R {
        if keys.contains(key.rawValue) { return result() }
        if declined { throw CommandRejection("\(command) declined for order \(CrashWorld.number(order))") }
        try lines.append("\(command) \(key.rawValue) \(CrashWorld.number(order))")
        keys.insert(key.rawValue)
        return result()
    }
}

struct DurablePayment: PaymentService {
    let systems: DurableSystems

    func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult {
        try await systems.deliver("Charge", key: envelope.idempotencyKey, order: command.paymentId) { Payment.ChargeResult(transactionId: "tx-\(command.paymentId)") }
    }

    func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws {
        try await systems.deliver("Refund", key: envelope.idempotencyKey, order: command.paymentId) {}
    }

    /// Also what the `AuditConfirmedOrders` policy sends (its `customerId` is the order id).
    func checkCredit(_ command: Payment.CheckCredit, envelope: CommandEnvelope) async throws {
        try await systems.deliver("CheckCredit", key: envelope.idempotencyKey, order: command.customerId) {}
    }
}

struct DurableCarrier: ShippingService {
    let systems: DurableSystems

    func createShipment(_ command: Shipping.CreateShipment, envelope: CommandEnvelope) async throws -> Shipping.CreateShipmentResult {
        try await systems.deliver("CreateShipment", key: envelope.idempotencyKey, order: command.orderId, declined: CrashWorld.number(command.orderId) % 4 == 0) {
            Shipping.CreateShipmentResult(tracking: "1Z-\(command.orderId)")
        }
    }
}

/// The broker: a message is confirmed once `<message id> <topic>` is fsynced to `broker.log`.
struct FileBroker: MessagePublisher {
    let lines: DurableLines

    func publish(_ message: OutboundMessage) async throws {
        try lines.append("\(message.messageID) \(message.topic)")
    }
}

/// `policy AuditConfirmedOrders { on Order.OrderConfirmed; send Payment.CheckCredit { customerId: event.orderId, amount: 0 } }`,
/// in the generated shape: a policy whose every send lands in `applied.log`, so that "sent at least once, applied
/// once under its key" can be checked for each event.
nonisolated enum AuditConfirmedOrders: EventPolicy {
    static let name = "AuditConfirmedOrders"
    static let handledEventTypes: Set<String> = [Order.OrderConfirmed.typeName]

    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let event = try codec.decodeEvent(Order.OrderConfirmed.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
        return [.now(Payment.CheckCredit(customerId: event.orderId, amount: 0))]
    }
}

/// The wall clock moved `shift` seconds ahead: the deadline scheduler runs on it, so that the checkout's
/// 30-minute deadline falls due seconds after the order, not half an hour.
struct ShiftedClock: RuntimeClock {
    let shift: TimeInterval

    func now() -> Date { Date().addingTimeInterval(shift) }

    func sleep(until deadline: Date) async throws {
        try await SystemClock().sleep(until: deadline.addingTimeInterval(-shift))
    }
}

/// Read models that keep each projection's rows with its checkpoint in one file (`read-models.json`), replaced
/// atomically (written, fsynced, renamed) at every checkpoint: rows applied after a projection's last checkpoint
/// die with the process, and the runner applies those events again. Each projection's rows are saved only with its
/// own checkpoint.
actor DurableReadModels: ReadModelStore, CheckpointStore {
    struct Saved: Codable {
        var checkpoints: [String: Int64] = [:]
        /// Projection → key JSON → row JSON.
        var tables: [String: [String: Data]] = [:]
    }

    private let url: URL
    private var saved: Saved
    private var live: [String: [String: Data]]
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    init(url: URL) throws {
        self.url = url
        saved = FileManager.default.fileExists(atPath: url.path) ? try JSONDecoder().decode(Saved.self, from: Data(contentsOf: url)) : Saved()
        live = saved.tables
    }

    func apply<P: Projection>(_ events: [(event: P.Event, recorded: RecordedEvent)], of projection: P.Type) throws {
        var rows = JSONRows<P.Key, P.Row>(table: live[P.name] ?? [:], encoder: encoder)
        for (event, recorded) in events {
            P.update(event, recorded: recorded, rows: &rows)
        }
        live[P.name] = rows.table
    }

    func row<P: Projection>(_ key: P.Key, of projection: P.Type) throws -> P.Row? {
        let key = String(decoding: try encoder.encode(key), as: UTF8.self)
        return try live[P.name]?[key].map { try JSONDecoder().decode(P.Row.self, from: $0) }
    }

    func entries<P: Projection>(of projection: P.Type) throws -> [(key: P.Key, row: P.Row)] {
        try (live[P.name] ?? [:]).sorted { $0.key < $1.key }.map { key, row in
            (try JSONDecoder().decode(P.Key.self, from: Data(key.utf8)), try JSONDecoder().decode(P.Row.self, from: row))
        }
    }

    func removeAll<P: Projection>(of projection: P.Type) {
        live[P.name] = [:]
    }

    func checkpoint(for projection: String) -> Int64 {
        saved.checkpoints[projection] ?? 0
    }

    func save(_ position: Int64, for projection: String) throws {
        saved.checkpoints[projection] = position
        saved.tables[projection] = live[projection] ?? [:]
        let temporary = url.path + ".tmp"
        let data = try encoder.encode(saved)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CrashWorldError("cannot write \(temporary)") }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        let synced = fsync(fd) == 0
        _ = Glibc_or_Darwin_close(fd)
        guard written == data.count, synced, rename(temporary, url.path) == 0 else { throw CrashWorldError("cannot replace \(url.path)") }
    }
}

/// The checkout wired to one `FileEventStore` through the generated routes, with the durable participants.
struct CrashWorld {
    static let routes = OutboxRoutes(PublishRoutes.topicsByEventType.sorted { $0.key < $1.key }.flatMap { type, topics in
        topics.map { OutboxRoutes.Route(eventType: type, topic: $0) }
    })
    /// How far ahead the deadline scheduler's clock runs: the 30-minute deadline falls due 8 s after its order.
    static let deadlineShift: TimeInterval = 1800 - 8
    static let policies: [any EventPolicy.Type] = [ReleaseStockWhenCancelled.self, ExpireUnconfirmedOrders.self, AuditConfirmedOrders.self]
    static let projections: [any Projection.Type] = [OrderSummary.self, CustomerSpending.self]

    let directory: URL
    let store: FileEventStore
    let systems: DurableSystems
    let orders: Repository<Order>
    let router: CommandRouter

    init(directory: URL, log: (@Sendable (String) -> Void)? = FileEventStore.standardErrorLog) throws {
        self.directory = directory
        store = try FileEventStore(path: Self.path(directory, "events.log"), durability: .groupCommit, outbox: Self.routes, log: log)
        systems = try DurableSystems(directory: directory)
        orders = Fixture.repository(store)
        router = try CommandRouter(
            Order.routes(orders) + Inventory.routes(Repository(aggregate: Inventory(), store: store))
                + Payment.routes(DurablePayment(systems: systems)) + Shipping.routes(DurableCarrier(systems: systems))
        )
    }

    static func path(_ directory: URL, _ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// `n` of `Fixture.id(n)`.
    static func number(_ id: UUID) -> Int {
        Int(id.uuidString.suffix(12)) ?? -1
    }

    /// Order `n` is placed by one of seven customers, so that `CustomerSpending` rows sum several orders.
    static func place(_ n: Int) -> Order.Command {
        Fixture.place(n, total: Decimal(n % 50 + 1), customer: 100 + n % 7)
    }

    func orchestrator() -> SagaOrchestrator<Checkout> {
        SagaOrchestrator<Checkout>(store: store, router: router, clock: SystemClock(), options: SagaOptions(compensationAttempts: 5, backoff: .immediate))
    }

    func scheduler(shift: TimeInterval = CrashWorld.deadlineShift) -> DeadlineScheduler {
        DeadlineScheduler(store: store, router: router, clock: ShiftedClock(shift: shift))
    }

    func policyRunner(_ scheduler: DeadlineScheduler, batchSize: Int) throws -> PolicyRunner {
        PolicyRunner(store: store, router: router, checkpoints: try FileCheckpointStore(url: directory.appendingPathComponent("policy-checkpoints.json")),
                     policies: Self.policies, deadlines: scheduler, clock: SystemClock(), backoff: .immediate, batchSize: batchSize)
    }

    func projectionRunner(_ readModels: DurableReadModels, batchSize: Int) -> ProjectionRunner {
        ProjectionRunner(store: store, readModels: readModels, checkpoints: readModels, projections: Self.projections, batchSize: batchSize)
    }

    func relay(batchSize: Int) throws -> OutboxRelay {
        OutboxRelay(store: store, publisher: FileBroker(lines: try DurableLines(path: Self.path(directory, "broker.log"))), backoff: .immediate, markEvery: 3, batchSize: batchSize)
    }
}

/// One projection's rows as JSON by key JSON, as `Projection.update` reads and changes them.
struct JSONRows<Key: Hashable & Sendable & Codable, Row: Sendable & Codable>: ProjectionRows {
    var table: [String: Data]
    let encoder: JSONEncoder

    // A key or row that does not round-trip through JSON is a broken test double: stop loudly.
    private func name(_ key: Key) -> String {
        guard let data = try? encoder.encode(key) else { preconditionFailure("key \(key) does not encode") }
        return String(decoding: data, as: UTF8.self)
    }

    func row(at key: Key) -> Row? {
        table[name(key)].map { data in
            guard let row = try? JSONDecoder().decode(Row.self, from: data) else { preconditionFailure("a saved row does not decode") }
            return row
        }
    }

    mutating func apply(_ change: RowChange<Row>, at key: Key) {
        switch change {
        case .upsert(let row):
            guard let data = try? encoder.encode(row) else { preconditionFailure("row at \(key) does not encode") }
            table[name(key)] = data
        case .delete: table[name(key)] = nil
        case .unchanged: break
        }
    }
}
