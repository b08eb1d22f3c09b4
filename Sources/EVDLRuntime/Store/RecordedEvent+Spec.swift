import Foundation

// What a spec reads as `recorded.x` in projection handlers and policies: the members of `RecordedEvent` under the
// same names (`eventID`, `timestamp`, `causationID`, `correlationID`), plus the stream version and global
// position as `Int`, the spec's integer type.
extension RecordedEvent {
    /// The event's version in its stream (from 1): the spec's `recorded.version`, `streamVersion` as an `Int`.
    /// A read model that keeps it lets a client send it back as the expected version of its next command.
    @inlinable
    public var version: Int { Int(streamVersion) }

    /// The event's global position in the store (from 1): the spec's `recorded.position`, `globalPosition` as an
    /// `Int`.
    @inlinable
    public var position: Int { Int(globalPosition) }
}
