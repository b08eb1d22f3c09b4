import Foundation

/// Rewrites stored payloads of one event version into the next version's shape, before the generated decoder reads
/// them: for the changes `was` and defaults cannot say (a unit changed, a field computed from others, a value split).
///
/// Generated code declares one hook per older version of each event in `<Aggregate>.Upcasting`; the user implements
/// it and passes `<Aggregate>.upcasters(…)` to `PayloadCodec(upcasters:)`. A payload of version `n` older than the
/// current `m` goes through the hooks from `n` to `m - 1` in order (a missing one leaves the payload as it is), then
/// through the generated decoder, which still applies `was` and defaults.
public struct EventUpcaster: Sendable {
    /// The stable type name of the event (`"Account.MoneyDeposited"`).
    public let typeName: String
    /// The version whose payloads the hook rewrites into version `fromVersion + 1`.
    public let fromVersion: Int
    /// The rewrite, over the payload as a JSON object (`JSONSerialization`'s values: `String`, `NSNumber`,
    /// `[Any]`, `[String: Any]`, `NSNull`).
    public let rewrite: @Sendable (inout [String: Any]) throws -> Void

    /// Creates a hook.
    public init(typeName: String, fromVersion: Int, rewrite: @escaping @Sendable (inout [String: Any]) throws -> Void) {
        self.typeName = typeName
        self.fromVersion = fromVersion
        self.rewrite = rewrite
    }

    /// Runs the hooks of `typeName` from `version` up to `current - 1` over `payload`; returns it unchanged when no
    /// hook applies. A hook that throws, or a payload that is not a JSON object, is an `EventDecodingError`
    /// (`.invalidPayload`) naming the event and the version.
    static func apply(_ hooks: [Int: EventUpcaster], to payload: Data, typeName: String, from version: Int, to current: Int) throws -> Data {
        guard (version..<current).contains(where: { hooks[$0] != nil }) else { return payload }
        guard var object = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] else {
            throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: version,
                                     detail: "payload of `\(typeName)` v\(version) is not a JSON object; no upcaster can read it")
        }
        for step in version..<current {
            guard let hook = hooks[step] else { continue }
            do {
                try hook.rewrite(&object)
            } catch {
                throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: version,
                                         detail: "the upcaster of `\(typeName)` from v\(step) to v\(step + 1) failed: \(error)")
            }
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
