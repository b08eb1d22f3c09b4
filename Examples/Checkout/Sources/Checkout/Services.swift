import EVDLRuntime
import Foundation

/// A transient failure of an external system: retrying may help (a saga step with `retry` tries again).
package struct Unavailable: Error, CustomStringConvertible {
    /// What was unavailable.
    package var what: String
    /// `<what> is unavailable`.
    package var description: String { "\(what) is unavailable" }
}

/// The outside world behind the generated service protocols, in memory: a payment provider and a carrier that
/// apply each idempotency key once (a repeated delivery gets the first result), remember what they did in plain
/// sentences, and can be told to decline a customer's card or to be unavailable for a while.
package actor ExternalWorld {
    /// What the providers did, in order, in plain sentences.
    package private(set) var log: [String] = []
    /// The charges applied: payment id → amount.
    package private(set) var charges: [UUID: Decimal] = [:]
    /// The refunds applied: payment id → amount.
    package private(set) var refunds: [UUID: Decimal] = [:]
    /// The shipments created: order id → tracking number.
    package private(set) var shipments: [UUID: String] = [:]
    private var results: [IdempotencyKey: any Sendable] = [:]
    private var declined: Set<UUID> = []
    private var shipmentOutages = 0

    /// Creates a world where every card is accepted and the carrier is up.
    package init() {}

    /// Declines every charge for `customer` from now on.
    package func declineCards(of customer: UUID) {
        declined.insert(customer)
    }

    /// Makes the carrier fail the next `times` shipment requests (transiently).
    package func takeCarrierDown(times: Int) {
        shipmentOutages = times
    }

    /// Forgets the log (the demo tells one story at a time).
    package func clearLog() {
        log = []
    }

    /// Runs `apply` once per idempotency key; repeats return the first result without applying again.
    func once<R: Sendable>(_ key: IdempotencyKey, _ apply: () throws -> R) throws -> R {
        if let first = results[key] as? R { return first }
        let result = try apply()
        results[key] = result
        return result
    }

    func charge(_ command: Payment.Charge, key: IdempotencyKey) throws -> Payment.ChargeResult {
        try once(key) {
            guard !declined.contains(command.customerId) else {
                log.append("The payment provider declines the card for the charge of \(command.amount).")
                throw CommandRejection("the card was declined")
            }
            charges[command.paymentId] = command.amount
            let transaction = "tx-\(command.paymentId.uuidString.suffix(4))"
            log.append("The payment provider charges \(command.amount) (transaction \(transaction)).")
            return Payment.ChargeResult(transactionId: transaction)
        }
    }

    func refund(_ command: Payment.Refund, key: IdempotencyKey) throws {
        try once(key) {
            refunds[command.paymentId] = command.amount
            log.append("The payment provider refunds \(command.amount) of transaction \(command.transactionId).")
        }
    }

    func checkCredit(_ command: Payment.CheckCredit, key: IdempotencyKey) throws {
        try once(key) {
            log.append("The payment provider confirms the customer's credit for \(command.amount).")
        }
    }

    func createShipment(_ command: Shipping.CreateShipment, key: IdempotencyKey) throws -> Shipping.CreateShipmentResult {
        if shipmentOutages > 0 {
            shipmentOutages -= 1
            log.append("The carrier is unavailable.")
            throw Unavailable(what: "the carrier")
        }
        return try once(key) {
            let tracking = "1Z-\(command.orderId.uuidString.suffix(4))"
            shipments[command.orderId] = tracking
            log.append("The carrier books a shipment of \(command.items.map(\.quantity).reduce(0, +)) items (tracking \(tracking)).")
            return Shipping.CreateShipmentResult(tracking: tracking)
        }
    }

    func note(_ sentence: String) {
        log.append(sentence)
    }
}

/// The user's implementation of the generated `PaymentService` (`service Payment` in `participants.evdl`).
///
/// With `billing`, it also reports a declined card as a `Billing` fact (the choreography of `choreography.evdl`
/// moves on from it; a successful charge is recorded by the policy that sent it, from the charge's result); a
/// declined card is still a rejection of the `Payment.Charge` command.
package struct PaymentProvider: PaymentService {
    /// The provider's systems.
    package let world: ExternalWorld
    /// Where declines are reported as facts, in the choreography.
    package let billing: Repository<Billing>?

    /// Creates the provider.
    package init(world: ExternalWorld, billing: Repository<Billing>? = nil) {
        self.world = world
        self.billing = billing
    }

    /// Charges the customer; throws `CommandRejection` when the card is declined.
    package func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult {
        do {
            return try await world.charge(command, key: envelope.idempotencyKey)
        } catch let rejection as CommandRejection {
            if let billing {
                _ = try await billing.execute(
                    .recordDecline(Billing.RecordDecline(orderId: command.paymentId, reason: rejection.message)),
                    context: envelope.commandContext)
            }
            throw rejection
        }
    }

    /// Refunds a charge.
    package func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws {
        try await world.refund(command, key: envelope.idempotencyKey)
    }

    /// Checks the customer's credit (read-only: nothing to undo).
    package func checkCredit(_ command: Payment.CheckCredit, envelope: CommandEnvelope) async throws {
        try await world.checkCredit(command, key: envelope.idempotencyKey)
    }
}

/// The user's implementation of the generated `ShippingService` (`service Shipping` in `participants.evdl`).
package struct Carrier: ShippingService {
    /// The carrier's systems.
    package let world: ExternalWorld

    /// Creates the carrier.
    package init(world: ExternalWorld) {
        self.world = world
    }

    /// Books a shipment; throws `Unavailable` while the carrier is down.
    package func createShipment(_ command: Shipping.CreateShipment, envelope: CommandEnvelope) async throws -> Shipping.CreateShipmentResult {
        try await world.createShipment(command, key: envelope.idempotencyKey)
    }
}
