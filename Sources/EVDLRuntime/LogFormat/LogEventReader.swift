import Foundation

/// A malformed event inside a record whose checksum held (a writer bug or a different format), described for
/// an `EventStoreError(code: .corruptLog)`.
struct LogDecodeFailure: Error {
    var detail: String
}

/// A bounds-checked little-endian cursor over bytes of the log.
struct ByteCursor {
    let buffer: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int, end: Int) {
        self.buffer = buffer
        self.offset = offset
        self.end = end
    }

    @inline(__always)
    mutating func need(_ count: Int) throws(LogDecodeFailure) {
        if count < 0 || end - offset < count {
            throw LogDecodeFailure(detail: "event field runs past its end at byte \(offset)")
        }
    }

    @inline(__always)
    mutating func u8() throws(LogDecodeFailure) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func u16() throws(LogDecodeFailure) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    mutating func u32() throws(LogDecodeFailure) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    mutating func i64() throws(LogDecodeFailure) -> Int64 {
        try need(8)
        defer { offset += 8 }
        return Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    @inline(__always)
    mutating func uuid() throws(LogDecodeFailure) -> UUID {
        try need(16)
        defer { offset += 16 }
        return UUID(uuid: buffer.loadUnaligned(fromByteOffset: offset, as: uuid_t.self))
    }

    /// The next `count` bytes, without copying.
    @inline(__always)
    mutating func bytes(_ count: Int) throws(LogDecodeFailure) -> UnsafeRawBufferPointer {
        try need(count)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    @inline(__always)
    mutating func string(_ count: Int) throws(LogDecodeFailure) -> String {
        let raw = try bytes(count)
        return String(decoding: raw, as: UTF8.self)
    }
}

/// Decodes events of the log (see `LogFormat`) into `RecordedEvent`s, reusing the `String`s of stream ids and
/// type names already seen so that reading a long stream allocates little more than the payloads.
struct LogEventReader {
    private var typeNames: [(bytes: [UInt8], name: String)] = []
    private var streams: [(bytes: [UInt8], id: StreamID)] = []

    /// The byte size of the event starting at `offset` (its size field included), or `nil` when `buffer` does not
    /// hold its size field.
    static func eventSize(in buffer: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard buffer.count - offset >= 4 else { return nil }
        return 4 + Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Decodes the event at `offset`; the buffer must hold all of it. `payload` turns the payload's byte range in
    /// `buffer` into the event's `Data` (a copy, or a slice of a buffer the events share).
    mutating func decode(_ buffer: UnsafeRawBufferPointer, at offset: Int, payload: (Range<Int>) -> Data) throws(LogDecodeFailure) -> RecordedEvent {
        var header = ByteCursor(buffer, offset: offset, end: buffer.count)
        let size = Int(try header.u32())
        var cursor = ByteCursor(buffer, offset: offset + 4, end: offset + 4 + size)
        try cursor.need(0)
        guard offset + 4 + size <= buffer.count else {
            throw LogDecodeFailure(detail: "event of \(size) bytes runs past its record")
        }
        let position = try cursor.i64()
        let version = try cursor.i64()
        let timestamp = try cursor.i64()
        let eventID = try cursor.uuid()
        let flags = try cursor.u8()
        let commandID = flags & 1 != 0 ? try cursor.uuid() : nil
        let causationID = flags & 2 != 0 ? try cursor.uuid() : nil
        let correlationID = flags & 4 != 0 ? try cursor.uuid() : nil
        let schemaVersion = Int(try cursor.u32())
        let streamID = stream(try cursor.bytes(Int(try cursor.u16())))
        let typeName = type(try cursor.bytes(Int(try cursor.u16())))
        let metadataCount = Int(try cursor.u16())
        var metadata: [String: String] = [:]
        if metadataCount > 0 {
            metadata.reserveCapacity(metadataCount)
            for _ in 0..<metadataCount {
                let key = try cursor.string(Int(try cursor.u16()))
                metadata[key] = try cursor.string(Int(try cursor.u32()))
            }
        }
        let payloadCount = Int(try cursor.u32())
        try cursor.need(payloadCount)
        let payloadRange = cursor.offset..<cursor.offset + payloadCount
        cursor.offset += payloadCount
        guard cursor.offset == cursor.end else {
            throw LogDecodeFailure(detail: "event has \(cursor.end - cursor.offset) unexpected trailing bytes")
        }
        return RecordedEvent(
            eventID: eventID, streamID: streamID, streamVersion: version, globalPosition: position,
            typeName: typeName, schemaVersion: schemaVersion, timestamp: Date(millisecondsSince1970: timestamp),
            commandID: commandID, causationID: causationID, correlationID: correlationID,
            metadata: metadata, payload: payload(payloadRange)
        )
    }

    /// Reads only what replay needs of the event at `offset`: its stream version, type name, schema version and
    /// where its payload is.
    mutating func replayFields(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws(LogDecodeFailure) -> (version: Int64, typeName: String, schemaVersion: Int, payload: Range<Int>) {
        var header = ByteCursor(buffer, offset: offset, end: buffer.count)
        let size = Int(try header.u32())
        guard offset + 4 + size <= buffer.count else {
            throw LogDecodeFailure(detail: "event of \(size) bytes runs past its record")
        }
        var cursor = ByteCursor(buffer, offset: offset + 4, end: offset + 4 + size)
        _ = try cursor.i64()
        let version = try cursor.i64()
        _ = try cursor.i64()
        _ = try cursor.bytes(16)
        let flags = try cursor.u8()
        _ = try cursor.bytes(16 * ((flags & 1 != 0 ? 1 : 0) + (flags & 2 != 0 ? 1 : 0) + (flags & 4 != 0 ? 1 : 0)))
        let schemaVersion = Int(try cursor.u32())
        _ = try cursor.bytes(Int(try cursor.u16()))
        let typeName = type(try cursor.bytes(Int(try cursor.u16())))
        let metadataCount = Int(try cursor.u16())
        for _ in 0..<metadataCount {
            _ = try cursor.bytes(Int(try cursor.u16()))
            _ = try cursor.bytes(Int(try cursor.u32()))
        }
        let payloadCount = Int(try cursor.u32())
        try cursor.need(payloadCount)
        guard cursor.offset + payloadCount == cursor.end else {
            throw LogDecodeFailure(detail: "event has \(cursor.end - cursor.offset - payloadCount) unexpected trailing bytes")
        }
        return (version, typeName, schemaVersion, cursor.offset..<cursor.offset + payloadCount)
    }

    private mutating func type(_ bytes: UnsafeRawBufferPointer) -> String {
        for entry in typeNames where sameBytes(entry.bytes, bytes) {
            return entry.name
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if typeNames.count < 64 { typeNames.append((Array(bytes), name)) }
        return name
    }

    private mutating func stream(_ bytes: UnsafeRawBufferPointer) -> StreamID {
        for entry in streams where sameBytes(entry.bytes, bytes) {
            return entry.id
        }
        let id = StreamID(String(decoding: bytes, as: UTF8.self))
        if streams.count >= 8 { streams.removeFirst() }
        streams.append((Array(bytes), id))
        return id
    }
}

/// What the index needs of one event, read without building a `RecordedEvent`.
struct IndexedEvent {
    var position: Int64
    var version: Int64
    var timestamp: Int64
    var commandID: UUID?
    var stream: UnsafeRawBufferPointer
    var end: Int

    /// Reads the index fields of the event at `offset` in a verified record ending at `recordEnd`.
    init(_ buffer: UnsafeRawBufferPointer, at offset: Int, recordEnd: Int) throws(LogDecodeFailure) {
        var header = ByteCursor(buffer, offset: offset, end: recordEnd)
        let size = Int(try header.u32())
        try header.need(size)
        var cursor = ByteCursor(buffer, offset: offset + 4, end: offset + 4 + size)
        position = try cursor.i64()
        version = try cursor.i64()
        timestamp = try cursor.i64()
        _ = try cursor.uuid()
        let flags = try cursor.u8()
        commandID = flags & 1 != 0 ? try cursor.uuid() : nil
        if flags & 2 != 0 { _ = try cursor.uuid() }
        if flags & 4 != 0 { _ = try cursor.uuid() }
        _ = try cursor.u32()
        stream = try cursor.bytes(Int(try cursor.u16()))
        end = offset + 4 + size
    }
}
