import Foundation

/// What an aggregate command requires of its aggregate before `decide` runs. An aggregate exists once its stream
/// holds at least one event.
public enum CommandExistence: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// No modifier in the spec (the safe default): the aggregate must exist; otherwise `.aggregateNotFound`.
    case existing
    /// `creates`: the aggregate must not exist yet; a second create is rejected with `.aggregateAlreadyExists`.
    case creates
    /// `creates if missing`: decided against the initial state when the aggregate does not exist, else against
    /// the existing one; never rejected for existence.
    case createsIfMissing

    /// The spec's spelling: `existing`, `creates`, `creates if missing`.
    public var description: String {
        switch self {
        case .existing: "existing"
        case .creates: "creates"
        case .createsIfMissing: "creates if missing"
        }
    }

    /// The rejection for a command of this rule meeting a stream at `version` (0: the aggregate does not exist),
    /// or `nil` when the command may be decided.
    public func rejection(command: String, aggregate: String, id: String, version: Int64) -> CommandRejection? {
        switch self {
        case .existing where version == 0:
            return CommandRejection(
                code: .aggregateNotFound, aggregate: aggregate, aggregateID: id,
                message: "`\(command)` needs an existing `\(aggregate)`, but `\(aggregate)` `\(id)` does not exist"
            )
        case .creates where version > 0:
            return CommandRejection(
                code: .aggregateAlreadyExists, aggregate: aggregate, aggregateID: id,
                message: "`\(command)` creates `\(aggregate)` `\(id)`, which already exists (version \(version))"
            )
        case .existing, .creates, .createsIfMissing:
            return nil
        }
    }
}

extension EventSourcedAggregate {
    /// Throws the `CommandRejection` for `command` meeting a stream at `version` (0: the aggregate does not
    /// exist) when the command's existence rule does not hold; what `Repository` checks before `decide`.
    public static func checkExistence(of command: Command, version: Int64) throws(CommandRejection) {
        if let rejection = command.existence.rejection(command: command.typeName, aggregate: name, id: command.aggregateID.description, version: version) {
            throw rejection
        }
    }
}
