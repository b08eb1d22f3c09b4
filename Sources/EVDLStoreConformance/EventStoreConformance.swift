import EVDLRuntime
import Foundation

/// One case of the store conformance suite: run against a fresh, empty store.
public struct ConformanceCase: Sendable {
    /// A stable name (what test reports show).
    public let name: String
    /// The case: throws `ConformanceFailure` at its first broken expectation (or the store's own error).
    public let run: @Sendable (any EventStore, ConformanceCheck) async throws -> Void

    /// Creates a case.
    public init(name: String, run: @escaping @Sendable (any EventStore, ConformanceCheck) async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// The `EventStore` contract as executable cases, shared by every store's tests.
///
/// Each package runs every case against its own stores, e.g. with Swift Testing:
/// ```swift
/// @Test(arguments: EventStoreConformance.caseNames)
/// func conformance(_ name: String) async throws {
///     try await EventStoreConformance.run(name, on: makeEmptyStore())
/// }
/// ```
public enum EventStoreConformance {
    /// Every case, in a fixed order.
    public static let cases: [ConformanceCase] = appendCases + readCases + concurrencyCases + deadlineCases

    /// The names of `cases`, for parameterised tests.
    public static var caseNames: [String] { cases.map(\.name) }

    /// Runs the case named `name` against `store` (which must be empty).
    public static func run(_ name: String, on store: any EventStore) async throws {
        guard let found = cases.first(where: { $0.name == name }) else {
            throw ConformanceFailure(caseName: name, message: "no conformance case has this name", location: #fileID)
        }
        let check = ConformanceCheck(caseName: name)
        try await check.equal(try await store.headPosition(), 0, "the head position of the store handed to the case (it must be empty)")
        try await found.run(store, check)
    }
}

/// An event with a small JSON payload, as the cases append them.
func event(
    _ type: String = "Test.Happened", _ body: String = "{}", id: UUID = UUID(), command: UUID? = nil,
    at milliseconds: Int64 = 1_800_000_000_000, metadata: [String: String] = [:]
) -> NewEvent {
    NewEvent(eventID: id, typeName: type, timestamp: Date(millisecondsSince1970: milliseconds), commandID: command, metadata: metadata, payload: Data(body.utf8))
}

/// A UUID whose last digits are `number` (readable in failure messages).
func uuid(_ number: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
}

extension ConformanceCheck {
    /// Follows `store` from `position` until `count` events arrived; fails when they have not after `timeout`
    /// (a follower that missed an event would otherwise wait forever).
    func follow(_ store: any EventStore, from position: Int64, count: Int, timeout: Duration = .seconds(60)) async throws -> [RecordedEvent] {
        let caseName = caseName
        return try await withThrowingTaskGroup(of: [RecordedEvent]?.self) { group in
            group.addTask {
                var seen: [RecordedEvent] = []
                for try await recorded in store.follow(fromPosition: position) {
                    seen.append(recorded)
                    if seen.count == count { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let seen = first else {
                throw ConformanceFailure(caseName: caseName, message: "a follower from position \(position) did not receive \(count) events within \(timeout)", location: #fileID)
            }
            return seen
        }
    }
}
