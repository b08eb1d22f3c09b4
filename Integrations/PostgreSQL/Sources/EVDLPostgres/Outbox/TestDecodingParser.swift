import EVDLRuntime
import Foundation

/// Parses the text that PostgreSQL's `test_decoding` output plugin writes for a change:
/// `BEGIN 1234`, `COMMIT 1234`, or `table evdl.outbox: INSERT: id[uuid]:'…' event_position[bigint]:5 …`.
/// A pure function of the line: what the CDC relay uses, and what its unit tests check.
enum TestDecodingLine: Equatable {
    case begin
    case commit
    /// An insert into `table` (`schema.name`), with each column's text value (`nil` for SQL null).
    case insert(table: String, columns: [String: String?])
    /// Any other change (update, delete, truncate, a message): the relay ignores it.
    case other

    /// Parses one line; throws `PostgresStoreError(.replicationFailure)` naming the line when an insert does not parse.
    static func parse(_ line: String) throws -> TestDecodingLine {
        if line.hasPrefix("BEGIN") { return .begin }
        if line.hasPrefix("COMMIT") { return .commit }
        guard line.hasPrefix("table ") else { return .other }
        let bytes = Array(line.utf8)
        func fail(_ reason: String, at index: Int) -> PostgresStoreError {
            PostgresStoreError(code: .replicationFailure, message: "a test_decoding change does not parse (\(reason) at byte \(index)): \(line.prefix(200))")
        }
        // "table <name>: <ACTION>: <columns>"
        guard let nameEnd = line.range(of: ": ") else { throw fail("no table name", at: 0) }
        let table = String(line[line.index(line.startIndex, offsetBy: 6)..<nameEnd.lowerBound])
        let rest = line[nameEnd.upperBound...]
        guard rest.hasPrefix("INSERT: ") else { return .other }
        var index = line.utf8.distance(from: line.utf8.startIndex, to: rest.utf8.startIndex) + 8
        var columns: [String: String?] = [:]
        while index < bytes.count {
            // name[type]:value
            guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "[")) else { throw fail("no column type", at: index) }
            var name = String(decoding: bytes[index..<open], as: UTF8.self)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "]")), close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: ":") else {
                throw fail("no value after the type of `\(name)`", at: open)
            }
            index = close + 2
            if index < bytes.count, bytes[index] == UInt8(ascii: "'") {
                // A quoted value: '' stands for one quote.
                var value: [UInt8] = []
                index += 1
                var closed = false
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "'") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                            value.append(UInt8(ascii: "'"))
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    value.append(bytes[index])
                    index += 1
                }
                guard closed else { throw fail("an unterminated value of `\(name)`", at: index) }
                columns[name] = String(decoding: value, as: UTF8.self)
            } else {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.count
                let value = String(decoding: bytes[index..<end], as: UTF8.self)
                columns[name] = value == "null" ? String?.none : value
                index = end
            }
            if index < bytes.count {
                guard bytes[index] == UInt8(ascii: " ") else { throw fail("no space after `\(name)`", at: index) }
                index += 1
            }
        }
        return .insert(table: table, columns: columns)
    }
}

extension OutboxRow {
    /// The outbox row of a decoded insert (the text forms of the columns, timestamps in UTC with ISO date style).
    init(changeColumns columns: [String: String?], table: String) throws {
        func text(_ name: String) throws -> String {
            guard let value = columns[name], let value else {
                throw PostgresStoreError(code: .replicationFailure, message: "an insert into `\(table)` read from the WAL has no `\(name)`")
            }
            return value
        }
        func number(_ name: String) throws -> Int64 {
            guard let value = Int64(try text(name)) else {
                throw PostgresStoreError(code: .replicationFailure, message: "`\(name)` of an insert into `\(table)` is not an integer")
            }
            return value
        }
        func uuid(_ name: String) throws -> UUID? {
            guard let value = columns[name], let value else { return nil }
            guard let id = UUID(uuidString: value) else {
                throw PostgresStoreError(code: .replicationFailure, message: "`\(name)` of an insert into `\(table)` is not a UUID: \(value)")
            }
            return id
        }
        let position = try number("event_position")
        guard let eventID = try uuid("id") else {
            throw PostgresStoreError(code: .replicationFailure, message: "the insert into `\(table)` at event position \(position) has no id")
        }
        let metadataText = try text("metadata")
        let metadata: [String: String]
        do {
            metadata = metadataText == "{}" ? [:] : try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8))
        } catch {
            throw PostgresStoreError(code: .replicationFailure, message: "the metadata of the insert into `\(table)` at event position \(position) does not decode: \(error)")
        }
        guard let occurred = parseUTCTimestamp(try text("occurred_at")) else {
            throw PostgresStoreError(code: .replicationFailure, message: "`occurred_at` of the insert into `\(table)` at event position \(position) is not an ISO UTC timestamp: \(try text("occurred_at"))")
        }
        self.init(
            eventID: eventID, streamID: StreamID(try text("aggregateid")), typeName: try text("type"), payload: Data(try text("payload").utf8),
            topic: try text("topic"), eventPosition: position, streamVersion: try number("stream_version"),
            schemaVersion: Int(try number("schema_version")), occurredAtMilliseconds: occurred,
            causationID: try uuid("causation_id"), correlationID: try uuid("correlation_id"), metadata: metadata
        )
    }
}

/// Milliseconds since 1970 of `2027-01-15 08:00:00.123+00` (PostgreSQL's ISO output in UTC; fraction optional).
func parseUTCTimestamp(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    func digits(_ from: Int, _ count: Int) -> Int64? {
        guard from + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[from..<(from + count)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
    guard bytes.count >= 22, let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
          let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2) else { return nil }
    var index = 19
    var milliseconds: Int64 = 0
    if bytes[index] == UInt8(ascii: ".") {
        index += 1
        var scale: Int64 = 100
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            if scale > 0 { milliseconds += Int64(bytes[index] - 0x30) * scale }
            scale /= 10
            index += 1
        }
    }
    guard String(decoding: bytes[index...], as: UTF8.self) == "+00" else { return nil }
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milliseconds
}
