/// A type as written in generated Swift.
public indirect enum SwiftType: Equatable, Sendable {
    /// A type by (possibly dotted) name, written verbatim: `UUID`, `Order.State`, `EVDLRuntime.Rejection`.
    case named(String)
    /// A declared name from the spec (escaped by the renderer when needed).
    case declared(String)
    /// `Base.Member`, where `Member` comes from the spec.
    case member(SwiftType, String)
    /// `Base<Arguments>`.
    case generic(SwiftType, [SwiftType])
    /// `[Element]`.
    case array(SwiftType)
    /// `[Key: Value]`.
    case dictionary(SwiftType, SwiftType)
    /// `Wrapped?`.
    case optional(SwiftType)
    /// `some Protocol`.
    case opaque(SwiftType)
    /// `T.Type`.
    case metatype(SwiftType)
}
