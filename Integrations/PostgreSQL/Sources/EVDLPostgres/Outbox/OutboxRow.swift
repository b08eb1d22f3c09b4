import EVDLRuntime
import Foundation

/// One row of the outbox table, as both relays read it (the polling relay from the table, the CDC relay from the
/// write-ahead log).
struct OutboxRow: Sendable, Equatable {
    var eventID: UUID
    var streamID: StreamID
    var typeName: String
    var payload: Data
    var topic: String
    var eventPosition: Int64
    var streamVersion: Int64
    var schemaVersion: Int
    var occurredAtMilliseconds: Int64
    var causationID: UUID?
    var correlationID: UUID?
    var metadata: [String: String]

    /// The message to publish: the event id is the message id.
    var message: OutboundMessage {
        OutboundMessage(
            RecordedEvent(
                eventID: eventID, streamID: streamID, streamVersion: streamVersion, globalPosition: eventPosition, typeName: typeName,
                schemaVersion: schemaVersion, timestamp: Date(millisecondsSince1970: occurredAtMilliseconds), commandID: nil,
                causationID: causationID, correlationID: correlationID, metadata: metadata, payload: payload
            ),
            topic: topic
        )
    }
}

/// Publishes `message`, retrying with `backoff` up to `maxAttempts`; throws `OutboxError(.publishFailed)` then.
func publishConfirmed(
    _ message: OutboundMessage, publisher: any MessagePublisher, clock: any RuntimeClock, backoff: Backoff, maxAttempts: Int
) async throws {
    var failures = 0
    while true {
        do {
            try await publisher.publish(message)
            return
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            failures += 1
            guard failures < maxAttempts else {
                throw OutboxError(code: .publishFailed, message: "message `\(message.messageID)` to `\(message.topic)` failed \(failures) times: \(error)")
            }
            try await clock.sleep(for: backoff.delay(afterFailures: failures))
        }
    }
}
