import Foundation

/// Rewrites stored payloads of one event version before the generated decoder reads them, for the changes `was` and
/// defaults cannot say: a unit changed, a field computed from others (`init(typeName:fromVersion:rewrite:)`), or one
/// stored event that is now several events, or none (`split(_:fromVersion:into:_:)`).
///
/// Generated code declares one rewrite hook per older version of each event in `<Aggregate>.Upcasting`; the user
/// implements it and passes `<Aggregate>.upcasters(…)` to `PayloadCodec(upcasters:)`. A payload of version `n` older
/// than the current `m` goes through the rewrites from `n` to `m - 1` in order (a missing one leaves the payload as
/// it is), then through the generated decoder, which still applies `was` and defaults.
///
/// A split is registered by hand, also for an event type the spec no longer declares (the lock names it, and the
/// break is accepted with a reason). A stored record of that type at version `n ≤ k` (the split's `fromVersion`)
/// goes through the rewrites from `n` to `k - 1`, then the split, which returns current events. Every reader of
/// records splits them (`EventSet.decodeAll`, aggregate replay in every store, `ProjectionRunner`, `PolicyRunner`,
/// `SagaOrchestrator`; or `PayloadCodec.upcast(_:)` for a reader of your own). Stream versions and global positions
/// keep counting records: the events of one record share its version and position.
public struct EventUpcaster: Sendable {
    /// What the hook does with the payloads of its version.
    enum Action: Sendable {
        /// Rewrites the payload into the next version's shape.
        case rewrite(@Sendable (inout [String: Any]) throws -> Void)
        /// Replaces the record by the events returned (type name, schema version, encoded payload).
        case split(@Sendable ([String: Any], PayloadCodec) throws -> [UpcastEvent])
    }

    /// The stable type name of the stored event (`"Account.MoneyDeposited"`).
    public let typeName: String
    /// The version whose payloads the hook reads: a rewrite turns them into version `fromVersion + 1`, a split into
    /// the events it returns.
    public let fromVersion: Int
    let action: Action

    /// Creates a rewrite of the payloads of version `fromVersion` into the shape of version `fromVersion + 1`, over
    /// the payload as a JSON object (`JSONSerialization`'s values: `String`, `NSNumber`, `[Any]`, `[String: Any]`,
    /// `NSNull`).
    public init(typeName: String, fromVersion: Int, rewrite: @escaping @Sendable (inout [String: Any]) throws -> Void) {
        self.typeName = typeName
        self.fromVersion = fromVersion
        self.action = .rewrite(rewrite)
    }

    /// Creates a split: every stored `typeName` at version `fromVersion` (or older, after the rewrites up to it) is
    /// read as the events `body` returns for its payload, in order (none drops it). The events are of the current
    /// shape; they are encoded with the reading codec and decoded again by whoever reads them (an aggregate, a
    /// projection, a policy), and they are not split again.
    ///
    /// ```swift
    /// EventUpcaster.split("Account.AddressChanged", fromVersion: 1, into: Account.Event.self) { payload in
    ///     [.streetChanged(...), .cityChanged(...)]
    /// }
    /// ```
    public static func split<Events: EventSet>(
        _ typeName: String, fromVersion: Int, into: Events.Type,
        _ body: @escaping @Sendable (_ payload: [String: Any]) throws -> [Events]
    ) -> EventUpcaster {
        EventUpcaster(typeName: typeName, fromVersion: fromVersion, action: .split { payload, codec in
            try body(payload).map { event in
                UpcastEvent(typeName: event.typeName, schemaVersion: event.schemaVersion, payload: try event.encodePayload(codec: codec))
            }
        })
    }

    /// Creates a split that returns encoded events (`UpcastEvent`): for events of no one `EventSet`, or payloads
    /// written by hand. Each is decoded by whoever reads it, as a record of its type and schema version would be.
    public static func split(
        _ typeName: String, fromVersion: Int, _ body: @escaping @Sendable (_ payload: [String: Any]) throws -> [UpcastEvent]
    ) -> EventUpcaster {
        EventUpcaster(typeName: typeName, fromVersion: fromVersion, action: .split { payload, _ in try body(payload) })
    }

    private init(typeName: String, fromVersion: Int, action: Action) {
        self.typeName = typeName
        self.fromVersion = fromVersion
        self.action = action
    }

    /// Whether this hook splits records (`split(_:fromVersion:into:_:)`) rather than rewriting payloads.
    public var splits: Bool {
        switch action {
        case .rewrite: false
        case .split: true
        }
    }

    /// Runs the rewrites of `typeName` from `version` up to `current - 1` over `payload`; returns it unchanged when
    /// no hook applies. A hook that throws, a split among the steps (the record must be split by its reader first),
    /// or a payload that is not a JSON object, is an `EventDecodingError` (`.invalidPayload`) naming the event and
    /// the version.
    static func apply(_ hooks: [Int: EventUpcaster], to payload: Data, typeName: String, from version: Int, to current: Int) throws -> Data {
        guard (version..<current).contains(where: { hooks[$0] != nil }) else { return payload }
        if let split = (version..<current).first(where: { hooks[$0]?.splits == true }) {
            throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: version,
                                     detail: "`\(typeName)` v\(split) is split into several events by an upcaster; read the record with `decodeAll` (or `PayloadCodec.upcast`), not as one event")
        }
        var object = try jsonObject(payload, typeName: typeName, version: version)
        try rewrite(&object, hooks, typeName: typeName, steps: version..<current)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Reads `payload` as the JSON object the hooks take.
    static func jsonObject(_ payload: Data, typeName: String, version: Int) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] else {
            throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: version,
                                     detail: "payload of `\(typeName)` v\(version) is not a JSON object; no upcaster can read it")
        }
        return object
    }

    /// Runs the rewrite hooks of `steps` over `object`, in order.
    static func rewrite(_ object: inout [String: Any], _ hooks: [Int: EventUpcaster], typeName: String, steps: Range<Int>) throws {
        for step in steps {
            guard let hook = hooks[step] else { continue }
            switch hook.action {
            case .rewrite(let body):
                do {
                    try body(&object)
                } catch {
                    throw EventDecodingError(code: .invalidPayload, typeName: typeName, schemaVersion: steps.lowerBound,
                                             detail: "the upcaster of `\(typeName)` from v\(step) to v\(step + 1) failed: \(error)")
                }
            case .split:
                continue
            }
        }
    }
}

/// One of the events a split stored record is read as: its type, schema version and encoded payload.
public struct UpcastEvent: Sendable, Equatable {
    /// The stable type name (`"Account.StreetChanged"`).
    public var typeName: String
    /// The schema version of `payload`.
    public var schemaVersion: Int
    /// The encoded payload.
    public var payload: Data

    /// Creates an event.
    public init(typeName: String, schemaVersion: Int, payload: Data) {
        self.typeName = typeName
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}
