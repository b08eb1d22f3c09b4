import EVDLSema
import EVDLSyntax

/// Why running a piece of a spec stopped early.
struct Stop: Error {
    /// What stopped it.
    enum Kind: Equatable {
        /// `require … else message` did not hold: the command is rejected with the message.
        case rejected(String)
        /// The scenario cannot go on: a command with a result that no reply answers, or a value the checker should
        /// have refused (the message says).
        case failure(String)
        /// A projection handler ran `delete`: the row goes, and the handler ends (as the generated `return .delete`).
        case deleted
    }

    var kind: Kind
    /// Where, when known.
    var span: Span?

    static func failure(_ message: String, at span: Span?) -> Stop { Stop(kind: .failure(message), span: span) }
}

/// What one block of a spec reads and writes while it runs: the command, event, state or row, the identity,
/// `now`, constants, saga inputs and results, query parameters, and what it emits.
final class Frame {
    /// The command being decided.
    var command: Value.Fields?
    /// The event being applied or handled.
    var event: Value.Fields?
    /// The aggregate's state, or the projection's row.
    var state: Value.Fields?
    /// The envelope of the event a projection handler or policy reacts to.
    var recorded: Value.Fields?
    /// The aggregate's id, or the row's key.
    var identity: Value = .none
    /// `now`.
    var now: Value
    /// `let` constants and closure parameters, innermost last.
    var locals: [(name: String, value: Value)] = []
    /// The saga's input.
    var sagaInput: Value.Fields?
    /// Results bound with `as`.
    var stepResults: [String: Value] = [:]
    /// Query parameters.
    var parameters: [String: Value] = [:]
    /// Events emitted by `decide`, in order.
    var emitted: [Value.Fields] = []
    /// Whether a projection handler ran `delete`.
    var deleted = false
    /// Whether emitted events get the aggregate's id when they do not name it.
    var fillsIdentity = false

    init(now: Value) {
        self.now = now
    }

    /// The value of a constant or closure parameter.
    func local(_ name: String) -> Value? {
        var i = locals.count - 1
        while i >= 0 {
            if locals[i].name == name { return locals[i].value }
            i -= 1
        }
        return nil
    }

    /// The context value `event`, `state`, `command`, `row`, `recorded` as a record.
    func context(_ name: String) -> Value.Fields? {
        switch name {
        case "event": event
        case "state", "row": state
        case "command": command
        case "recorded": recorded
        default: nil
        }
    }
}
