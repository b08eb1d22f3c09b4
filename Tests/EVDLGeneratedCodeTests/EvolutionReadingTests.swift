import EVDLEvolutionV1
import EVDLRuntime
import Foundation
import Testing

/// Version 1 payloads, written into a file store by the v1 code (`EVDLEvolutionV1`, generated from `v1.evdl`), read
/// back with the code generated from
/// `References/evolution/evolved.evdl` (in `Evolution/`). Each aggregate there makes one change and carries the
/// verdict `evdlc check --against` gives it (`EVDLEvolutionTests.EvolvedSpecTests` checks the verdicts): every change
/// it accepts reads the payloads back, every change it rejects fails to read them.
@Suite struct EvolutionReadingTests {
    /// `// verdict: X` followed by `aggregate Name` in evolved.evdl, in order.
    static let verdicts: [(aggregate: String, verdict: String)] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EVDLGeneratorTests/References/evolution/evolved.evdl").path
        let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return zip(lines, lines.dropFirst()).compactMap { line, next in
            guard line.hasPrefix("// verdict: "), next.hasPrefix("aggregate ") else { return nil }
            return (String(next.dropFirst("aggregate ".count).prefix { $0 != " " }), String(line.dropFirst("// verdict: ".count)))
        }
    }()

    /// `// verdict: X` followed by `saga Name`: changes of a saga's input, which its history stores.
    static let sagaVerdicts: [(saga: String, verdict: String)] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EVDLGeneratorTests/References/evolution/evolved.evdl").path
        let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return zip(lines, lines.dropFirst()).compactMap { line, next in
            guard line.hasPrefix("// verdict: "), next.hasPrefix("saga ") else { return nil }
            return (String(next.dropFirst("saga ".count).prefix { $0 != " " }), String(line.dropFirst("// verdict: ".count)))
        }
    }()

    static let id = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!

    /// The payload v1's generated encoder writes for `Deposited { sum: 12.5, kind: cash, count: 3 }` (sorted keys;
    /// `NarrowedFromOptional`'s v1 also had `note: String?`, left out when `nil`).
    static let v1Payload = Data(#"{"accountId":"\#(id.uuidString)","count":3,"kind":"cash","sum":12.5}"#.utf8)

    /// That event, made by v1's generated code, by aggregate.
    static let v1Events: [String: any EventSet] = [
        "AddedWithDefault": EVDLEvolutionV1.AddedWithDefault.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "AddedOptional": EVDLEvolutionV1.AddedOptional.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "RenamedWithWas": EVDLEvolutionV1.RenamedWithWas.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "Dropped": EVDLEvolutionV1.Dropped.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "WidenedToOptional": EVDLEvolutionV1.WidenedToOptional.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "IntAsDecimal": EVDLEvolutionV1.IntAsDecimal.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "CaseAdded": EVDLEvolutionV1.CaseAdded.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "AddedWithoutDefault": EVDLEvolutionV1.AddedWithoutDefault.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "RenamedWithoutWas": EVDLEvolutionV1.RenamedWithoutWas.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "Retyped": EVDLEvolutionV1.Retyped.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "DecimalAsInt": EVDLEvolutionV1.DecimalAsInt.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "NarrowedFromOptional": EVDLEvolutionV1.NarrowedFromOptional.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, note: nil)),
        "CaseRemoved": EVDLEvolutionV1.CaseRemoved.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "TypeRemoved": EVDLEvolutionV1.TypeRemoved.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "Upcast": EVDLEvolutionV1.Upcast.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "Split": EVDLEvolutionV1.Split.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "SnapshotKept": EVDLEvolutionV1.SnapshotKept.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
        "SnapshotReshaped": EVDLEvolutionV1.SnapshotReshaped.Event.deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)),
    ]

    /// Verdicts under which the stored v1 events still read: the safe changes, and a reshaped snapshotted state (a
    /// warning: its snapshots are ignored and rebuilt, see `EvolutionSnapshotTests`).
    static let readable: Set<String> = ["safe", "EVDL0820"]

    /// Reads a recorded event with each aggregate's generated `Event.decode`, and says what a correct read is.
    static let readers: [String: @Sendable (RecordedEvent, PayloadCodec) throws -> Bool] = [
        "AddedWithDefault": { r, c in try AddedWithDefault.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, memo: "none")) },
        "AddedOptional": { r, c in try AddedOptional.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, memo: nil)) },
        "RenamedWithWas": { r, c in try RenamedWithWas.Event.decode(r, codec: c) == .deposited(.init(accountId: id, amount: 12.5, kind: .cash, count: 3)) },
        "Dropped": { r, c in try Dropped.Event.decode(r, codec: c) == .deposited(.init(accountId: id, kind: .cash, count: 3)) },
        "WidenedToOptional": { r, c in try WidenedToOptional.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)) },
        "IntAsDecimal": { r, c in try IntAsDecimal.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)) },
        "CaseAdded": { r, c in try CaseAdded.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)) },
        "AddedWithoutDefault": { r, c in try AddedWithoutDefault.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, memo: "")) },
        "RenamedWithoutWas": { r, c in try RenamedWithoutWas.Event.decode(r, codec: c) == .deposited(.init(accountId: id, amount: 12.5, kind: .cash, count: 3)) },
        "Retyped": { r, c in try Retyped.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: "12.5", kind: .cash, count: 3)) },
        "DecimalAsInt": { r, c in try DecimalAsInt.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12, kind: .cash, count: 3)) },
        "NarrowedFromOptional": { r, c in try NarrowedFromOptional.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, note: "")) },
        "CaseRemoved": { r, c in try CaseRemoved.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .card, count: 3)) },
        "TypeRemoved": { r, c in try TypeRemoved.Event.decode(r, codec: c) == .credited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)) },
        "Upcast": { r, c in try Upcast.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, total: 37.5)) },
        "Split": { r, c in try Split.Event.decodeAll(r, codec: c) == [.credited(.init(accountId: id, sum: 12.5, kind: .cash)), .counted(.init(accountId: id, count: 3))] },
        "SnapshotKept": { r, c in try SnapshotKept.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3, memo: "none")) },
        "SnapshotReshaped": { r, c in try SnapshotReshaped.Event.decode(r, codec: c) == .deposited(.init(accountId: id, sum: 12.5, kind: .cash, count: 3)) },
    ]

    /// The hook `Upcast` needs: v2 added `total`, the sum times the count, which no default can say.
    struct TotalFromCount: Upcast.Upcasting {
        func depositedFromV1(_ payload: inout [String: Any]) throws {
            guard let sum = payload["sum"] as? Double, let count = payload["count"] as? Int else {
                throw CommandRejection("a v1 Deposited without sum and count")
            }
            payload["total"] = sum * Double(count)
        }
    }

    /// Writes one v1 event per aggregate into a new file store, closes it, and returns the events as a reopened
    /// store reads them, by aggregate.
    private func storedV1Events(extra: [(String, NewEvent)] = []) async throws -> [String: RecordedEvent] {
        let path = NSTemporaryDirectory() + "evdl-evolution-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try FileEventStore(path: path)
        for (aggregate, _) in Self.verdicts {
            let event = try #require(Self.v1Events[aggregate], "\(aggregate)")
            _ = try await writer.append([NewEvent(typeName: event.typeName, schemaVersion: event.schemaVersion, payload: try event.encodePayload(codec: .standard))],
                                        to: StreamID("\(aggregate)-\(Self.id)"), expectedVersion: .noStream)
        }
        for (stream, event) in extra { _ = try await writer.append([event], to: StreamID(stream), expectedVersion: .any) }
        await writer.close()
        let reader = try FileEventStore(path: path)
        var read: [String: RecordedEvent] = [:]
        for (aggregate, _) in Self.verdicts {
            read[aggregate] = try await reader.readStream(StreamID("\(aggregate)-\(Self.id)")).first
        }
        for (stream, _) in extra { read[stream] = try await reader.readStream(StreamID(stream)).last }
        await reader.close()
        return read
    }

    @Test("evolved.evdl has a verdict and a reader for every aggregate, safe changes and breaks among them")
    func everyAggregateHasAVerdict() {
        #expect(Set(Self.verdicts.map(\.aggregate)) == Set(Self.readers.keys))
        #expect(Set(Self.verdicts.map(\.aggregate)) == Set(Self.v1Events.keys))
        #expect(Self.verdicts.filter { Self.readable.contains($0.verdict) }.count == 9)
        #expect(Self.verdicts.filter { !Self.readable.contains($0.verdict) }.count == 9)
    }

    @Test("the stored v1 payloads are what v1's generated code writes: v1 of each event, the same bytes")
    func v1CodeWritesThePayloads() throws {
        for (aggregate, event) in Self.v1Events {
            #expect(event.typeName == "\(aggregate).Deposited" && event.schemaVersion == 1)
            #expect(try event.encodePayload(codec: .standard) == Self.v1Payload, "\(aggregate)")
        }
    }

    @Test("every change the check accepts reads the stored v1 payload back; every change it rejects fails to read it")
    func verdictsHoldForStoredPayloads() async throws {
        let stored = try await storedV1Events()
        for (aggregate, verdict) in Self.verdicts {
            let recorded = try #require(stored[aggregate], "\(aggregate)")
            #expect(recorded.schemaVersion == 1)
            let outcome: Result<Bool, any Error> = Result { try Self.readers[aggregate]!(recorded, .standard) }
            switch (Self.readable.contains(verdict), outcome) {
            case (true, .success(let correct)):
                #expect(correct, "\(aggregate): read, but not as the v1 values")
            case (true, .failure(let error)):
                Issue.record("\(aggregate) is a safe change but the v1 payload did not read: \(error)")
            case (_, .success):
                Issue.record("\(aggregate) breaks (\(verdict)) but the v1 payload read back")
            case (_, .failure(let error)):
                let decoding = error as? EventDecodingError
                #expect(decoding != nil, "\(aggregate): \(error)")
                #expect(decoding?.streamID == StreamID("\(aggregate)-\(Self.id)") && decoding?.streamVersion == 1, "\(aggregate): the error names the stream and position")
            }
        }
    }

    @Test("an upcaster reads what the decoder alone cannot: the break accepted for it is safe with the hook")
    func upcasterReadsTheBreak() async throws {
        let stored = try await storedV1Events()
        let recorded = try #require(stored["Upcast"])
        #expect(throws: EventDecodingError.self) { try Self.readers["Upcast"]!(recorded, .standard) }
        let codec = PayloadCodec(upcasters: Upcast.upcasters(TotalFromCount()))
        #expect(try Self.readers["Upcast"]!(recorded, codec))
        #expect(Upcast.Deposited.schemaVersion == 2)
        // The hooks of one aggregate do not touch another's events.
        #expect(try Self.readers["AddedWithDefault"]!(try #require(stored["AddedWithDefault"]), codec))
    }

    @Test("an upcaster that throws is an EventDecodingError naming the event, the versions and the stream")
    func failingUpcaster() async throws {
        struct Refusing: Upcast.Upcasting {
            func depositedFromV1(_ payload: inout [String: Any]) throws { throw CommandRejection("no") }
        }
        let stored = try await storedV1Events()
        let recorded = try #require(stored["Upcast"])
        let error = try #require(throws: EventDecodingError.self) {
            try Upcast.Event.decode(recorded, codec: PayloadCodec(upcasters: Upcast.upcasters(Refusing())))
        }
        #expect(error.code == .invalidPayload)
        #expect(error.description.contains("the upcaster of `Upcast.Deposited` from v1 to v2 failed"))
        #expect(error.description.contains("stream `Upcast-\(Self.id)`, version 1"))
    }

    @Test("a stored event newer than the code is an error naming the stream and position, never skipped")
    func newerVersionIsAnError() async throws {
        let newer = NewEvent(typeName: "AddedWithDefault.Deposited", schemaVersion: 3, payload: Self.v1Payload)
        let stream = "AddedWithDefault-newer"
        let stored = try await storedV1Events(extra: [(stream, newer), (stream, newer)])
        let recorded = try #require(stored[stream])
        let error = try #require(throws: EventDecodingError.self) { try AddedWithDefault.Event.decode(recorded, codec: .standard) }
        #expect(error.code == .unsupportedSchemaVersion && error.schemaVersion == 3)
        #expect(error.description == "unsupportedSchemaVersion: `AddedWithDefault.Deposited` v3 was written by newer code; this code knows up to v2 (stream `AddedWithDefault-newer`, version 2)")
    }

    @Test("a saga history started by v1 code resumes with the evolved input when the check accepts the change")
    func sagaInputs() async throws {
        #expect(Self.sagaVerdicts.map(\.saga) == ["SagaInputDefaulted", "SagaInputRequired"])
        // What v1's saga driver stores as the input of `$Saga.Started`: the input encoded by the options' codec.
        let input = try PayloadCodec.standard.encode(EVDLEvolutionV1.SagaInputDefaulted.Input(accountId: Self.id, amount: 12.5))
        #expect(input == Data(#"{"accountId":"\#(Self.id.uuidString)","amount":12.5}"#.utf8))
        #expect(try PayloadCodec.standard.encode(EVDLEvolutionV1.SagaInputRequired.Input(accountId: Self.id, amount: 12.5)) == input)
        let path = NSTemporaryDirectory() + "evdl-evolution-saga-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try FileEventStore(path: path)
        for (saga, _) in Self.sagaVerdicts {
            _ = try await writer.append([NewEvent(typeName: "$Saga.Started", payload: input)], to: StreamID("$Saga.\(saga)-\(Self.id)"), expectedVersion: .noStream)
        }
        await writer.close()
        let reader = try FileEventStore(path: path)
        // What the saga driver does when it resumes a history: decode the first event's payload as the input.
        let started = { (saga: String) in try #require(try await reader.readStream(StreamID("$Saga.\(saga)-\(Self.id)")).first).payload }
        let defaulted = try PayloadCodec.standard.decode(SagaInputDefaulted.Input.self, from: try await started("SagaInputDefaulted"))
        #expect(defaulted == SagaInputDefaulted.Input(accountId: Self.id, amount: 12.5, note: "none"))
        // Foundation's decoder reads it the same way (the generated `init(from:)` takes the default too).
        let foundation = PayloadCodec(decoding: .foundation)
        #expect(try foundation.decode(SagaInputDefaulted.Input.self, from: try await started("SagaInputDefaulted")) == defaulted)
        let required = try await started("SagaInputRequired")
        #expect(throws: (any Error).self) { try PayloadCodec.standard.decode(SagaInputRequired.Input.self, from: required) }
        await reader.close()
    }

    @Test("stored types and service commands and results read older shapes with Foundation's decoder as with the runtime's")
    func foundationDecoding() throws {
        let note = Data(#"{"body":"hi"}"#.utf8)
        let store = Data(#"{"note":{"body":"hi"}}"#.utf8)
        let result = Data(#"{"receipt":"r-1"}"#.utf8)
        for codec in [PayloadCodec(decoding: .fast), PayloadCodec(decoding: .foundation)] {
            #expect(try codec.decode(Note.self, from: note) == Note(text: "hi", lang: "en"), "\(codec.decoding)")
            #expect(try codec.decode(Archive.Store.self, from: store) == Archive.Store(note: Note(text: "hi", lang: "en"), copies: 1), "\(codec.decoding)")
            #expect(try codec.decode(Archive.StoreResult.self, from: result) == Archive.StoreResult(receipt: "r-1", pages: 1), "\(codec.decoding)")
        }
    }
}
