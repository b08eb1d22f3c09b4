import Foundation

extension PayloadCodec {
    /// The events stored record `recorded` is read as: the record itself, or, when an upcaster made with
    /// `EventUpcaster.split` applies to its type and version, the events it split into. Each keeps the record's
    /// stream, version, global position, timestamp, causation and metadata; the first keeps its event id and the
    /// others get ids derived from it (stable, so idempotency keys built on event ids hold across restarts).
    ///
    /// Throws `EventDecodingError` naming the type, the version, the stream and the position when the split fails.
    public func upcast(_ recorded: RecordedEvent) throws -> [RecordedEvent] {
        let pieces = try EventDecodingError.placing(recorded) {
            try split(typeName: recorded.typeName, schemaVersion: recorded.schemaVersion, payload: recorded.payload)
        }
        guard let pieces else { return [recorded] }
        return pieces.enumerated().map { index, piece in
            var event = recorded
            event.eventID = index == 0 ? recorded.eventID : Self.derivedEventID(recorded.eventID, index)
            event.typeName = piece.typeName
            event.schemaVersion = piece.schemaVersion
            event.payload = piece.payload
            return event
        }
    }

    /// `upcast(_:)` over a batch, in order; `records` itself when no upcaster splits anything.
    public func upcast(_ records: [RecordedEvent]) throws -> [RecordedEvent] {
        guard !splitVersions.isEmpty, records.contains(where: { splits($0.typeName, schemaVersion: $0.schemaVersion) }) else { return records }
        var events: [RecordedEvent] = []
        events.reserveCapacity(records.count)
        for recorded in records { events += try upcast(recorded) }
        return events
    }

    /// Whether an upcaster splits stored records of `typeName` written with `schemaVersion`: a cheap test (no
    /// allocation, one dictionary lookup when some split is registered, none otherwise) for readers that decode
    /// records one by one, so that only those records go through `upcast(_:)` or `EventSet.decodeAll`.
    @inlinable
    public func splits(_ typeName: String, schemaVersion: Int) -> Bool {
        guard !splitVersions.isEmpty, let newest = splitVersions[typeName] else { return false }
        return schemaVersion <= newest
    }

    /// The events a stored `typeName` at `schemaVersion` is split into, or `nil` when no split applies (`splits`):
    /// the first split at `schemaVersion` or later, after the rewrites before it.
    func split(typeName: String, schemaVersion: Int, payload: Data) throws -> [UpcastEvent]? {
        guard splits(typeName, schemaVersion: schemaVersion),
              let hooks = upcasters[typeName],
              let step = hooks.filter({ $0.key >= schemaVersion && $0.value.splits }).keys.min(),
              case .split(let body) = hooks[step]?.action
        else { return nil }
        var object = try EventUpcaster.jsonObject(payload, typeName: typeName, version: schemaVersion)
        try EventUpcaster.rewrite(&object, hooks, typeName: typeName, steps: schemaVersion..<step)
        do {
            return try body(object, self)
        } catch {
            throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: schemaVersion,
                                     detail: "the upcaster splitting `\(typeName)` v\(step) failed: \(error)")
        }
    }

    /// The id of the `index`th event (from 1) split from the record with id `id`: a version 8 UUID (RFC 9562) of
    /// two FNV-1a hashes over the id and the index, so that the same record always gives the same ids.
    static func derivedEventID(_ id: UUID, _ index: Int) -> UUID {
        let source = withUnsafeBytes(of: id.uuid) { Array($0) } + withUnsafeBytes(of: UInt64(index).littleEndian) { Array($0) }
        func fnv(_ basis: UInt64) -> UInt64 {
            source.reduce(basis) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        }
        var bytes = withUnsafeBytes(of: fnv(0xCBF2_9CE4_8422_2325).bigEndian) { Array($0) }
            + withUnsafeBytes(of: fnv(0x6C62_272E_07BB_0142).bigEndian) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension EventSet {
    /// Decodes a recorded event as the events it stands for: one, or the events an `EventUpcaster.split` makes of it
    /// (decoded as they are, not split again).
    public static func decodeAll(_ recorded: RecordedEvent, codec: PayloadCodec) throws -> [Self] {
        guard codec.splits(recorded.typeName, schemaVersion: recorded.schemaVersion) else { return [try decode(recorded, codec: codec)] }
        return try codec.upcast(recorded).map { event in
            try EventDecodingError.placing(recorded) {
                try decode(typeName: event.typeName, schemaVersion: event.schemaVersion, payload: event.payload, codec: codec)
            }
        }
    }
}

extension EventDecodingError {
    /// Runs `body`; an `EventDecodingError` it throws without a place gets the stream and version of `recorded`.
    static func placing<T>(_ recorded: RecordedEvent, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as EventDecodingError {
            error.streamID = error.streamID ?? recorded.streamID
            error.streamVersion = error.streamVersion ?? recorded.streamVersion
            throw error
        }
    }
}
