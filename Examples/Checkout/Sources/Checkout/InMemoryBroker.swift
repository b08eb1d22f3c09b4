import EVDLRuntime
import Foundation

/// A broker in memory, standing in for Kafka, NATS or SQS: keeps every message it confirmed, in order.
package actor InMemoryBroker: MessagePublisher {
    /// The messages confirmed, in order.
    package private(set) var messages: [OutboundMessage] = []

    /// Creates an empty broker.
    package init() {}

    /// Confirms `message`.
    package func publish(_ message: OutboundMessage) {
        messages.append(message)
    }
}

extension OutboxRoutes {
    /// The outbox routes of this module's `publish` declarations (the generated `PublishRoutes`), in a stable order.
    package static var checkout: OutboxRoutes {
        OutboxRoutes(
            PublishRoutes.topicsByEventType.keys.sorted().flatMap { eventType in
                (PublishRoutes.topicsByEventType[eventType] ?? []).map { OutboxRoutes.Route(eventType: eventType, topic: $0) }
            })
    }
}
