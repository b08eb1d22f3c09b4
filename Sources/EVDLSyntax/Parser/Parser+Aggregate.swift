/// `aggregate` and its members; `command` and `event` (shared with `service`).
extension Parser {
    static let aggregateMembers = "`id`, `snapshot`, `state`, `command`, `event`, `decide` and `apply`"

    /// aggregateDecl = "aggregate" IDENT "{" { aggregateMember sep } "}"
    mutating func parseAggregateDecl(doc: DocComment?) -> AggregateDecl? {
        let keyword = advance()
        guard let name = expectName("a name for the `aggregate`"), let open = expectBodyOpen("`aggregate` `\(name)`") else { return nil }
        var members: [AggregateMember] = []
        _ = parseList(
            open: open, context: "`aggregate` body", kind: .members,
            startsItem: { p in p.startsAggregateMember },
            item: { p in if let member = p.parseAggregateMember() { members.append(member) } },
            unexpected: { p in
                p.error(SyntaxDiagnostics.unexpectedMember(p.currentSpan, body: "an `aggregate` body", allowed: Parser.aggregateMembers, found: p.describe(p.current)))
            })
        return AggregateDecl(doc: doc, name: name, members: members.trimmedToFit, span: span(from: keyword.span.start))
    }

    var startsAggregateMember: Bool {
        guard case .keyword(let k) = current.kind else { return false }
        return k == .id || k == .snapshot || k == .state || k == .command || k == .event || k == .decide || k == .apply
    }

    /// aggregateMember = idDecl | snapshotDecl | stateBlock | commandDecl | eventDecl | decideDecl | applyDecl
    mutating func parseAggregateMember() -> AggregateMember? {
        guard case .keyword(let k) = current.kind else { return nil }
        switch k {
        case .id:
            // idDecl = "id" fieldName ":" type
            let keyword = advance()
            return parseIdentity(keyword: keyword).map(AggregateMember.id)
        case .snapshot:
            // snapshotDecl = "snapshot" "every" INTEGER
            let keyword = advance()
            guard expect(.keyword(.every), "after `snapshot`", help: "write `snapshot every 100`") != nil,
                  let count = parseCount("`snapshot every`", minimum: 1)
            else { return nil }
            return .snapshot(every: count, span: span(from: keyword.span.start))
        case .state:
            // stateBlock = "state" "{" fieldList "}"
            return parseFieldBlock(owner: "state").map(AggregateMember.state)
        case .command:
            return parseCommandDecl(inService: false).map(AggregateMember.command)
        case .event:
            return parseEventDecl().map(AggregateMember.event)
        case .decide:
            // decideDecl = "decide" IDENT block
            let keyword = advance()
            guard let command = expectName("the name of the command to decide") else { return nil }
            let body = parseBlock(context: "`decide` body")
            return .decide(DecideDecl(command: command, body: body, span: span(from: keyword.span.start)))
        case .apply:
            // applyDecl = "apply" IDENT block
            let keyword = advance()
            guard let event = expectName("the name of the event to apply") else { return nil }
            let body = parseBlock(context: "`apply` body")
            return .apply(ApplyDecl(event: event, body: body, span: span(from: keyword.span.start)))
        case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario, .every, .emits,
             .emit, .require, .else, .if, .let, .delete, .key, .row, .on, .query, .where, .input, .start, .step,
             .invoke, .as, .compensate, .nothing, .retry, .forever, .timeout, .failure, .send, .after, .to, .given,
             .when, .then, .rejected, .true, .false, .nil:
            return nil
        }
    }

    /// `state { … }`, `row { … }`, `input { … }`.
    mutating func parseFieldBlock(owner: String) -> FieldBlock? {
        let keyword = advance()
        guard let open = expect(.leftBrace, "after `\(owner)`", help: "list the fields in braces: `\(owner) { name: Type }`") else { return nil }
        let fields = parseFieldList(open: open, context: "`\(owner)` block")
        return FieldBlock(fields: fields, span: span(from: keyword.span.start))
    }

    /// commandDecl = [ DOC ] "command" IDENT [ "creates" [ "if" "missing" ] ] [ "emits" IDENT { "," IDENT } ]
    ///               "{" fieldList "}"                                                              (aggregate)
    /// serviceCommand = [ DOC ] "command" IDENT "{" fieldList "}" [ "->" "{" fieldList "}" ]     (service)
    mutating func parseCommandDecl(inService: Bool) -> CommandDecl? {
        let doc = doc(of: current)
        let keyword = advance()
        guard let name = expectName("a name for the `command`") else { return nil }
        var existence = CommandExistence.existing
        var existenceSpan: Span?
        if at(.identifier), !isEscaped(current), text(current) == "creates" {
            // `creates` / `creates if missing`: whether the command may meet an aggregate that does not exist yet.
            let creates = advance()
            existence = .creates
            if at(.if), peek().kind == .identifier, text(peek()) == "missing" {
                advance()
                advance()
                existence = .createsIfMissing
            }
            existenceSpan = span(from: creates.span.start)
            if inService {
                softError(SyntaxDiagnostics.serviceCommandCreates(existenceSpan ?? creates.span))
                existence = .existing
            }
        }
        var emits: [Identifier] = []
        if at(.emits) {
            let emitsToken = advance()
            if inService {
                softError(SyntaxDiagnostics.serviceCommandEmits(emitsToken.span))
            }
            repeat {
                guard let event = expectName("an event name after `emits`") else { return nil }
                emits.append(event)
            } while eat(.comma) != nil
        }
        guard let open = expectBodyOpen("`command` `\(name)`") else { return nil }
        let fields = parseFieldList(open: open, context: "`command` body")
        var result: [FieldDecl]?
        if at(.arrow) {
            let arrow = advance()
            if !inService {
                softError(SyntaxDiagnostics.aggregateCommandResult(arrow.span))
            }
            guard let resultOpen = expect(.leftBrace, "after `->`", help: "list the result fields in braces: `-> { name: Type }`") else { return nil }
            let fields = parseFieldList(open: resultOpen, context: "command result")
            if inService { result = fields }
        }
        return CommandDecl(doc: doc, name: name, emits: emits, fields: fields, result: result, existence: existence,
                           existenceSpan: existenceSpan, span: span(from: keyword.span.start))
    }

    /// eventDecl = [ DOC ] "event" IDENT [ VERSION ] "{" fieldList "}" ;  VERSION = "v" DIGIT { DIGIT } (an identifier)
    mutating func parseEventDecl() -> EventDecl? {
        let doc = doc(of: current)
        let keyword = advance()
        guard let name = expectName("a name for the `event`") else { return nil }
        var version = 1
        var versionSpan: Span?
        if (at(.identifier) || at(.integer)) && (peek().kind == .leftBrace || text(current).hasPrefix("v")) {
            let token = advance()
            let raw = text(token)
            versionSpan = token.span
            if raw.hasPrefix("v"), raw.count > 1, raw.dropFirst().allSatisfy(\.isASCII), let n = Int(raw.dropFirst()),
               n >= 1, n <= Int(Int32.max), raw.dropFirst().allSatisfy(\.isNumber) {
                version = n
            } else {
                softError(SyntaxDiagnostics.invalidEventVersion(token.span, text: raw))
            }
        }
        guard let open = expectBodyOpen("`event` `\(name)`") else { return nil }
        let fields = parseFieldList(open: open, context: "`event` body")
        return EventDecl(doc: doc, name: name, version: version, versionSpan: versionSpan, fields: fields,
                         span: span(from: keyword.span.start))
    }
}
