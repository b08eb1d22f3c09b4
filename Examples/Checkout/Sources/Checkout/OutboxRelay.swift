import EVDLRuntime
import Foundation

/// A message leaving the system: a published event on one of its topics.
package struct OutboundMessage: Sendable, Equatable {
    /// The topic (`publish Order.OrderPlaced to "orders.placed"`).
    package var topic: String
    /// The event's id: consumers use it to drop a message delivered twice.
    package var eventID: UUID
    /// The event's stable type name.
    package var typeName: String
    /// The event's payload as stored (JSON).
    package var payload: String
}

/// Where the relay hands messages (a message broker in production).
package protocol MessagePublisher: Sendable {
    /// Publishes `message`; throwing leaves it to be published again.
    func publish(_ message: OutboundMessage) async throws
}

/// A broker in memory: keeps every message it accepted, in order.
package actor InMemoryBroker: MessagePublisher {
    /// The messages accepted, in order.
    package private(set) var messages: [OutboundMessage] = []

    /// Creates an empty broker.
    package init() {}

    /// Accepts `message`.
    package func publish(_ message: OutboundMessage) {
        messages.append(message)
    }
}

/// Publishes the events the spec's `publish` declarations name (the generated `PublishRoutes`) to their topics,
/// at least once, through a user-supplied `MessagePublisher`.
///
/// The event store is the outbox: an event to publish is committed in the same append as the state change it
/// records (it is that change), so nothing is published that did not happen and nothing that happened is lost.
/// The relay reads the store after its checkpoint, hands each routed event to the publisher topic by topic, and
/// saves the checkpoint after each event: after a crash an event may be published again, never skipped.
/// (Written in the example because `EVDLRuntime` has no relay yet; it uses only the store and checkpoint APIs.)
package actor OutboxRelay {
    private let store: any EventStore
    private let checkpoints: any CheckpointStore
    private let publisher: any MessagePublisher
    private let topicsByEventType: [String: [String]]
    private let name: String

    /// Creates a relay for `topicsByEventType` (e.g. `PublishRoutes.topicsByEventType`).
    package init(
        store: any EventStore, checkpoints: any CheckpointStore, publisher: any MessagePublisher,
        topicsByEventType: [String: [String]], name: String = "outbox"
    ) {
        self.store = store
        self.checkpoints = checkpoints
        self.publisher = publisher
        self.topicsByEventType = topicsByEventType
        self.name = name
    }

    /// Publishes every routed event after the checkpoint; returns how many messages were published.
    @discardableResult
    package func publishPending(batchSize: Int = 500) async throws -> Int {
        var position = try await checkpoints.checkpoint(for: name)
        var published = 0
        while true {
            let batch = try await store.readAll(fromPosition: position + 1, limit: batchSize)
            guard !batch.isEmpty else { return published }
            for event in batch {
                for topic in topicsByEventType[event.typeName] ?? [] {
                    try await publisher.publish(OutboundMessage(
                        topic: topic, eventID: event.eventID, typeName: event.typeName,
                        payload: String(decoding: event.payload, as: UTF8.self)))
                    published += 1
                }
                position = event.globalPosition
                try await checkpoints.save(position, for: name)
            }
        }
    }
}
