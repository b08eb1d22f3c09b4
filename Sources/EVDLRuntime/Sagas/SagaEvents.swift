import Foundation

/// One event of a saga instance's history, recorded in the instance's own stream (`$Saga.<Name>-<id>`).
/// The history is the saga's state: `SagaStateMachine` folds it, and a new orchestrator resumes from it.
public enum SagaEvent: Sendable, Equatable, Hashable {
    /// The saga started (the event's payload is its input).
    case started
    /// Attempt `attempt` of step `step` must finish by `dueAt` (a step timeout, recorded before the attempt so that
    /// it still fires after a restart).
    case stepTimeoutScheduled(step: Int, attempt: Int, dueAt: Date)
    /// Step `step` completed (the payload carries its bound result, if any).
    case stepCompleted(step: Int)
    /// Attempt `attempt` of step `step` failed.
    case stepAttemptFailed(step: Int, attempt: Int, reason: String)
    /// Step `step` failed for good (retries exhausted or a permanent failure): compensation begins.
    case stepFailed(step: Int, reason: String)
    /// The compensation of step `step` completed.
    case compensationCompleted(step: Int)
    /// Attempt `attempt` of the compensation of step `step` failed.
    case compensationAttemptFailed(step: Int, attempt: Int, reason: String)
    /// The compensation of step `step` was given up (or the step is a pivot that cannot be undone).
    case compensationFailed(step: Int, reason: String)
    /// The `on failure` command `index` completed.
    case failureCommandCompleted(index: Int)
    /// Attempt `attempt` of the `on failure` command `index` failed.
    case failureCommandAttemptFailed(index: Int, attempt: Int, reason: String)
    /// The `on failure` command `index` was given up.
    case failureCommandFailed(index: Int, reason: String)
    /// Every step completed.
    case completed
    /// The saga failed and ended: `compensated` when everything was undone and every `on failure` command ran.
    case ended(compensated: Bool, reason: String)

    /// Whether this event ends the saga.
    public var isTerminal: Bool {
        switch self {
        case .completed, .ended: true
        case .started, .stepTimeoutScheduled, .stepCompleted, .stepAttemptFailed, .stepFailed, .compensationCompleted,
             .compensationAttemptFailed, .compensationFailed, .failureCommandCompleted, .failureCommandAttemptFailed,
             .failureCommandFailed: false
        }
    }
}

/// The stored form of saga history events.
///
/// Type names are `"$Saga.<Case>"` (the `$` marks runtime streams and events). The payload of `started` is the
/// input as JSON (`PayloadCodec`); every other payload is, little-endian (schema version 1):
/// `u32 index | u16 length + UTF-8 step name | u32 attempt | i64 time (ms since 1970) | u32 length + UTF-8 reason |
/// rest` where `rest` is the bound result of `stepCompleted` as JSON (empty when the step binds none). Unused fields
/// are zero or empty. The step name is checked against the definition on replay, so a renamed or reordered step is
/// reported instead of misread.
@usableFromInline
enum SagaEventCodec {
    @usableFromInline static let prefix = "$Saga."
    static let startedType = "$Saga.Started"

    @usableFromInline
    static func typeName(_ event: SagaEvent) -> String {
        switch event {
        case .started: startedType
        case .stepTimeoutScheduled: "$Saga.StepTimeoutScheduled"
        case .stepCompleted: "$Saga.StepCompleted"
        case .stepAttemptFailed: "$Saga.StepAttemptFailed"
        case .stepFailed: "$Saga.StepFailed"
        case .compensationCompleted: "$Saga.CompensationCompleted"
        case .compensationAttemptFailed: "$Saga.CompensationAttemptFailed"
        case .compensationFailed: "$Saga.CompensationFailed"
        case .failureCommandCompleted: "$Saga.FailureCommandCompleted"
        case .failureCommandAttemptFailed: "$Saga.FailureCommandAttemptFailed"
        case .failureCommandFailed: "$Saga.FailureCommandFailed"
        case .completed: "$Saga.Completed"
        case .ended: "$Saga.Ended"
        }
    }

    /// Encodes `event` (with `blob`: the input of `started`, the result of `stepCompleted`).
    static func encode(_ event: SagaEvent, stepNames: [String], blob: Data?) -> Data {
        var index = 0, attempt = 0, time: Int64 = 0, reason = "", name = ""
        switch event {
        case .started:
            return blob ?? Data()
        case .stepTimeoutScheduled(let step, let a, let dueAt):
            (index, attempt, time) = (step, a, dueAt.millisecondsSince1970)
        case .stepCompleted(let step), .compensationCompleted(let step):
            index = step
        case .stepAttemptFailed(let step, let a, let r), .compensationAttemptFailed(let step, let a, let r):
            (index, attempt, reason) = (step, a, r)
        case .stepFailed(let step, let r), .compensationFailed(let step, let r):
            (index, reason) = (step, r)
        case .failureCommandCompleted(let i):
            index = i
        case .failureCommandAttemptFailed(let i, let a, let r):
            (index, attempt, reason) = (i, a, r)
        case .failureCommandFailed(let i, let r):
            (index, reason) = (i, r)
        case .completed:
            break
        case .ended(let compensated, let r):
            (index, reason) = (compensated ? 1 : 0, r)
        }
        switch event {
        case .stepTimeoutScheduled, .stepCompleted, .compensationCompleted, .stepAttemptFailed, .compensationAttemptFailed,
             .stepFailed, .compensationFailed:
            name = index < stepNames.count ? stepNames[index] : ""
        case .started, .failureCommandCompleted, .failureCommandAttemptFailed, .failureCommandFailed, .completed, .ended:
            break
        }
        // One allocation: the fields written straight into the payload's bytes.
        return name.withUTF8 { nameBytes in
            reason.withUTF8 { reasonBytes in
                let nameCount = Swift.min(nameBytes.count, Int(UInt16.max))
                let blobCount = blob?.count ?? 0
                var payload = Data(count: 22 + nameCount + reasonBytes.count + blobCount)
                payload.withUnsafeMutableBytes { raw in
                    var offset = 0
                    func put<T: FixedWidthInteger>(_ value: T) {
                        raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
                        offset += MemoryLayout<T>.size
                    }
                    func put(_ bytes: UnsafeRawBufferPointer) {
                        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                        (raw.baseAddress! + offset).copyMemory(from: source, byteCount: bytes.count)
                        offset += bytes.count
                    }
                    put(UInt32(truncatingIfNeeded: index))
                    put(UInt16(nameCount))
                    put(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(nameBytes)[0..<nameCount]))
                    put(UInt32(truncatingIfNeeded: attempt))
                    put(UInt64(bitPattern: time))
                    put(UInt32(truncatingIfNeeded: reasonBytes.count))
                    put(UnsafeRawBufferPointer(reasonBytes))
                    blob?.withUnsafeBytes { put($0) }
                }
                return payload
            }
        }
    }

    /// Decodes a recorded history event; returns the event and its blob (input or result JSON, possibly empty).
    static func decode(_ recorded: RecordedEvent, stepNames: [String]) throws -> (SagaEvent, Data) {
        if recorded.typeName == startedType {
            return (.started, recorded.payload)
        }
        let fields: Fields
        do {
            fields = try recorded.payload.withUnsafeBytes { raw in try Fields(raw) }
        } catch {
            throw invalid(recorded, (error as? LogDecodeFailure)?.detail ?? "\(error)")
        }
        let (index, attempt, reason) = (fields.index, fields.attempt, fields.reason)
        let event: SagaEvent
        switch recorded.typeName {
        case "$Saga.StepTimeoutScheduled": event = .stepTimeoutScheduled(step: index, attempt: attempt, dueAt: Date(millisecondsSince1970: fields.time))
        case "$Saga.StepCompleted": event = .stepCompleted(step: index)
        case "$Saga.StepAttemptFailed": event = .stepAttemptFailed(step: index, attempt: attempt, reason: reason)
        case "$Saga.StepFailed": event = .stepFailed(step: index, reason: reason)
        case "$Saga.CompensationCompleted": event = .compensationCompleted(step: index)
        case "$Saga.CompensationAttemptFailed": event = .compensationAttemptFailed(step: index, attempt: attempt, reason: reason)
        case "$Saga.CompensationFailed": event = .compensationFailed(step: index, reason: reason)
        case "$Saga.FailureCommandCompleted": event = .failureCommandCompleted(index: index)
        case "$Saga.FailureCommandAttemptFailed": event = .failureCommandAttemptFailed(index: index, attempt: attempt, reason: reason)
        case "$Saga.FailureCommandFailed": event = .failureCommandFailed(index: index, reason: reason)
        case "$Saga.Completed": event = .completed
        case "$Saga.Ended": event = .ended(compensated: index == 1, reason: reason)
        default: throw invalid(recorded, "unknown saga event type `\(recorded.typeName)`")
        }
        if !fields.name.isEmpty {
            guard index < stepNames.count, stepNames[index] == fields.name else {
                throw SagaError(
                    code: .definitionMismatch,
                    message: "stream `\(recorded.streamID)` at version \(recorded.streamVersion) records step \(index) as `\(fields.name)`, but the saga's step \(index) is \(index < stepNames.count ? "`\(stepNames[index])`" : "missing")"
                )
            }
        }
        return (event, fields.rest)
    }

    /// The fixed fields of a non-`started` payload.
    private struct Fields {
        var index: Int, name: String, attempt: Int, time: Int64, reason: String, rest: Data

        init(_ raw: UnsafeRawBufferPointer) throws {
            var cursor = ByteCursor(raw, offset: 0, end: raw.count)
            index = Int(try cursor.u32())
            name = try cursor.string(Int(try cursor.u16()))
            attempt = Int(try cursor.u32())
            time = try cursor.i64()
            reason = try cursor.string(Int(try cursor.u32()))
            rest = Data(raw[cursor.offset...])
        }
    }

    private static func invalid(_ recorded: RecordedEvent, _ detail: String) -> SagaError {
        SagaError(code: .invalidHistory, message: "saga event `\(recorded.typeName)` at version \(recorded.streamVersion) of `\(recorded.streamID)` does not decode: \(detail)")
    }
}

/// The payloads of the history events that carry only an index (a step completed without a bound result, a
/// compensation completed, an `on failure` command completed, the saga completed): the same bytes for every
/// instance, so each is encoded once per orchestrator and shared.
@usableFromInline
struct SagaFixedPayloads: Sendable {
    private let stepCompleted: [Data]
    private let compensationCompleted: [Data]
    private let failureCommandCompleted: [Data]
    private let completed: Data

    @usableFromInline
    init(stepNames: [String], failureCommands: Int) {
        stepCompleted = stepNames.indices.map { SagaEventCodec.encode(.stepCompleted(step: $0), stepNames: stepNames, blob: nil) }
        compensationCompleted = stepNames.indices.map { SagaEventCodec.encode(.compensationCompleted(step: $0), stepNames: stepNames, blob: nil) }
        failureCommandCompleted = (0..<failureCommands).map { SagaEventCodec.encode(.failureCommandCompleted(index: $0), stepNames: stepNames, blob: nil) }
        completed = SagaEventCodec.encode(.completed, stepNames: stepNames, blob: nil)
    }

    /// `SagaEventCodec.encode(event, stepNames:, blob:)`, shared when it is one of the fixed payloads.
    @usableFromInline
    func payload(of event: SagaEvent, stepNames: [String], blob: Data?) -> Data {
        switch event {
        case .stepCompleted(let step) where blob == nil && step >= 0 && step < stepCompleted.count:
            return stepCompleted[step]
        case .compensationCompleted(let step) where step >= 0 && step < compensationCompleted.count:
            return compensationCompleted[step]
        case .failureCommandCompleted(let index) where index >= 0 && index < failureCommandCompleted.count:
            return failureCommandCompleted[index]
        case .completed:
            return completed
        case .started, .stepTimeoutScheduled, .stepCompleted, .stepAttemptFailed, .stepFailed, .compensationCompleted,
             .compensationAttemptFailed, .compensationFailed, .failureCommandCompleted, .failureCommandAttemptFailed,
             .failureCommandFailed, .ended:
            return SagaEventCodec.encode(event, stepNames: stepNames, blob: blob)
        }
    }
}
