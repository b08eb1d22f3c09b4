import Foundation
import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, with the closure's own error thrown as it is (postgres-nio wraps it in
    /// `PostgresTransactionError`) and a failed BEGIN, COMMIT or ROLLBACK as `PostgresStoreError(.databaseFailure)`
    /// naming `what`.
    func transaction<T: Sendable>(_ what: String, logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError {
                if let server = closure as? PSQLError {
                    throw PostgresStoreError(code: .databaseFailure, message: "\(what) failed: \(serverMessage(server))")
                }
                throw closure
            }
            let cause = error.beginError ?? error.commitError ?? error.rollbackError
            throw PostgresStoreError(code: .databaseFailure, message: "\(what) failed: \(cause.map { ($0 as? PSQLError).map(serverMessage) ?? "\($0)" } ?? "\(error)")")
        }
    }
}
