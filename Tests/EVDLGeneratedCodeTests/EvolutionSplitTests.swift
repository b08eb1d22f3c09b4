import EVDLEvolutionV1
import EVDLRuntime
import Foundation
import Testing

/// `Split.Deposited` v1 (`v1.evdl`) is two events in `evolved.evdl`, `Credited` and `Counted`; the lock accepts the
/// removed type for the upcaster below. Every reader of the stored v1 records (aggregate replay in the file store, on
/// one thread and on all cores, and in memory; a projection runner; a policy runner) reads each as the two events,
/// while stream versions keep counting records.
@Suite struct EvolutionSplitTests {
    static let id = UUID(uuidString: "00000000-0000-0000-0000-0000000000B2")!
    static let stream = StreamID("Split-\(id)")

    /// The hook the evolved code registers: a v1 `Deposited` is a `Credited` of its sum and a `Counted` of its count.
    static let split = EventUpcaster.split("Split.Deposited", fromVersion: 1, into: Split.Event.self) { payload in
        guard let account = (payload["accountId"] as? String).flatMap(UUID.init(uuidString:)),
              let sum = (payload["sum"] as? NSNumber)?.decimalValue,
              let kind = (payload["kind"] as? String).flatMap(Tender.init(rawValue:)),
              let count = payload["count"] as? Int
        else { throw CommandRejection("a v1 Deposited without accountId, sum, kind and count") }
        return [.credited(.init(accountId: account, sum: sum, kind: kind)), .counted(.init(accountId: account, count: count))]
    }

    static let codec = PayloadCodec(upcasters: [split])

    /// The v1 deposits, as v1's generated code makes them.
    static func v1Deposit(_ sum: Decimal, count: Int, padding: Int = 0) throws -> NewEvent {
        let event = EVDLEvolutionV1.Split.Event.deposited(.init(accountId: id, sum: sum, kind: .cash, count: count))
        var payload = try event.encodePayload(codec: .standard)
        if padding > 0 {
            // A field v1 never had, to make records long: readers ignore it.
            payload = Data(payload.dropLast()) + Data(#","padding":"\#(String(repeating: "x", count: padding))"}"#.utf8)
        }
        return NewEvent(typeName: event.typeName, schemaVersion: event.schemaVersion, payload: payload)
    }

    /// Two v1 deposits: 12.5 of 3 coins, then 2.5 of 1.
    static func twoDeposits() throws -> [NewEvent] {
        [try v1Deposit(12.5, count: 3), try v1Deposit(2.5, count: 1)]
    }

    /// A file store holding `deposits` v1 records in `stream` (closed and reopened, as after an upgrade).
    static func upgradedStore(_ deposits: [NewEvent]) async throws -> (FileEventStore, String) {
        let path = NSTemporaryDirectory() + "evdl-split-\(UUID().uuidString).log"
        let writer = try FileEventStore(path: path)
        for batch in stride(from: 0, to: deposits.count, by: 100) {
            _ = try await writer.append(Array(deposits[batch..<min(batch + 100, deposits.count)]), to: stream, expectedVersion: .any)
        }
        await writer.close()
        return (try FileEventStore(path: path), path)
    }

    @Test("the aggregate replays each v1 record as the two events, at the record's version, and appends after the records")
    func aggregateReplay() async throws {
        let (store, path) = try await Self.upgradedStore(Self.twoDeposits())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let accounts = Repository(aggregate: Split(), store: store, codec: Self.codec)
        let loaded = try await accounts.load(Self.id)
        #expect(loaded.state == Split.State(balance: 15, credits: 2, coins: 4))
        #expect(loaded.version == 2 && loaded.replayedEvents == 2)
        let credited = try await accounts.execute(.credit(.init(accountId: Self.id, sum: 5, kind: .card)))
        #expect(credited.version == 3 && credited.recorded.map(\.streamVersion) == [3])
        #expect(try await accounts.load(Self.id).state == Split.State(balance: 20, credits: 3, coins: 4))

        // Without the upcaster the removed type is an error naming the stream and the record, never skipped.
        let error = try await #require(throws: EventDecodingError.self) { try await Repository(aggregate: Split(), store: store).load(Self.id) }
        #expect(error.code == .unknownEventType && error.streamID == Self.stream && error.streamVersion == 1)

        // The records themselves, through the generic reader.
        let records = try await store.readStream(Self.stream)
        #expect(try Split.Event.decodeAll(records[0], codec: Self.codec) == [
            .credited(.init(accountId: Self.id, sum: 12.5, kind: .cash)), .counted(.init(accountId: Self.id, count: 3)),
        ])
        let single = try #require(throws: EventDecodingError.self) { try Split.Event.decode(records[0], codec: Self.codec) }
        #expect(single.description.contains("is split into 2 events by an upcaster; read it with `decodeAll`"))
        #expect(try Split.Event.decode(records[2], codec: Self.codec) == .credited(.init(accountId: Self.id, sum: 5, kind: .card)))
        await store.close()
    }

    @Test("the in-memory store's replay (every store but the file store's) splits the same way")
    func genericReplay() async throws {
        let store = InMemoryEventStore()
        _ = try await store.append(try Self.twoDeposits(), to: Self.stream, expectedVersion: .noStream)
        let loaded = try await Repository(aggregate: Split(), store: store, codec: Self.codec).load(Self.id)
        #expect(loaded.state == Split.State(balance: 15, credits: 2, coins: 4) && loaded.version == 2)
    }

    @Test("a stream longer than 16 MB of log is split on all cores as on one, in order")
    func parallelReplay() async throws {
        let deposits = try (1...300).map { try Self.v1Deposit(Decimal($0), count: $0, padding: 80_000) }
        let (store, path) = try await Self.upgradedStore(deposits)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Over twice the store's 8 MiB read chunk, which is what makes replay split the stream among cores.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 20 << 20)
        let loaded = try await Repository(aggregate: Split(), store: store, codec: Self.codec).load(Self.id)
        #expect(loaded.state == Split.State(balance: 45_150, credits: 300, coins: 45_150) && loaded.version == 300)
        await store.close()
        // The same records read without parallel replay give the same state.
        let oneThread = try FileEventStore(path: path, parallelReplay: false)
        #expect(try await Repository(aggregate: Split(), store: oneThread, codec: Self.codec).load(Self.id).state == loaded.state)
        await oneThread.close()
    }

    @Test("a projection runner applies both events of each record, with the record's version and position")
    func projection() async throws {
        let (store, path) = try await Self.upgradedStore(Self.twoDeposits())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let readModels = InMemoryReadModelStore()
        let checkpoints = InMemoryCheckpointStore()
        let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: checkpoints, projections: [SplitTotals.self], codec: Self.codec)
        #expect(try await runner.catchUp() == 2)
        #expect(await readModels.row(Self.id, of: SplitTotals.self) == SplitTotals.Row(accountId: Self.id, sum: 15, coins: 4, events: 4, lastVersion: 2))
        #expect(await checkpoints.checkpoint(for: SplitTotals.name) == 2)

        // A runner not given the upcaster sees records of a type its projection does not handle, and skips them
        // as it skips any such type: every runner of a store with split types must be given the codec.
        let unread = InMemoryReadModelStore()
        let without = ProjectionRunner(store: store, readModels: unread, checkpoints: InMemoryCheckpointStore(), projections: [SplitTotals.self])
        #expect(try await without.catchUp() == 2)
        #expect(await unread.row(Self.id, of: SplitTotals.self) == nil)
        await store.close()
    }

    /// Records what the policies and the saga send, each idempotency key once (a repeat is answered, not applied).
    actor LedgerBook: LedgerService {
        var posts: [(amount: Decimal, key: String)] = []
        func post(_ command: Ledger.Post, envelope: CommandEnvelope) async throws {
            guard !posts.contains(where: { $0.key == envelope.idempotencyKey.rawValue }) else { return }
            posts.append((command.amount, envelope.idempotencyKey.rawValue))
        }
    }

    @Test("policies react to each event split from a record, and a replay from scratch sends under the same keys")
    func policies() async throws {
        let (store, path) = try await Self.upgradedStore(Self.twoDeposits())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = LedgerBook()
        let router = try CommandRouter(Ledger.routes(ledger), codec: Self.codec)
        let runner = { PolicyRunner(store: store, router: router, checkpoints: InMemoryCheckpointStore(), policies: [PostCredits.self, PostCounts.self], codec: Self.codec) }
        #expect(try await runner().catchUp() == 2)
        let posts = await ledger.posts
        #expect(posts.map(\.amount) == [12.5, 3, 2.5, 1])
        #expect(Set(posts.map(\.key)).count == 4)
        // A new runner with no checkpoint sends everything again: the derived ids give the same keys, so nothing
        // is applied twice.
        #expect(try await runner().catchUp() == 2)
        #expect(await ledger.posts.map(\.key) == posts.map(\.key))
        await store.close()
    }

    @Test("a saga starts once per split event that starts it (the second of its record), also when the start events are read again")
    func sagaStarts() async throws {
        let (store, path) = try await Self.upgradedStore(Self.twoDeposits())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = LedgerBook()
        let orchestrator = SagaOrchestrator<CountReview>(store: store, router: try CommandRouter(Ledger.routes(ledger), codec: Self.codec),
                                                         options: SagaOptions(backoff: .immediate, codec: Self.codec))
        #expect(try await orchestrator.catchUpStarts(checkpoints: InMemoryCheckpointStore()) == 2)
        await orchestrator.waitUntilIdle()
        #expect(await ledger.posts.map(\.amount).sorted() == [1, 3])
        // From no checkpoint: the same derived ids give the same saga instances, which have finished.
        _ = try await orchestrator.catchUpStarts(checkpoints: InMemoryCheckpointStore())
        await orchestrator.waitUntilIdle()
        #expect(await ledger.posts.count == 2)
        let records = try await store.readStream(Self.stream)
        let counted = try Self.codec.upcast(records[0])[1]
        #expect(counted.eventID != records[0].eventID)
        #expect(try await orchestrator.status(of: SagaOrchestrator<CountReview>.sagaID(startedBy: counted.eventID))?.outcome == .completed)
        await store.close()
    }

    @Test("the events of one record keep its place; the first keeps its id, the others get ids derived from it, the same each time")
    func recordsOfASplit() async throws {
        let (store, path) = try await Self.upgradedStore([try Self.v1Deposit(12.5, count: 3)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let record = try #require(try await store.readStream(Self.stream).first)
        let events = try Self.codec.upcast(record)
        #expect(events.map(\.typeName) == ["Split.Credited", "Split.Counted"])
        #expect(events.allSatisfy { $0.streamVersion == 1 && $0.globalPosition == 1 && $0.timestamp == record.timestamp && $0.streamID == Self.stream })
        #expect(events[0].eventID == record.eventID && events[1].eventID != record.eventID)
        // RFC 9562: version 8 (custom), variant 10.
        #expect(events[1].eventID.uuid.6 >> 4 == 8 && events[1].eventID.uuid.8 >> 6 == 0b10)
        #expect(try Self.codec.upcast(record).map(\.eventID) == events.map(\.eventID))
        #expect(try PayloadCodec.standard.upcast(record) == [record])
        #expect(try Self.codec.upcast([record, record]).count == 4)
        await store.close()
    }

    @Test("a record older than the split goes through the rewrites up to it first; a failing split names the stream and the record")
    func rewritesThenSplit() async throws {
        let (store, path) = try await Self.upgradedStore([try Self.v1Deposit(12.5, count: 3)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let record = try #require(try await store.readStream(Self.stream).first)
        // As if v2 of `Deposited` had existed: v1 → v2 doubles the sum, and v2 records are split.
        let doubling = EventUpcaster(typeName: "Split.Deposited", fromVersion: 1) { payload in
            payload["sum"] = ((payload["sum"] as? NSNumber)?.decimalValue ?? 0) * 2
        }
        let laterSplit = EventUpcaster.split("Split.Deposited", fromVersion: 2, into: Split.Event.self) { payload in
            [.credited(.init(accountId: Self.id, sum: (payload["sum"] as? NSNumber)?.decimalValue ?? -1, kind: .cash))]
        }
        #expect(try Split.Event.decodeAll(record, codec: PayloadCodec(upcasters: [doubling, laterSplit])) == [.credited(.init(accountId: Self.id, sum: 25, kind: .cash))])

        // A record newer than every split is not split; a split and a rewrite of one version: the split wins, in
        // either order.
        var newer = record
        newer.schemaVersion = 2
        #expect(try PayloadCodec(upcasters: [Self.split]).upcast(newer) == [newer])
        let rewriteOne = EventUpcaster(typeName: "Split.Deposited", fromVersion: 1) { payload in payload["sum"] = 0 }
        for upcasters in [[rewriteOne, Self.split], [Self.split, rewriteOne]] {
            #expect(try Split.Event.decodeAll(record, codec: PayloadCodec(upcasters: upcasters)).count == 2)
        }

        let refusing = EventUpcaster.split("Split.Deposited", fromVersion: 1, into: Split.Event.self) { _ in throw CommandRejection("no") }
        let error = try await #require(throws: EventDecodingError.self) {
            try await Repository(aggregate: Split(), store: store, codec: PayloadCodec(upcasters: [refusing])).load(Self.id)
        }
        #expect(error.description == "invalidPayload: the upcaster splitting `Split.Deposited` v1 failed: rejected: no (stream `\(Self.stream)`, version 1)")
        await store.close()
    }

    @Test("a record split into no events still counts: the version after replay is the stream's, in every store")
    func splitIntoNothing() async throws {
        let dropping = PayloadCodec(upcasters: [EventUpcaster.split("Split.Deposited", fromVersion: 1, into: Split.Event.self) { _ in [] }])
        let (store, path) = try await Self.upgradedStore(Self.twoDeposits())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let memory = InMemoryEventStore()
        _ = try await memory.append(try Self.twoDeposits(), to: Self.stream, expectedVersion: .noStream)
        for events in [store as any EventStore, memory] {
            let accounts = Repository(aggregate: Split(), store: events, codec: dropping)
            let loaded = try await accounts.load(Self.id)
            #expect(loaded.state == Split.State() && loaded.version == 2 && loaded.replayedEvents == 2)
            let credited = try await accounts.execute(.credit(.init(accountId: Self.id, sum: 1, kind: .cash)))
            #expect(credited.version == 3)
        }
        #expect(try Split.Event.decodeAll(try await store.readStream(Self.stream)[0], codec: dropping).isEmpty)
        await store.close()
    }
}
