import Foundation

extension ScenarioOutcome {
    /// The canonical text of the outcome (see ``ScenarioText``): one line per event, `nothing`, `rejected "message"`
    /// for a rule, or `rejected aggregateNotFound` / `rejected aggregateAlreadyExists` for the existence checks.
    public var canonicalText: String {
        switch result {
        case .success(let events):
            return ScenarioText.lines(events.map { ScenarioText.value($0) })
        case .failure(let rejection as CommandRejection):
            switch rejection.code {
            case .rule: return "rejected " + ScenarioText.string(rejection.message)
            case .aggregateNotFound, .aggregateAlreadyExists: return "rejected " + rejection.code.rawValue
            }
        case .failure(let error):
            return "error: \(error)"
        }
    }
}

extension ScenarioText {
    /// The outcome `run` computes, or `error: …` when it throws (for `scenarioOutcomes()`, which lists every
    /// scenario's outcome even when one cannot run).
    public static func outcome(_ run: () async throws -> String) async -> String {
        do {
            return try await run()
        } catch {
            return "error: \(error)"
        }
    }

    /// Expects a rejection of any message or code (`then rejected` without a message).
    public static func expectRejected(_ actual: String, scenario title: String, subject: String) throws(ScenarioFailure) {
        guard !actual.hasPrefix("rejected") else { return }
        throw ScenarioFailure(scenario: title, command: subject, message: "expected a rejection, but the outcome is:\n" + actual)
    }
}

/// Thrown by the stand-in for an aggregate's Swift decisions in generated scenario tests: a command the spec
/// leaves to Swift has no spec to check it against.
public struct ScenarioSwiftDecision: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command's stable type name.
    public var command: String

    /// Creates the error.
    public init(command: String) {
        self.command = command
    }

    /// `` `Order.ShipOrder` is decided in Swift, which scenarios do not run ``.
    public var description: String { "`\(command)` is decided in Swift, which scenarios do not run" }
}
