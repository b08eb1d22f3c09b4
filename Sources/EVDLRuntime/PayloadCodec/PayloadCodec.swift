import Foundation

/// Encodes and decodes event payloads, snapshots and rows. The stored form is JSON with sorted keys, dates as
/// seconds since 2001-01-01 (`Date`'s own representation, lossless) and `Data` as Base64, so that the same value
/// always gives the same bytes.
///
/// A struct of two reference types configured once: cheap to copy, safe to share (`JSONEncoder`/`JSONDecoder`
/// are thread-safe for `encode`/`decode`).
public struct PayloadCodec: @unchecked Sendable {
    /// Which JSON decoder reads payloads.
    public enum Decoding: Sendable, Equatable {
        /// The runtime's own in-place decoder (the default): same results as `JSONDecoder` for what this codec
        /// encodes, several times faster on small payloads.
        case fast
        /// Foundation's `JSONDecoder`.
        case foundation
    }

    /// Which JSON encoder writes payloads.
    public enum Encoding: Sendable, Equatable {
        /// The runtime's own encoder (the default): the same bytes as `JSONEncoder` with this codec's settings,
        /// several times faster (see `JSONPayloadEncoder`).
        case fast
        /// Foundation's `JSONEncoder`.
        case foundation
    }

    private let encoder: JSONEncoder
    private let decoder: JSONDecoder
    /// Which JSON decoder reads payloads.
    public let decoding: Decoding
    /// Which JSON encoder writes payloads.
    public let encoding: Encoding
    /// The upcasters of older event versions, by stable type name and version (see `EventUpcaster`).
    public let upcasters: [String: [Int: EventUpcaster]]
    /// For each type name with a split among its upcasters, the newest version split: the records `upcast(_:)`
    /// does not hand back as they are are those of these types at or below that version.
    @usableFromInline let splitVersions: [String: Int]

    /// The codec every runtime component uses unless told otherwise.
    public static let standard = PayloadCodec()

    /// Creates the standard JSON codec; `upcasters` rewrite payloads of older event versions before they are decoded,
    /// or split stored records into several events. For one type and version, a split wins over a rewrite (a
    /// generated `upcasters(_:)` list has a rewrite for every older version), and otherwise the last one given wins.
    public init(decoding: Decoding = .fast, encoding: Encoding = .fast, upcasters: [EventUpcaster] = []) {
        self.decoding = decoding
        self.encoding = encoding
        var byType: [String: [Int: EventUpcaster]] = [:]
        for upcaster in upcasters {
            if byType[upcaster.typeName]?[upcaster.fromVersion]?.splits == true, !upcaster.splits { continue }
            byType[upcaster.typeName, default: [:]][upcaster.fromVersion] = upcaster
        }
        self.upcasters = byType
        self.splitVersions = byType.compactMapValues { hooks in hooks.filter(\.value.splits).keys.max() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .deferredToDate
        encoder.dataEncodingStrategy = .base64
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        decoder.dataDecodingStrategy = .base64
        self.encoder = encoder
        self.decoder = decoder
    }

    /// Encodes `value` as JSON.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        switch encoding {
        case .fast: try JSONPayloadEncoder.encode(value, fallback: encoder)
        case .foundation: try encoder.encode(value)
        }
    }

    /// Decodes a `T` from JSON.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        switch decoding {
        case .fast: try JSONPayloadDecoder.decode(type, from: data)
        case .foundation: try decoder.decode(type, from: data)
        }
    }

    /// Decodes the payload of event type `E` written with `schemaVersion`: the current version decodes directly,
    /// an older one goes through the registered `upcasters` of `E`, then `E.upcast`, a newer one is an `EventDecodingError` (`.unsupportedSchemaVersion`),
    /// and a payload that does not decode is an `EventDecodingError` (`.invalidPayload`).
    public func decodeEvent<E: DomainEvent>(_ type: E.Type, from payload: Data, schemaVersion: Int) throws -> E {
        try decodeEvent(type, from: payload, schemaVersion: schemaVersion) { try decode(type, from: payload) }
    }

    /// `decodeEvent` for an event type that reads itself from JSON (generated event types do): the same results,
    /// without a dynamic cast or `Codable`'s containers on the way to `init(jsonObject:)`.
    public func decodeEvent<E: DomainEvent & JSONPayloadDecodable>(_ type: E.Type, from payload: Data, schemaVersion: Int) throws -> E {
        try decodeEvent(type, from: payload, schemaVersion: schemaVersion) {
            switch decoding {
            case .fast: try JSONPayloadDecoder.decodeObject(type, from: payload)
            case .foundation: try decoder.decode(type, from: payload)
            }
        }
    }

    @inline(__always)
    private func decodeEvent<E: DomainEvent>(_ type: E.Type, from payload: Data, schemaVersion: Int, current: () throws -> E) throws -> E {
        if schemaVersion > E.schemaVersion {
            throw EventDecodingError(
                code: .unsupportedSchemaVersion, typeName: E.typeName, schemaVersion: schemaVersion,
                detail: "`\(E.typeName)` v\(schemaVersion) was written by newer code; this code knows up to v\(E.schemaVersion)"
            )
        }
        do {
            if schemaVersion == E.schemaVersion {
                return try current()
            }
            guard let hooks = upcasters[E.typeName] else {
                return try E.upcast(payload: payload, fromVersion: schemaVersion, codec: self)
            }
            let rewritten = try EventUpcaster.apply(hooks, to: payload, typeName: E.typeName, from: schemaVersion, to: E.schemaVersion)
            return try E.upcast(payload: rewritten, fromVersion: schemaVersion, codec: self)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw EventDecodingError(
                code: .invalidPayload, typeName: E.typeName, schemaVersion: schemaVersion,
                detail: "payload of `\(E.typeName)` v\(schemaVersion) does not decode: \(error)"
            )
        }
    }
}
