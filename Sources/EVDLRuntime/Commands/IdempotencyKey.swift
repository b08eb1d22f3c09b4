import Foundation

/// The key a participant deduplicates a command by: the same logical command delivered twice carries the same
/// key, so the participant applies it once (and returns its first result again).
///
/// Keys are readable strings (`"saga/Checkout/<saga id>/chargePayment/invoke"`, `"policy/<name>/<event id>/0"`,
/// `"deadline/<id>"`) with a stable UUID derived from the string; aggregates use the UUID as the command id, which
/// the event store commits at most once.
public struct IdempotencyKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The readable key.
    public let rawValue: String
    /// A UUID derived deterministically from `rawValue` (a 128-bit FNV-1a hash with RFC 4122 version 8 bits).
    public let uuid: UUID

    /// Creates a key from its readable form.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
        self.uuid = IdempotencyKey.derive(rawValue)
    }

    /// A key whose UUID was derived already (`KeyHash` of `rawValue`), e.g. from a hash of its prefix continued
    /// with the rest.
    @usableFromInline
    init(rawValue: String, uuid: UUID) {
        self.rawValue = rawValue
        self.uuid = uuid
    }

    /// Decodes a key from its readable string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the readable string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The readable key.
    public var description: String { rawValue }

    /// Equal when the readable keys are equal.
    public static func == (lhs: IdempotencyKey, rhs: IdempotencyKey) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the readable key.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The key of a saga's step in one phase.
    public static func saga(_ saga: String, id: UUID, step: String, phase: SagaPhase) -> IdempotencyKey {
        IdempotencyKey("saga/\(saga)/\(id.upperCaseString)/\(step)/\(phase.rawValue)")
    }

    /// The key of the `index`-th command a policy sends for the event `eventID`.
    public static func policy(_ policy: String, event eventID: UUID, send index: Int) -> IdempotencyKey {
        IdempotencyKey("policy/\(policy)/\(eventID.uuidString)/\(index)")
    }

    /// A UUID derived from `base` and `index` (distinct indexes give distinct ids; no system call, unlike `UUID()`,
    /// which reads the kernel's random source on Linux). Used for the ids of a saga's history events.
    @usableFromInline
    static func derive(_ base: UUID, index: UInt64) -> UUID {
        var (high, low) = withUnsafeBytes(of: base.uuid) { ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
        high ^= mix(index)
        low ^= mix(index ^ 0x5851_f42d_4c95_7f2d)
        high = (high & ~0xF000) | 0x8000
        low = (low & ~(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000
        return withUnsafeBytes(of: (high, low)) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// SplitMix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// 128-bit FNV-1a over the UTF-8 bytes, with the version (8) and variant bits of RFC 9562 set.
    static func derive(_ text: String) -> UUID {
        var hash = KeyHash()
        hash.combine(text)
        return hash.uuid
    }
}

/// The 128-bit FNV-1a hash from which an `IdempotencyKey`'s UUID is derived, kept as a value so that the hash of a
/// common prefix (`saga/<Name>/<id>/`) is computed once and continued with each key's rest.
@usableFromInline
struct KeyHash: Sendable, Equatable {
    // FNV-1a 128: offset basis 0x6c62272e07bb014262b821756295c58d, prime 2^88 + 0x13b.
    private var high: UInt64 = 0x6c62_272e_07bb_0142
    private var low: UInt64 = 0x62b8_2175_6295_c58d

    /// The hash of no bytes.
    @usableFromInline
    init() {}

    /// Continues the hash with the UTF-8 bytes of `text`.
    @usableFromInline
    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var (high, low) = (self.high, self.low)
            for byte in bytes {
                low ^= UInt64(byte)
                // (high, low) *= 2^88 + 0x13b  (mod 2^128)
                let lowProduct = low.multipliedFullWidth(by: 0x13b)
                let newHigh = high &* 0x13b &+ lowProduct.high &+ (low << 24)
                low = lowProduct.low
                high = newHigh
            }
            (self.high, self.low) = (high, low)
        }
    }

    /// The hash so far as a UUID, with the version (8, custom) and variant (10) bits set.
    @usableFromInline
    var uuid: UUID {
        let high = (self.high & ~0xF000) | 0x8000
        let low = (self.low & ~(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000
        let h = high.bigEndian, l = low.bigEndian
        return withUnsafeBytes(of: (h, l)) { raw in
            UUID(uuid: raw.loadUnaligned(as: uuid_t.self))
        }
    }
}

extension UUID {
    /// `uuidString` (upper-case, `8-4-4-4-12`), formatted without Foundation's `printf`-based path, which costs
    /// about a microsecond on Linux.
    @usableFromInline
    var upperCaseString: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let hex: StaticString = "0123456789ABCDEF"
            var index = 0
            withUnsafeBytes(of: uuid) { raw in
                for position in 0..<16 {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = hex.utf8Start[Int(raw[position] >> 4)]
                    buffer[index + 1] = hex.utf8Start[Int(raw[position] & 0x0F)]
                    index += 2
                }
            }
            return index
        }
    }
}

/// Which side of a saga step a command belongs to.
public enum SagaPhase: String, Sendable, Codable, Equatable, Hashable {
    /// The step's `invoke` command.
    case invoke
    /// The step's `compensate` command.
    case compensate
    /// A command of the saga's `on failure` block.
    case onFailure
}
