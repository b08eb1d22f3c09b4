import EVDLRuntime
import Foundation
import Testing

/// `Tests/DomainCorpus/billing.evdl`: trials, renewals with VAT, proration, dunning and cancellation.
@Suite struct BillingTests {
    let subscription = Subscription()
    let id = At.id(1)
    let team = Plan(code: "team", price: 12, interval: .monthly, seats: 5)

    func decide(_ command: Subscription.Command, _ state: Subscription.State, at seconds: Double = 0) throws -> [Subscription.Event] {
        try subscription.decide(command, state: state, context: At.context(seconds))
    }

    func subscribed(trial: Bool) throws -> Subscription.State {
        Subscription.replay(try decide(.subscribe(Subscription.Subscribe(subscriptionId: id, customerId: At.id(2), plan: team, withTrial: trial)), Subscription.State()))
    }

    @Test func aTrialLastsFourteenDaysThenRenewsWithVAT() throws {
        let state = try subscribed(trial: true)
        #expect(state.status == .trialing && state.periodEnd == At.date(14 * At.day))
        #expect(throws: CommandRejection("the period ends in \(Duration.seconds(At.day))")) {
            try decide(.renew(Subscription.Renew(subscriptionId: id)), state, at: 13 * At.day)
        }
        let renewed = try decide(.renew(Subscription.Renew(subscriptionId: id)), state, at: 14 * At.day)
        // 5 seats × 12 = 60, VAT 8.1 % = 4.86.
        #expect(renewed == [.renewed(Subscription.Renewed(
            subscriptionId: id, periodStart: At.date(14 * At.day), periodEnd: At.date(44 * At.day),
            invoiceLines: [InvoiceLine(description: "team × 5", amount: 60), InvoiceLine(description: "VAT 8.1 %", amount: At.money("4.86"))],
            total: At.money("64.86")))])
        #expect(Subscription.replay(renewed, from: state).status == .active)
    }

    @Test func anUpgradeIsProratedForTheRestOfThePeriod() throws {
        let state = try subscribed(trial: false)  // 30 days from 0
        let bigger = Plan(code: "business", price: 20, interval: .monthly, seats: 5)
        // 10 of 30 days used: (100 − 60) × 20/30 = 26.67.
        let changed = try decide(.changePlan(Subscription.ChangePlan(subscriptionId: id, plan: bigger)), state, at: 10 * At.day)
        #expect(changed == [.planChanged(Subscription.PlanChanged(subscriptionId: id, plan: bigger, proration: At.money("26.67")))])
        // A downgrade credits nothing now.
        let smaller = Plan(code: "solo", price: 5, interval: .monthly, seats: 1)
        #expect(try decide(.changePlan(Subscription.ChangePlan(subscriptionId: id, plan: smaller)), state, at: 10 * At.day)
            == [.planChanged(Subscription.PlanChanged(subscriptionId: id, plan: smaller, proration: 0))])
        #expect(throws: CommandRejection("change the interval at renewal")) {
            try decide(.changePlan(Subscription.ChangePlan(subscriptionId: id, plan: Plan(code: "y", price: 100, interval: .yearly))), state, at: 1)
        }
    }

    @Test func dunningRetriesThreeTimesThenExpires() throws {
        var state = try subscribed(trial: false)
        for attempt in 1...3 {
            let failed = try decide(.recordPaymentFailure(Subscription.RecordPaymentFailure(subscriptionId: id, reason: "declined")), state, at: Double(attempt))
            #expect(failed == [.paymentFailed(Subscription.PaymentFailed(subscriptionId: id, attempt: attempt, reason: "declined", retryAt: At.date(Double(attempt) + 3 * At.day)))])
            state = Subscription.replay(failed, from: state)
        }
        #expect(state.status == .pastDue)
        let last = try decide(.recordPaymentFailure(Subscription.RecordPaymentFailure(subscriptionId: id, reason: "declined")), state, at: 9)
        #expect(last == [
            .paymentFailed(Subscription.PaymentFailed(subscriptionId: id, attempt: 4, reason: "declined", retryAt: nil)),
            .subscriptionExpired(Subscription.SubscriptionExpired(subscriptionId: id)),
        ])
        #expect(Subscription.replay(last, from: state).status == .expired)
        // Paying while past due recovers the subscription.
        #expect(Subscription.replay(try decide(.recordPayment(Subscription.RecordPayment(subscriptionId: id)), state), from: state).status == .active)
    }

    @Test func cancellingAtThePeriodsEndOrImmediately() throws {
        let state = try subscribed(trial: false)
        let scheduled = try decide(.cancel(Subscription.Cancel(subscriptionId: id, immediately: false)), state, at: 5)
        #expect(scheduled == [.cancellationScheduled(Subscription.CancellationScheduled(subscriptionId: id, at: At.date(30 * At.day)))])
        let pending = Subscription.replay(scheduled, from: state)
        // The renewal at the period's end cancels instead of charging.
        #expect(try decide(.renew(Subscription.Renew(subscriptionId: id)), pending, at: 30 * At.day)
            == [.subscriptionCancelled(Subscription.SubscriptionCancelled(subscriptionId: id, at: At.date(30 * At.day)))])
        #expect(try decide(.cancel(Subscription.Cancel(subscriptionId: id, immediately: true)), state, at: 7)
            == [.subscriptionCancelled(Subscription.SubscriptionCancelled(subscriptionId: id, at: At.date(7)))])
        let cancelled = Subscription.replay(try decide(.cancel(Subscription.Cancel(subscriptionId: id, immediately: true)), state), from: state)
        #expect(throws: CommandRejection("subscription \(id) is already cancelled")) { try decide(.cancel(Subscription.Cancel(subscriptionId: id, immediately: true)), cancelled) }
    }
}
