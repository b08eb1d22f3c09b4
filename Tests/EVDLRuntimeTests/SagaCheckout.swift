import EVDLRuntime
import Foundation

// `saga Checkout` of Examples/Checkout, written by hand exactly as the generator emits it (see Saga.swift).
// `retry 2` on createShipment and `retry 3` on chargePayment keep the test doubles' failure counts readable.

enum Checkout: SagaDefinition {
    static let name = "Checkout"

    struct Input: Sendable, Codable, Equatable { var orderId: UUID; var customerId: UUID; var items: [LineItem]; var amount: Decimal }

    struct Results: SagaResults {
        var charge: Payment.ChargeResult?
        var shipment: Shipping.CreateShipmentResult?
        init() {}
    }

    static let startEventTypes: Set<String> = [Order.OrderPlaced.typeName]

    static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input? {
        switch recorded.typeName {
        case Order.OrderPlaced.typeName:
            let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
            return Input(orderId: event.orderId, customerId: event.customerId, items: event.items, amount: event.total)
        default:
            return nil
        }
    }

    static let steps: [SagaStep<Checkout>] = [
        SagaStep("reserveStock",
                 invoke: { input, _ in Inventory.Reserve(reservationId: input.orderId, items: input.items) },
                 compensate: .command { input, _ in Inventory.Release(reservationId: input.orderId) }),
        SagaStep("chargePayment",
                 invoke: { input, _ in Payment.Charge(paymentId: input.orderId, customerId: input.customerId, amount: input.amount) },
                 as: { results, result in results.charge = result },
                 compensate: .command { input, results in
                     Payment.Refund(paymentId: input.orderId, transactionId: try bound(results.charge, "charge").transactionId, amount: input.amount)
                 },
                 retry: .times(3), timeout: .seconds(30)),
        SagaStep("checkCredit",
                 invoke: { input, _ in Payment.CheckCredit(customerId: input.customerId, amount: input.amount) },
                 compensate: .nothing),
        SagaStep("createShipment",
                 invoke: { input, _ in Shipping.CreateShipment(orderId: input.orderId, items: input.items) },
                 as: { results, result in results.shipment = result },
                 retry: .times(2)),
        SagaStep("confirm",
                 invoke: { input, _ in Order.ConfirmOrder(orderId: input.orderId) },
                 retry: .forever),
    ]

    static let onFailure: [SagaCommand<Checkout>] = [
        SagaCommand { input, _ in Order.CancelOrder(orderId: input.orderId, reason: "checkout failed") },
    ]
}
