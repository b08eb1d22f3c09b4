import EVDLRuntime
import Foundation

// A bridge from the shape the generator gives policies today (`eventTypes`, `delays`, `commands(for:codec:)`) to
// EVDLRuntime's `EventPolicy`, which `PolicyRunner` runs. To be deleted once the generator emits the conformance.

/// The members the generator gives each `policy`.
protocol GeneratedPolicy {
    static var name: String { get }
    static var eventTypes: Set<String> { get }
    static var delays: [Duration?] { get }
    static func commands(for recorded: RecordedEvent, codec: PayloadCodec) throws -> [any RoutedCommand]
}

extension GeneratedPolicy {
    /// `eventTypes`.
    package static var handledEventTypes: Set<String> { eventTypes }

    /// Each command with its delay: `.now` or `.after`.
    package static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        var sends: [PolicySend] = []
        for (command, delay) in zip(try commands(for: recorded, codec: codec), delays) {
            let command: any RoutedCommand = command
            sends.append(policySend(command, after: delay))
        }
        return sends
    }
}

private func policySend<C: RoutedCommand>(_ command: C, after delay: Duration?) -> PolicySend {
    delay.map { .after($0, command) } ?? .now(command)
}

extension ReleaseStockWhenCancelled: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
extension ExpireUnconfirmedOrders: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
extension ReserveStockWhenPlaced: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
extension ChargeWhenPlaced: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
extension ConfirmWhenPaid: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
extension CancelWhenDeclined: GeneratedPolicy, EventPolicy, @unchecked Sendable {}  // caseless: nothing to share
