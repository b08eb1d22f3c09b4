import EVDLSyntax

/// Diagnostics of existence (`creates`), projections over several rows, recorded-event metadata and policies
/// that act on the results of service commands (`EVDL0414`–`EVDL0429`, `EVDL0605`–`EVDL0619`).
extension SemaDiagnostics {
    static let createsOnServiceCommand = DiagnosticCode("EVDL0414")
    static let scenarioAggregateMissing = DiagnosticCode("EVDL0415")
    static let scenarioAggregateExists = DiagnosticCode("EVDL0416")
    static let optionalProjectionKey = DiagnosticCode("EVDL0417")
    static let handlerElementsNotCollection = DiagnosticCode("EVDL0418")
    static let handlerElementShadows = DiagnosticCode("EVDL0419")

    static let bindingOnDelayedSend = DiagnosticCode("EVDL0605")
    static let policyBindingWithoutResult = DiagnosticCode("EVDL0606")
    static let duplicatePolicyBinding = DiagnosticCode("EVDL0607")

    static func createsOnServiceCommand(_ command: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, createsOnServiceCommand, "`creates` on the service command `\(command)`", at: span,
                   label: "services have no aggregate to create",
                   help: "remove `creates`: only aggregate commands create their aggregate")
    }

    static func scenarioAggregateMissing(_ command: String, aggregate: String, at span: Span, then: Span?) -> Diagnostic {
        Diagnostic(.error, scenarioAggregateMissing,
                   "`\(command)` needs an existing `\(aggregate)`, but the scenario has no `given` events", at: span,
                   label: "rejected before `decide` runs",
                   notes: then.map { [DiagnosticNote("the scenario expects another outcome here", at: $0)] } ?? [],
                   help: "add the events that create the `\(aggregate)` with `given`, declare the command `creates` (or `creates if missing`), or expect `then rejected` (without a message: the runtime's names the aggregate)")
    }

    static func scenarioAggregateExists(_ command: String, aggregate: String, at span: Span, given: Span) -> Diagnostic {
        Diagnostic(.error, scenarioAggregateExists,
                   "`\(command)` creates its `\(aggregate)`, but the `given` events already created it", at: span,
                   label: "rejected before `decide` runs",
                   notes: [DiagnosticNote("the `\(aggregate)` exists from this event on", at: given)],
                   help: "remove the `given` events, declare the command `creates if missing`, or expect `then rejected` (without a message: the runtime's names the aggregate)")
    }

    static func optionalProjectionKey(_ type: SemType, at span: Span, element: (collection: String, name: String)?) -> Diagnostic {
        var help = "a row key must always be there: unwrap it (`key event.x ?? …`) or give the handler `for x in collection key x`"
        if let element {
            help = "update one row per element: write `for \(element.name) in \(element.collection) key \(element.name)`"
        }
        return Diagnostic(.error, optionalProjectionKey, "a row key cannot be optional, found `\(type)`", at: span,
                          label: "may be `nil`", help: help)
    }

    static func handlerElementsNotCollection(_ type: SemType, at span: Span) -> Diagnostic {
        var help = "iterate over an array of the event, e.g. `for tag in event.tags`"
        if case .optional(.array) = type { help = "the array may be missing: iterate over `… ?? []`" }
        return Diagnostic(.error, handlerElementsNotCollection, "`for … in` needs an array, found `\(type)`", at: span,
                          label: "not a collection", help: help)
    }

    static func handlerElementShadows(_ name: String, at span: Span, what: String) -> Diagnostic {
        Diagnostic(.error, handlerElementShadows, "the element `\(name)` hides \(what)", at: span, label: "hides \(what)",
                   help: "give the element another name")
    }

    static func duplicateProjectionHandler(_ event: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicateHandler, "more than one `on` for `\(event)` with the same rows", at: span,
                   label: "second `on`", notes: [DiagnosticNote("first `on` here", at: first)],
                   help: "merge the two blocks into one, or tell them apart with `for`, `key` or `where`")
    }

    static func bindingOnDelayedSend(_ name: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, bindingOnDelayedSend, "`after … send` cannot bind its result to `\(name)`", at: span,
                   label: "sent later, as a deadline",
                   help: "a deadline's command runs after the policy has finished: remove `as \(name)`, or send it at once")
    }

    static func policyBindingWithoutResult(_ command: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, policyBindingWithoutResult, "`\(command)` returns no result to bind", at: span,
                   label: "nothing to bind", help: "bind only service commands that declare `-> { … }`; remove `as …`")
    }

    static func duplicatePolicyBinding(_ name: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicatePolicyBinding, "`\(name)` is bound twice in this policy", at: span, label: "bound again",
                   notes: [DiagnosticNote("first bound here", at: first)], help: "give the second result another name")
    }
}

extension SemaExplanations {
    static let flows: [DiagnosticExplanation] = [
        DiagnosticExplanation(code: SemaDiagnostics.createsOnServiceCommand, title: "`creates` on a service command",
            explanation: "`creates` and `creates if missing` say whether an aggregate command creates its aggregate. A service is implemented in Swift and has no aggregate, so its commands take neither.",
            failingExample: "service Payment { command Charge creates { amount: Decimal } }",
            fixedExample: "service Payment { command Charge { amount: Decimal } }"),
        DiagnosticExplanation(code: SemaDiagnostics.scenarioAggregateMissing, title: "scenario command needs an existing aggregate",
            explanation: "A command without `creates` needs its aggregate to exist (to have at least one event); otherwise it is rejected with `aggregateNotFound` before `decide` runs. A scenario without `given` runs against a stream that does not exist, so such a command can only be rejected, and with the runtime's message (which names the aggregate and its id), not one of the spec's `require`s.",
            failingExample: "scenario \"deposit\" {\n  when Account.Deposit { accountId: id(1), amount: 5 }\n  then Account.Deposited { accountId: id(1), amount: 5 }\n}",
            fixedExample: "scenario \"deposit\" {\n  given Account.AccountOpened { accountId: id(1), owner: \"Ada\" }\n  when Account.Deposit { accountId: id(1), amount: 5 }\n  then Account.Deposited { accountId: id(1), amount: 5 }\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.scenarioAggregateExists, title: "scenario creates an aggregate that exists",
            explanation: "A `creates` command requires that its aggregate does not exist yet; a second create is rejected with `aggregateAlreadyExists` before `decide` runs. With `given` events the aggregate exists, so the command can only be rejected. `creates if missing` acts on an existing aggregate instead.",
            failingExample: "scenario \"open twice\" {\n  given Account.AccountOpened { accountId: id(1), owner: \"Ada\" }\n  when Account.OpenAccount { accountId: id(1), owner: \"Ada\" }\n  then nothing\n}",
            fixedExample: "scenario \"open twice\" {\n  given Account.AccountOpened { accountId: id(1), owner: \"Ada\" }\n  when Account.OpenAccount { accountId: id(1), owner: \"Ada\" }\n  then rejected\n}"),
        DiagnosticExplanation(code: SemaDiagnostics.optionalProjectionKey, title: "optional row key",
            explanation: "Every event a handler handles changes a row at a key, so the key must always be there. An optional key (`event.tags[0]` is `nil` for an empty array, `event.customerId` may be declared `UUID?`) could not say which row to change. To update one row per element of a collection, write `for x in collection key x`; to use a fallback, `key event.x ?? fallback`.",
            failingExample: "on Post.Posted key event.tags[0] { count += 1 }",
            fixedExample: "on Post.Posted for tag in event.tags key tag { count += 1 }"),
        DiagnosticExplanation(code: SemaDiagnostics.handlerElementsNotCollection, title: "`for … in` over a value that is not a collection",
            explanation: "`on E for x in collection` runs the handler once per element of an array of the event, with `x` bound to the element in `key`, `where` and the body.",
            failingExample: "on Post.Posted for tag in event.text key tag { count += 1 }",
            fixedExample: "on Post.Posted for tag in event.tags key tag { count += 1 }"),
        DiagnosticExplanation(code: SemaDiagnostics.handlerElementShadows, title: "element name hides another name",
            explanation: "The element of `for x in collection` is a new name in the handler. It may not hide a row field, `event`, `row` or `recorded`, or an assignment would be ambiguous. (It may be named like the projection's key.)",
            failingExample: "on Post.Posted for count in event.counts key count { count += 1 }",
            fixedExample: "on Post.Posted for n in event.counts key n { count += 1 }"),
        DiagnosticExplanation(code: SemaDiagnostics.bindingOnDelayedSend, title: "`after … send` with `as`",
            explanation: "`send … as name` binds the result of a service command for the sends after it, which run at once, in order. An `after` send is stored as a deadline and runs after the policy has finished, so it has no result to bind.",
            failingExample: "after 30m send Payment.Charge { … } as charge",
            fixedExample: "send Payment.Charge { … } as charge"),
        DiagnosticExplanation(code: SemaDiagnostics.policyBindingWithoutResult, title: "binding a command without result",
            explanation: "`as name` binds a command's result; only service commands declaring `-> { … }` have one.",
            failingExample: "send Order.ConfirmOrder { orderId: event.orderId } as confirmed",
            fixedExample: "send Order.ConfirmOrder { orderId: event.orderId }"),
        DiagnosticExplanation(code: SemaDiagnostics.duplicatePolicyBinding, title: "result bound twice",
            explanation: "Each `as` of a policy names a different result.",
            failingExample: "send Payment.Charge { … } as r\nsend Shipping.CreateShipment { … } as r",
            fixedExample: "send Payment.Charge { … } as charge\nsend Shipping.CreateShipment { … } as shipment"),
    ]
}
