import Foundation

/// The on-disk layout of `FileEventStore`'s log, versions 1 and 2. All integers are little-endian.
///
/// ```
/// file    = header record*
/// header  = "EVDLLOG" 0x01                                   8 bytes (format 1)
///         | "EVDLLOG" 0x02 mark                              24 bytes (format 2, see `CommitMark`)
/// mark    = u64 committed | u32 crc32(committed) | u32 0     the log's first `committed` bytes were synced
/// record  = u32 L | u32 ~L | u32 crc32(body) | body          one record per append: atomic, all events or none
/// body    = u32 n | event{n}                                 L bytes
/// event   = u32 size                                          bytes that follow in this event
///           i64 globalPosition | i64 streamVersion | i64 timestamp (ms since 1970)
///           16 eventID
///           u8 flags (1 = commandID, 2 = causationID, 4 = correlationID) | 16 bytes per id present, in that order
///           u32 schemaVersion
///           u16 length + UTF-8 streamID
///           u16 length + UTF-8 typeName
///           u16 count + (u16 length + UTF-8 key | u32 length + UTF-8 value){count}   (keys sorted)
///           u32 length + payload
/// ```
///
/// `~L` (the complement of the length) makes a damaged length detectable, so it is reported as corruption instead
/// of being mistaken for an incomplete last record. Only an incomplete last record (or a zero-filled tail) is a
/// torn tail, which opening truncates; a record that is complete but fails its checksum is reported as corruption
/// at its byte offset. In format 2, the commit mark says how much of the log is known to be committed: anything
/// missing or damaged before it is corruption even at the end of the file (see `CommitMark`).
enum LogFormat {
    /// The magic that starts every log; the byte after it is the format version.
    static let magic: [UInt8] = Array("EVDLLOG".utf8)
    /// The header of format 1 (no commit mark).
    static let header: [UInt8] = magic + [1]
    /// The size of a format-2 header: magic, version, commit mark.
    static let headerSizeV2 = 24
    /// Where the commit mark lies in a format-2 header.
    static let markOffset: Int64 = 8
    /// Bytes before a record's body.
    static let recordHeaderSize = 12
    /// The largest body accepted (a sanity bound on appends; 1 GiB).
    static let maxBodySize = 1 << 30

    /// Whether a record header's length and its complement agree and the length is possible (at least the event
    /// count, at most `maxBodySize`).
    static func isValidHeader(length: UInt32, check: UInt32) -> Bool {
        check == ~length && Int(length) <= maxBodySize && length >= 4
    }

    /// Appends the record for `events` (already given positions and versions) to `output`; returns the offset
    /// of each event relative to the start of the record.
    @discardableResult
    static func encodeRecord(_ events: [RecordedEvent], into output: inout [UInt8]) throws -> [Int] {
        var body = ByteWriter()
        body.u32(UInt32(events.count))
        var offsets: [Int] = []
        offsets.reserveCapacity(events.count)
        for event in events {
            offsets.append(recordHeaderSize + body.bytes.count)
            try encodeEvent(event, into: &body)
        }
        guard body.bytes.count <= maxBodySize else {
            throw EventStoreError(code: .invalidArgument, message: "an append of \(body.bytes.count) bytes exceeds the record limit of \(maxBodySize) bytes")
        }
        let length = UInt32(body.bytes.count)
        var header = ByteWriter()
        header.u32(length)
        header.u32(~length)
        header.u32(body.bytes.withUnsafeBytes { CRC32.checksum($0) })
        output += header.bytes
        output += body.bytes
        return offsets
    }

    private static func encodeEvent(_ event: RecordedEvent, into body: inout ByteWriter) throws {
        let sizeAt = body.bytes.count
        body.u32(0)
        body.u64(UInt64(bitPattern: event.globalPosition))
        body.u64(UInt64(bitPattern: event.streamVersion))
        body.u64(UInt64(bitPattern: event.timestamp.millisecondsSince1970))
        body.uuid(event.eventID)
        var flags: UInt8 = 0
        if event.commandID != nil { flags |= 1 }
        if event.causationID != nil { flags |= 2 }
        if event.correlationID != nil { flags |= 4 }
        body.u8(flags)
        for id in [event.commandID, event.causationID, event.correlationID] {
            if let id { body.uuid(id) }
        }
        body.u32(UInt32(truncatingIfNeeded: event.schemaVersion))
        try body.string16(event.streamID.rawValue, what: "stream id")
        try body.string16(event.typeName, what: "type name")
        guard event.metadata.count <= Int(UInt16.max) else {
            throw EventStoreError(code: .invalidArgument, message: "an event has more than \(UInt16.max) metadata entries")
        }
        body.u16(UInt16(event.metadata.count))
        for (key, value) in event.metadata.sorted(by: { $0.key < $1.key }) {
            try body.string16(key, what: "metadata key")
            body.u32(UInt32(value.utf8.count))
            body.bytes += value.utf8
        }
        body.u32(UInt32(event.payload.count))
        body.bytes += event.payload
        body.patchU32(UInt32(body.bytes.count - sizeAt - 4), at: sizeAt)
    }
}

/// A little-endian byte builder.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func uuid(_ value: UUID) { withUnsafeBytes(of: value.uuid) { bytes += $0 } }

    mutating func string16(_ value: String, what: String) throws {
        let count = value.utf8.count
        guard count <= Int(UInt16.max) else {
            throw EventStoreError(code: .invalidArgument, message: "a \(what) of \(count) bytes exceeds \(UInt16.max) bytes")
        }
        u16(UInt16(count))
        bytes += value.utf8
    }

    mutating func patchU32(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for index in 0..<4 { bytes[offset + index] = raw[index] }
        }
    }
}
