@testable import EVDLRuntime
import Foundation
import Testing

/// The shortcuts of the saga hot path give the same keys, ids and bytes as the plain formulas.
@Suite struct SagaKeysAndPayloadsTests {
    let id = UUID(uuidString: "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")!

    @Test func upperCaseStringIsUUIDString() {
        #expect(id.upperCaseString == id.uuidString)
        for _ in 0..<100 {
            let random = UUID()
            #expect(random.upperCaseString == random.uuidString)
        }
    }

    @Test func instanceKeysContinueThePrefixHash() {
        let instance = SagaInstance<Checkout>(id: id, version: 0, machine: SagaStateMachine(shape: SagaShape(steps: [])), input: .init(orderId: id, customerId: id, items: [], amount: 1))
        for (step, phase) in [("reserveStock", SagaPhase.invoke), ("chargePayment", .compensate)] {
            let fast = instance.key(step + "/" + phase.rawValue)
            let plain = IdempotencyKey.saga("Checkout", id: id, step: step, phase: phase)
            #expect(fast.rawValue == plain.rawValue)
            #expect(fast.uuid == plain.uuid)
            #expect(fast.uuid == IdempotencyKey(plain.rawValue).uuid)
        }
        #expect(instance.stream == SagaOrchestrator<Checkout>.streamID(for: id))
        #expect(instance.stream.rawValue == "$Saga.Checkout-\(id.uuidString)")
    }

    @Test func fixedPayloadsAreTheEncodedEvents() {
        let names = ["a", "bb", "ccc"]
        let fixed = SagaFixedPayloads(stepNames: names, failureCommands: 2)
        let events: [SagaEvent] = [
            .stepCompleted(step: 0), .stepCompleted(step: 2), .compensationCompleted(step: 1), .failureCommandCompleted(index: 1), .completed,
            .stepFailed(step: 1, reason: "no"), .ended(compensated: true, reason: "r"),
        ]
        for event in events {
            #expect(fixed.payload(of: event, stepNames: names, blob: nil) == SagaEventCodec.encode(event, stepNames: names, blob: nil))
        }
        let blob = Data("{\"x\":1}".utf8)
        #expect(fixed.payload(of: .stepCompleted(step: 1), stepNames: names, blob: blob) == SagaEventCodec.encode(.stepCompleted(step: 1), stepNames: names, blob: blob))
        #expect(fixed.payload(of: .stepCompleted(step: 1), stepNames: names, blob: blob) != fixed.payload(of: .stepCompleted(step: 1), stepNames: names, blob: nil))
    }

    @Test func historyPayloadsDecodeBack() throws {
        let names = ["reserve", "charge"]
        let events: [SagaEvent] = [
            .stepTimeoutScheduled(step: 1, attempt: 2, dueAt: Date(millisecondsSince1970: 1_800_000_000_123)),
            .stepAttemptFailed(step: 0, attempt: 3, reason: "déclinée ✓"), .compensationFailed(step: 1, reason: ""), .ended(compensated: false, reason: "r"),
        ]
        for (offset, event) in events.enumerated() {
            let recorded = RecordedEvent(
                eventID: UUID(), streamID: "s", streamVersion: Int64(offset + 1), globalPosition: Int64(offset + 1), typeName: SagaEventCodec.typeName(event),
                schemaVersion: 1, timestamp: Date(), commandID: nil, causationID: nil, correlationID: nil, metadata: [:],
                payload: SagaEventCodec.encode(event, stepNames: names, blob: nil)
            )
            let (decoded, rest) = try SagaEventCodec.decode(recorded, stepNames: names)
            #expect(decoded == event)
            #expect(rest.isEmpty)
        }
    }
}
