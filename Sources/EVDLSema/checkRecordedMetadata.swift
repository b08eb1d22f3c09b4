import EVDLSyntax

/// `recorded`: the envelope of the event a projection handler or a policy reacts to, read-only. Its members are
/// named like the runtime's `RecordedEvent` members generated code reads: `eventID`, `version` (the event's
/// version in its stream, from 1), `position` (its global position in the store, from 1), `timestamp` (when it
/// was recorded), `causationID` and `correlationID`.
enum RecordedMetadata {
    /// The members of `recorded`, with their types.
    static let fields: [(name: String, type: SemType)] = [
        ("eventID", .uuid),
        ("version", .int),
        ("position", .int),
        ("timestamp", .date),
        ("causationID", .optional(.uuid)),
        ("correlationID", .optional(.uuid)),
    ]

    /// The type `recorded` has in messages.
    static let typeName = "RecordedEvent"

    /// The `recorded` context value of the handler or policy declared at `span` (built-in: its members are
    /// "declared" there).
    static func context(at span: Span) -> ContextValue {
        var members = FieldList(capacity: fields.count)
        for field in fields {
            _ = members.append(FieldSymbol(name: field.name, type: field.type, hasDefault: false, nameSpan: span))
        }
        return ContextValue(type: .record(typeName), members: members, kind: .event, assignable: false)
    }
}
