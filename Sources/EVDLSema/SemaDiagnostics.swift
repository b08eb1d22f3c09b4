import EVDLSyntax

/// Every diagnostic the checker emits: codes and messages in one place.
///
/// Codes: `EVDL02xx` names and declarations, `EVDL03xx` types and expressions, `EVDL04xx` aggregates,
/// projections and scenarios, `EVDL05xx` sagas, `EVDL06xx` policies and publish, `EVDL07xx` unused warnings.
enum SemaDiagnostics {
    // MARK: Codes

    static let unknownName = DiagnosticCode("EVDL0201")
    static let unknownType = DiagnosticCode("EVDL0202")
    static let unknownMessage = DiagnosticCode("EVDL0203")
    static let ambiguousName = DiagnosticCode("EVDL0204")
    static let duplicateDeclaration = DiagnosticCode("EVDL0205")
    static let duplicateMember = DiagnosticCode("EVDL0206")
    static let duplicateHandler = DiagnosticCode("EVDL0207")
    static let wrongKind = DiagnosticCode("EVDL0208")
    static let unknownField = DiagnosticCode("EVDL0209")
    static let missingFields = DiagnosticCode("EVDL0210")
    static let duplicateArgument = DiagnosticCode("EVDL0211")
    static let unknownMember = DiagnosticCode("EVDL0212")

    static let mismatchedTypes = DiagnosticCode("EVDL0301")
    static let conditionNotBool = DiagnosticCode("EVDL0302")
    static let invalidOperands = DiagnosticCode("EVDL0303")
    static let invalidOperand = DiagnosticCode("EVDL0304")
    static let optionalNotUnwrapped = DiagnosticCode("EVDL0305")
    static let coalesceNonOptional = DiagnosticCode("EVDL0306")
    static let cannotInfer = DiagnosticCode("EVDL0307")
    static let invalidCall = DiagnosticCode("EVDL0308")
    static let invalidSubscript = DiagnosticCode("EVDL0309")
    static let nowNotAllowed = DiagnosticCode("EVDL0310")
    static let invalidAssignment = DiagnosticCode("EVDL0311")
    static let recursiveType = DiagnosticCode("EVDL0312")
    static let integerOverflow = DiagnosticCode("EVDL0313")
    static let invalidClosure = DiagnosticCode("EVDL0314")
    static let invalidConversion = DiagnosticCode("EVDL0315")
    static let invalidMutatingCall = DiagnosticCode("EVDL0316")
    static let nonExhaustiveSwitch = DiagnosticCode("EVDL0317")
    static let invalidSwitchCase = DiagnosticCode("EVDL0318")
    static let ifLetNotOptional = DiagnosticCode("EVDL0319")
    static let optionalChainOnNonOptional = DiagnosticCode("EVDL0320")
    static let invalidElementType = DiagnosticCode("EVDL0321")

    static let missingIdentity = DiagnosticCode("EVDL0401")
    static let fieldNeedsDefault = DiagnosticCode("EVDL0403")
    static let commandNeverDecided = DiagnosticCode("EVDL0405")
    static let emitNotListed = DiagnosticCode("EVDL0406")
    static let emitForeignEvent = DiagnosticCode("EVDL0407")
    static let statementNotAllowed = DiagnosticCode("EVDL0408")
    static let identityInEmit = DiagnosticCode("EVDL0409")
    static let missingProjectionKey = DiagnosticCode("EVDL0410")
    static let handlerKeyUnavailable = DiagnosticCode("EVDL0411")
    static let invalidQueryResult = DiagnosticCode("EVDL0412")
    static let scenarioMixesAggregates = DiagnosticCode("EVDL0413")

    static let missingSagaInput = DiagnosticCode("EVDL0501")
    static let missingSagaStart = DiagnosticCode("EVDL0502")
    static let bindingWithoutResult = DiagnosticCode("EVDL0504")
    static let multiplePivots = DiagnosticCode("EVDL0505")
    static let stepAfterPivot = DiagnosticCode("EVDL0506")
    static let valueNotYetProduced = DiagnosticCode("EVDL0507")
    static let invalidTimeout = DiagnosticCode("EVDL0508")

    static let policyCycle = DiagnosticCode("EVDL0601")
    static let duplicateRoute = DiagnosticCode("EVDL0602")
    static let emptyTopic = DiagnosticCode("EVDL0603")
    static let invalidDelay = DiagnosticCode("EVDL0604")

    static let eventNeverEmitted = DiagnosticCode("EVDL0701")
    static let eventWithoutApply = DiagnosticCode("EVDL0702")
    static let serviceCommandUnused = DiagnosticCode("EVDL0703")
    static let unusedType = DiagnosticCode("EVDL0704")
    static let unusedLocal = DiagnosticCode("EVDL0705")

    /// Every code above, in order.
    static let allCodes: [DiagnosticCode] = [
        unknownName,
        unknownType,
        unknownMessage,
        ambiguousName,
        duplicateDeclaration,
        duplicateMember,
        duplicateHandler,
        wrongKind,
        unknownField,
        missingFields,
        duplicateArgument,
        unknownMember,
        mismatchedTypes,
        conditionNotBool,
        invalidOperands,
        invalidOperand,
        optionalNotUnwrapped,
        coalesceNonOptional,
        cannotInfer,
        invalidCall,
        invalidSubscript,
        nowNotAllowed,
        invalidAssignment,
        recursiveType,
        integerOverflow,
        invalidClosure,
        invalidConversion,
        invalidMutatingCall,
        nonExhaustiveSwitch,
        invalidSwitchCase,
        ifLetNotOptional,
        optionalChainOnNonOptional,
        invalidElementType,
        missingIdentity,
        fieldNeedsDefault,
        commandNeverDecided,
        emitNotListed,
        emitForeignEvent,
        statementNotAllowed,
        identityInEmit,
        missingProjectionKey,
        handlerKeyUnavailable,
        invalidQueryResult,
        scenarioMixesAggregates,
        createsOnServiceCommand,
        scenarioAggregateMissing,
        scenarioAggregateExists,
        optionalProjectionKey,
        handlerElementsNotCollection,
        handlerElementShadows,
        missingSagaInput,
        missingSagaStart,
        bindingWithoutResult,
        multiplePivots,
        stepAfterPivot,
        valueNotYetProduced,
        invalidTimeout,
        policyCycle,
        duplicateRoute,
        emptyTopic,
        invalidDelay,
        bindingOnDelayedSend,
        policyBindingWithoutResult,
        duplicatePolicyBinding,
        eventNeverEmitted,
        eventWithoutApply,
        serviceCommandUnused,
        unusedType,
        unusedLocal,
    ] + evolutionCodes + scenarioCodes

    // MARK: 02xx names and declarations

    static func unknownName(_ name: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownName, "cannot find `\(name)` in scope", at: span, label: "not found in this scope", help: help)
    }

    static func helpQualifyCase(_ name: String, of owner: String) -> String {
        "`\(name)` is a case of `\(owner)`; write `\(owner).\(name)` where no type is expected"
    }

    static func helpScenarioOnly(_ name: String) -> String { "`\(name)(…)` is available in scenarios only" }

    static func helpContextValueUnavailable(_ name: String, in context: String) -> String { "`\(name)` is not available in \(context)" }

    static func helpNotAValue(_ name: String, is noun: String) -> String { "`\(name)` is \(noun), not a value" }

    static func unknownType(_ name: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownType, "cannot find type `\(name)`", at: span, label: "unknown type",
                   help: help ?? "declare it with `type \(name) { … }` or `enum \(name) { … }`")
    }

    private static func unknownMessage(_ message: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownMessage, message, at: span, label: "not found", help: help)
    }

    static func unknownMessageOf(aggregate: String, kind: String, _ name: String, at span: Span, help: String?) -> Diagnostic {
        unknownMessage("aggregate `\(aggregate)` has no \(kind) `\(name)`", at: span, help: help)
    }

    static func unknownCommandOf(service: String, _ name: String, at span: Span, help: String?) -> Diagnostic {
        unknownMessage("service `\(service)` has no command `\(name)`", at: span, help: help)
    }

    static func noEventsInService(_ service: String, _ name: String, at span: Span) -> Diagnostic {
        unknownMessage("service `\(service)` has no event `\(name)`: services declare no events", at: span,
                       help: "events belong to aggregates: name one as `Aggregate.Event`")
    }

    static func unknownOwner(_ name: String, at span: Span, help: String?) -> Diagnostic {
        unknownMessage("cannot find aggregate or service `\(name)`", at: span, help: help)
    }

    static func unknownMessageName(kind: String, _ name: String, at span: Span, help: String?) -> Diagnostic {
        unknownMessage("cannot find \(kind) `\(name)`", at: span, help: help)
    }

    static func overlongMessageName(_ name: String, kind: String, at span: Span) -> Diagnostic {
        unknownMessage("`\(name)` is not \(kind) name", at: span, help: "write `Aggregate.Name` or `Service.Name`")
    }

    static func ambiguous(_ name: String, kind: String, candidates: [(String, Span)], at span: Span) -> Diagnostic {
        Diagnostic(.error, ambiguousName, "`\(name)` is ambiguous: \(candidates.count) \(kind)s have that name", at: span,
                   label: "ambiguous name",
                   notes: candidates.map { DiagnosticNote("`\($0.0)` is declared here", at: $0.1) },
                   help: "qualify it: `\(candidates[0].0)`")
    }

    static func duplicateDeclaration(_ kind: String, _ name: String, at span: Span, first: Span?) -> Diagnostic {
        Diagnostic(.error, duplicateDeclaration, "`\(name)` is declared more than once", at: span,
                   label: "\(kind) `\(name)` declared again",
                   notes: first.map { [DiagnosticNote("first declared here", at: $0)] } ?? [DiagnosticNote("`\(name)` is a built-in type")],
                   help: "rename one of them")
    }

    static func duplicateMember(_ kind: String, _ name: String, in owner: String, at span: Span, first: Span, firstNote: String = "first declared here") -> Diagnostic {
        Diagnostic(.error, duplicateMember, "duplicate \(kind) `\(name)` in \(owner)", at: span, label: "declared again",
                   notes: [DiagnosticNote(firstNote, at: first)], help: "remove or rename one of them")
    }

    static func duplicateHandler(_ kind: String, _ name: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicateHandler, "more than one `\(kind)` for `\(name)`", at: span, label: "second `\(kind)`",
                   notes: [DiagnosticNote("first `\(kind)` here", at: first)], help: "merge the two blocks into one")
    }

    static func wrongKind(_ name: String, is actual: String, expected: String, at span: Span, declared: Span?) -> Diagnostic {
        Diagnostic(.error, wrongKind, "`\(name)` is \(actual), but \(expected) is expected here", at: span,
                   label: "expected \(expected)",
                   notes: declared.map { [DiagnosticNote("`\(name)` is declared here", at: $0)] } ?? [],
                   help: "name \(expected) here")
    }

    static func unknownField(_ field: String, of owner: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownField, "`\(owner)` has no field `\(field)`", at: span, label: "unknown field", help: help)
    }

    static func missingFields(_ fields: [String], of owner: String, at span: Span, declared: Span?) -> Diagnostic {
        let list = fields.map { "`\($0)`" }.joined(separator: ", ")
        let noun = fields.count == 1 ? "field" : "fields"
        return Diagnostic(.error, missingFields, "missing \(noun) \(list) in `\(owner)`", at: span, label: "missing \(list)",
                          notes: declared.map { [DiagnosticNote("`\(fields[0])` is declared here", at: $0)] } ?? [],
                          help: "add " + fields.map { "`\($0): …`" }.joined(separator: ", "))
    }

    static func duplicateArgument(_ name: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicateArgument, "field `\(name)` is given more than once", at: span, label: "given again",
                   notes: [DiagnosticNote("first given here", at: first)], help: "remove one of them")
    }

    static func unknownMember(_ member: String, of type: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, unknownMember, "`\(type)` has no member `\(member)`", at: span, label: "unknown member", help: help)
    }

    // MARK: 03xx types and expressions

    static func mismatch(expected: SemType, found: SemType, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, mismatchedTypes, "mismatched types: expected `\(expected)`, found `\(found)`", at: span,
                   label: "expected `\(expected)`", help: help)
    }

    static func keyMismatch(projection: String, key: SemType, found: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, mismatchedTypes, "mismatched types: the key of `\(projection)` is `\(key)`, found `\(found)`", at: span,
                   label: "expected `\(key)`")
    }

    static func conditionNotBool(_ clause: String, found: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, conditionNotBool, "the condition of `\(clause)` must be `Bool`, found `\(found)`", at: span,
                   label: "not a `Bool`", help: "compare it, e.g. `x != …`, or use a `Bool` field")
    }

    static func invalidOperands(_ op: String, _ lhs: SemType, _ rhs: SemType, at span: Span, help: String? = nil) -> Diagnostic {
        var fallback = lhs == rhs
            ? "`\(op)` is not defined for `\(lhs)`"
            : "only an `Int` converts by itself (to `Decimal` or `Double`); convert other values explicitly"
        // `prices.first == count`: the `Int` is there, but it widens only next to a `Decimal` or `Double` that is not
        // optional.
        for (optional, other) in [(lhs, rhs), (rhs, lhs)] {
            if case .optional(let wrapped) = optional, wrapped == .decimal || wrapped == .double, other == .int {
                fallback = "an `Int` widens by itself only next to a `\(wrapped)` that is not optional: write `\(wrapped)(…)` around the `Int`"
            }
        }
        return Diagnostic(.error, invalidOperands, "operator `\(op)` cannot be applied to `\(lhs)` and `\(rhs)`", at: span,
                          label: "invalid operands", help: help ?? fallback)
    }

    static func invalidOperand(_ op: String, _ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidOperand, "operator `\(op)` cannot be applied to `\(type)`", at: span, label: "invalid operand",
                   help: op == "!" ? "`!` negates a `Bool`" : "`-` negates an `Int`, `Double` or `Decimal`")
    }

    static func optionalNotUnwrapped(_ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, optionalNotUnwrapped, "value of optional type `\(type)` must be unwrapped", at: span,
                   label: "optional", help: "give a default with `?? …`, read through it with `?.`, or unwrap it with `if let`")
    }

    static func coalesceNonOptional(_ type: SemType, at span: Span) -> Diagnostic {
        Diagnostic(.error, coalesceNonOptional, "left side of `??` has non-optional type `\(type)`", at: span,
                   label: "never `nil`", help: "remove `?? …`")
    }

    static func cannotInfer(_ what: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, cannotInfer, "cannot infer the type of \(what)", at: span, label: "type unknown",
                   help: "use it where a type is expected, e.g. as a field value")
    }

    static func invalidCallMessage(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        invalidCall(message, at: span, help: help)
    }

    private static func invalidCall(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, invalidCall, message, at: span, label: "invalid call", help: help)
    }

    static func enumHasNoInitializer(_ name: String, firstCase: String, at span: Span) -> Diagnostic {
        invalidCall("enum `\(name)` has no initializer", at: span, help: "name a case: `\(name).\(firstCase)`")
    }

    static func notCallable(_ type: SemType, at span: Span) -> Diagnostic {
        invalidCall("cannot call a value of type `\(type)`", at: span)
    }

    static func wrongArgumentCount(_ function: String, found: Int, at span: Span, help: String) -> Diagnostic {
        invalidCall("`\(function)` takes one unlabeled argument, found \(found)", at: span, help: help)
    }

    static func initializerNeedsLabels(_ type: String, at span: Span) -> Diagnostic {
        invalidCall("the initializer of `\(type)` takes labeled arguments", at: span, help: "write `field: value`")
    }

    static func uncalledMethod(_ name: String, at span: Span) -> Diagnostic {
        invalidCall("`\(name)` is a method and must be called", at: span, help: "write `\(name)(x)`")
    }

    static func invalidSubscript(_ type: SemType, at span: Span, help: String = "arrays take an `Int` index, dictionaries a key") -> Diagnostic {
        Diagnostic(.error, invalidSubscript, "value of type `\(type)` cannot be subscripted", at: span, label: "not subscriptable",
                   help: help)
    }

    static func nowNotAllowed(in context: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, nowNotAllowed, "`now` is not available in \(context)", at: span, label: "not available here",
                   help: "read the time in `decide` and store it in the event (`emit E { at: now }`), then use `event.at`")
    }

    private static func invalidAssignment(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, invalidAssignment, message, at: span, label: "cannot be assigned", help: help)
    }

    static func assignToEventField(_ name: String, stateWord: String, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to event field `\(name)`", at: span, help: "events are immutable facts; assign to a \(stateWord) field")
    }

    static func assignToIdentity(_ name: String, what: String, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to `\(name)`, the \(what)", at: span, help: "the id never changes")
    }

    static func assignToConstant(_ name: String, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to `\(name)`, a `let` constant", at: span, help: "declare a new constant with `let`")
    }

    static func assignToContextValue(_ name: String, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to `\(name)`", at: span, help: "assign to one of its fields")
    }

    static func assignToReadOnly(_ name: String, stateWord: String, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to `\(name)`", at: span, help: "only \(stateWord) fields can be assigned")
    }

    static func assignToMember(_ member: String, of type: SemType, at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to `\(member)` of a `\(type)`", at: span)
    }

    static func assignToExpression(at span: Span) -> Diagnostic {
        invalidAssignment("cannot assign to this expression", at: span)
    }

    static func recursiveType(_ name: String, path: [String], at span: Span, notes: [DiagnosticNote]) -> Diagnostic {
        Diagnostic(.error, recursiveType, "recursive type `\(name)` has infinite size: " + path.map { "`\($0)`" }.joined(separator: " → "),
                   at: span, label: "contains itself", notes: notes,
                   help: "break the cycle with an array (`[\(path.count > 1 ? path[1] : name)]`) or a dictionary; an optional does not")
    }

    static func integerOverflow(_ literal: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, integerOverflow, "integer literal `\(literal)` overflows `Int`", at: span, label: "too large for `Int`",
                   help: "an `Int` holds at most 9223372036854775807; use a `Decimal` field for larger numbers")
    }

    // MARK: 04xx aggregates, projections, scenarios

    static func missingIdentity(_ aggregate: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, missingIdentity, "aggregate `\(aggregate)` has no `id`", at: span, label: "needs `id name: Type`",
                   help: "add e.g. `id \(aggregate.prefix(1).lowercased() + aggregate.dropFirst())Id: UUID`")
    }


    static func fieldNeedsDefault(_ field: String, in block: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, fieldNeedsDefault, "\(block) field `\(field)` has no default value", at: span, label: "needs `= …`",
                   help: "every \(block) starts from defaults: add `= …`, or make the type optional (defaults to `nil`)")
    }


    static func commandNeverDecided(_ command: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, commandNeverDecided, "command `\(command)` has no `decide` and no `emits`", at: span,
                   label: "never decided",
                   help: "add `decide \(command) { … }`, or `emits E` to decide it in Swift")
    }

    static func emitNotListed(_ event: String, command: String, at span: Span, list: Span) -> Diagnostic {
        Diagnostic(.error, emitNotListed, "`decide \(command)` emits `\(event)`, which its `emits` list does not name", at: span,
                   label: "not in `emits`", notes: [DiagnosticNote("`\(command)` declares what it emits here", at: list)],
                   help: "add `\(event)` to the `emits` list of `\(command)`")
    }

    static func emitForeignEvent(_ event: String, aggregate: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, emitForeignEvent, "`\(aggregate)` cannot emit `\(event)`, an event of another aggregate", at: span,
                   label: "foreign event", help: "emit an event of `\(aggregate)`; react to it elsewhere with a policy")
    }

    private static func statementNotAllowed(_ statement: String, in context: String, at span: Span, help: String) -> Diagnostic {
        Diagnostic(.error, statementNotAllowed, "`\(statement)` is not allowed in \(context)", at: span, label: "not allowed here",
                   help: help)
    }

    static func requireOutsideDecide(in context: String, at span: Span) -> Diagnostic {
        statementNotAllowed("require", in: context, at: span, help: "only `decide` may reject; events that happened cannot be refused")
    }

    static func emitOutsideDecide(in context: String, at span: Span) -> Diagnostic {
        statementNotAllowed("emit", in: context, at: span, help: "events are emitted by `decide` blocks only")
    }

    static func deleteOutsideProjection(in context: String, at span: Span) -> Diagnostic {
        statementNotAllowed("delete", in: context, at: span, help: "`delete` removes a projection row; it belongs in a projection's `on` block")
    }

    static func assignmentInDecide(_ op: String, at span: Span) -> Diagnostic {
        statementNotAllowed(op, in: "`decide`", at: span, help: "`decide` only emits events; change the state in `apply`")
    }

    static func identityInEmit(_ field: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, identityInEmit, "`\(field)` is filled in by `emit`", at: span, label: "the aggregate's id",
                   help: "remove `\(field)`: an emitted event always carries the id of the aggregate that emits it")
    }

    static func missingProjectionKey(_ projection: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, missingProjectionKey, "projection `\(projection)` has no `key`", at: span, label: "needs `key name: Type`",
                   help: "add e.g. `key orderId: UUID`")
    }

    private static func handlerKeyUnavailable(_ message: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, handlerKeyUnavailable, message, at: span, label: "no key for the row",
                   help: "say where the key comes from: `on … key event.someField { … }`")
    }

    static func eventLacksKeyField(_ event: String, key: String, projection: String, at span: Span) -> Diagnostic {
        handlerKeyUnavailable("event `\(event)` has no field `\(key)` to use as the key of `\(projection)`", at: span)
    }

    static func keyFieldTypeDiffers(_ event: String, key: String, fieldType: SemType, projection: String, keyType: SemType, at span: Span) -> Diagnostic {
        handlerKeyUnavailable("field `\(key)` of `\(event)` is `\(fieldType)`, but the key of `\(projection)` is `\(keyType)`", at: span)
    }

    static func invalidQueryResult(_ found: String, projection: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidQueryResult, "a query of `\(projection)` returns `[\(projection)]` or `\(projection)?`, found `\(found)`",
                   at: span, label: "invalid result type")
    }

    private static func scenarioMixes(_ message: String, at span: Span, note: DiagnosticNote?) -> Diagnostic {
        Diagnostic(.error, scenarioMixesAggregates, message, at: span, label: "outside the scenario's aggregate",
                   notes: note.map { [$0] } ?? [], help: "a scenario exercises one aggregate: its events and one of its commands")
    }

    static func scenarioWhenIsServiceCommand(_ command: String, at span: Span) -> Diagnostic {
        scenarioMixes("`\(command)` is a service command; a scenario's `when` is a command of an aggregate", at: span, note: nil)
    }

    static func scenarioEventOfOtherAggregate(_ event: String, owner: String, aggregate: String, at span: Span, chosen: Span?) -> Diagnostic {
        scenarioMixes("`\(event)` is an event of `\(owner)`, but this scenario exercises `\(aggregate)`", at: span,
                      note: chosen.map { DiagnosticNote("`\(aggregate)` is chosen here", at: $0) })
    }

    // MARK: 05xx sagas

    static func missingSagaInput(_ saga: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, missingSagaInput, "saga `\(saga)` has no `input`", at: span, label: "needs `input { … }`",
                   help: "declare the values the saga works with: `input { orderId: UUID, … }`")
    }

    static func missingSagaStart(_ saga: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, missingSagaStart, "saga `\(saga)` has no `start on`", at: span, label: "never starts",
                   help: "add `start on Aggregate.Event { field: event.x, … }`")
    }


    static func bindingWithoutResult(_ command: String, at span: Span, declared: Span) -> Diagnostic {
        Diagnostic(.error, bindingWithoutResult, "`\(command)` returns no result to bind", at: span, label: "nothing to bind",
                   notes: [DiagnosticNote("`\(command)` is declared here", at: declared)],
                   help: "remove `as …`, or declare a result: `command … { … } -> { … }` in a service")
    }

    static func multiplePivots(_ step: String, at span: Span, pivot: String, pivotSpan: Span) -> Diagnostic {
        Diagnostic(.error, multiplePivots, "step `\(step)` is a second pivot: it has no `compensate` clause", at: span,
                   label: "cannot be undone", notes: [DiagnosticNote("`\(pivot)` is the pivot", at: pivotSpan)],
                   help: "a saga has at most one pivot: add `compensate …` (or `compensate nothing`), or `retry forever`")
    }

    static func stepAfterPivot(_ step: String, at span: Span, pivot: String, pivotSpan: Span) -> Diagnostic {
        Diagnostic(.error, stepAfterPivot, "step `\(step)` runs after the pivot `\(pivot)` but may fail", at: span,
                   label: "must not fail", notes: [DiagnosticNote("`\(pivot)` is the pivot: it cannot be undone", at: pivotSpan)],
                   help: "add `retry forever`: after the pivot the saga can only go forward")
    }

    static func valueNotYetProduced(_ name: String, reason: String, at span: Span, binding: Span) -> Diagnostic {
        Diagnostic(.error, valueNotYetProduced, "`\(name)` is read before it is produced", at: span, label: reason,
                   notes: [DiagnosticNote("`\(name)` is bound here", at: binding)],
                   help: "read only the input and the results of steps that completed before this point")
    }

    static func invalidTimeout(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidTimeout, "a step `timeout` must be longer than zero", at: span, label: "zero timeout")
    }

    // MARK: 06xx policies and publish

    static func policyCycle(path: String, at span: Span, notes: [DiagnosticNote]) -> Diagnostic {
        Diagnostic(.warning, policyCycle, "policies form a cycle: \(path)", at: span, label: "starts a cycle", notes: notes,
                   help: "make sure the cycle ends (e.g. with a `where` filter), or break it")
    }

    static func duplicateRoute(_ event: String, topic: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(.error, duplicateRoute, "`\(event)` is already published to \"\(topic)\"", at: span, label: "duplicate route",
                   notes: [DiagnosticNote("first published here", at: first)], help: "remove one of them")
    }

    static func emptyTopic(at span: Span) -> Diagnostic {
        Diagnostic(.error, emptyTopic, "the topic of `publish` is empty", at: span, label: "empty topic",
                   help: "name the topic, e.g. \"orders.placed\"")
    }

    static func invalidDelay(at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidDelay, "the delay of `after` must be longer than zero", at: span, label: "zero delay",
                   help: "remove `after` to send at once")
    }


    // MARK: 07xx unused

    static func eventNeverEmitted(_ event: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, eventNeverEmitted, "event `\(event)` is never emitted", at: span, label: "no `emit` and no `emits` names it",
                   help: "emit it in a `decide`, list it in a command's `emits`, or remove it")
    }

    static func eventWithoutApply(_ event: String, field: String, aggregate: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, eventWithoutApply,
                   "event `\(event)` has no `apply`, so state field `\(field)` of `\(aggregate)` never learns its `\(field)`",
                   at: span, label: "no `apply`", help: "add `apply \(event.split(separator: ".").last!) { \(field) = event.\(field) }`")
    }

    static func serviceCommandUnused(_ command: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, serviceCommandUnused, "service command `\(command)` is never invoked or sent", at: span,
                   label: "unused", help: "invoke it from a saga step, send it from a policy, or remove it")
    }

    static func unusedType(_ kind: String, _ name: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, unusedType, "\(kind) `\(name)` is never used", at: span, label: "unused", help: "remove it, or use it")
    }

    static func unusedLocal(_ name: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, unusedLocal, "constant `\(name)` is never used", at: span, label: "never read",
                   help: "remove it, use it, or name it `_`")
    }
}
