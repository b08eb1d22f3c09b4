import EVDLRuntime
import Foundation

/// A conformance case found the store under test breaking the `EventStore` contract.
///
/// The suite lives in a library (not a test target) so that every package with a store — the main package's
/// in-memory and file stores, `Integrations/PostgreSQL`'s store — runs the same cases from its own tests. A case
/// throws this error at its first broken expectation; the caller's test fails with the message.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The case that failed.
    public var caseName: String
    /// What was expected and what the store did.
    public var message: String
    /// Where in the suite the expectation is (`File.swift:line`).
    public var location: String

    /// Creates a failure.
    public init(caseName: String, message: String, location: String) {
        self.caseName = caseName
        self.message = message
        self.location = location
    }

    /// `<case>: <message> (<location>)`.
    public var description: String { "\(caseName): \(message) (\(location))" }
}

/// The expectations a case states; each throws `ConformanceFailure` naming the case when it does not hold.
public struct ConformanceCheck: Sendable {
    /// The case's name.
    public let caseName: String

    /// A checker for the case `caseName`.
    public init(caseName: String) {
        self.caseName = caseName
    }

    /// Fails with `message` unless `condition` holds.
    public func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) throws {
        guard !condition else { return }
        throw ConformanceFailure(caseName: caseName, message: message(), location: "\(file):\(line)")
    }

    /// Fails unless `actual == expected`, showing both.
    public func equal<T: Equatable>(_ actual: T, _ expected: T, _ what: String, file: StaticString = #fileID, line: UInt = #line) throws {
        try expect(actual == expected, "\(what): expected \(expected), got \(actual)", file: file, line: line)
    }

    /// Runs `body`, which must throw an `EventStoreError`; returns it. Fails when it returns or throws anything else.
    public func storeError<T>(_ what: String, file: StaticString = #fileID, line: UInt = #line, _ body: () async throws -> T) async throws -> EventStoreError {
        do {
            let value = try await body()
            throw ConformanceFailure(caseName: caseName, message: "\(what): expected an EventStoreError, got \(value)", location: "\(file):\(line)")
        } catch let error as EventStoreError {
            return error
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw ConformanceFailure(caseName: caseName, message: "\(what): expected an EventStoreError, got \(error)", location: "\(file):\(line)")
        }
    }
}
