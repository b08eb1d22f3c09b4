import EVDLSyntax

/// What kind of contract a lock entry is. The raw value is the keyword that starts its line in the lock file, and
/// the cases are in the order the file lists them.
public enum ContractKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// An `enum` whose cases stored payloads or consumers hold.
    case enumeration = "enum"
    /// A `type` stored inside a payload.
    case record = "type"
    /// One version of an event type (`event Account.Deposited v2`).
    case event
    /// A saga: its input and its bound results are stored with its history.
    case saga
    /// A service command (`service Payment.Charge`): its fields and its result.
    case service
    /// The topics an event is published to.
    case publish
    /// The state of an aggregate with snapshots (a changed shape means older snapshots are ignored).
    case state
    /// A projection's key and row (rebuildable: changes are warnings).
    case projection

    /// The order of the lock file.
    public static func < (lhs: ContractKind, rhs: ContractKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a member line of a contract is. The raw value is its keyword in the lock file.
public enum MemberRole: String, Sendable, Hashable, CaseIterable {
    /// An enum case.
    case enumCase = "case"
    /// The aggregate id an event carries.
    case identity = "id"
    /// A field of a type, event, service command or state.
    case field
    /// A field of a saga's input.
    case input
    /// A field of a service command's result, or a saga's bound result (`result charge: Payment.Charge`).
    case result
    /// A projection's key.
    case key
    /// A field of a projection's row.
    case row
    /// A topic an event is published to (the name holds the topic).
    case topic
}

/// One line under a contract: a case, a field, a result or a topic.
public struct ContractMember: Sendable, Hashable {
    /// What the line is.
    public var role: MemberRole
    /// The field's or case's name (a topic's text for `.topic`).
    public var name: String
    /// The type as a spec writes it (`[Line]?`); empty for cases and topics.
    public var type: String
    /// Whether a value may be left out: a default or an optional type.
    public var hasDefault: Bool
    /// The earlier name (`was`) the spec gives the field; not written to the lock.
    public var previousName: String?
    /// Where the member is: its name in the spec, or its line in the lock file.
    public var span: Span?

    /// Creates a member.
    public init(role: MemberRole, name: String, type: String = "", hasDefault: Bool = false, previousName: String? = nil, span: Span? = nil) {
        self.role = role
        self.name = name
        self.type = type
        self.hasDefault = hasDefault
        self.previousName = previousName
        self.span = span
    }
}

/// One contract that outlives a build: a header (`event Account.Deposited v2`) and its member lines.
public struct Contract: Sendable, Hashable {
    /// What kind of contract.
    public var kind: ContractKind
    /// The qualified name (`Account.Deposited`, `Payment.Charge`, `Currency`).
    public var name: String
    /// The schema version of an event; `nil` for the other kinds.
    public var version: Int?
    /// The members in the order the spec declares them.
    public var members: [ContractMember]
    /// Where the contract is: its name in the spec, or its header line in the lock file.
    public var span: Span?
    /// An event type the spec no longer declares, kept in the lock after its removal was accepted (`event
    /// Account.Closed v1 retired`): its payloads stay in the store, so a type of that name declared again must
    /// still read them.
    public var retired: Bool

    /// Creates a contract.
    public init(kind: ContractKind, name: String, version: Int? = nil, members: [ContractMember] = [], span: Span? = nil, retired: Bool = false) {
        self.kind = kind
        self.name = name
        self.version = version
        self.members = members
        self.span = span
        self.retired = retired
    }

    /// The members of one role.
    public func members(_ role: MemberRole) -> [ContractMember] { members.filter { $0.role == role } }

    /// The member of a role and name.
    public func member(_ role: MemberRole, _ name: String) -> ContractMember? {
        members.first { $0.role == role && $0.name == name }
    }

    /// The header as the lock writes it, and as diagnostics name the contract.
    public var header: String {
        version.map { "\(kind.rawValue) \(name) v\($0)" } ?? "\(kind.rawValue) \(name)"
    }
}

/// A break the lock file accepts on purpose: `accept EVDL0810 event Account.Closed: every account was migrated`.
public struct Acceptance: Sendable, Hashable {
    /// The code accepted.
    public var code: DiagnosticCode
    /// What it is accepted for: the subject a diagnostic's help names (`event Account.Closed`).
    public var subject: String
    /// Why; an acceptance without one is an error.
    public var reason: String
    /// Its line in the lock file.
    public var span: Span?

    /// Creates an acceptance.
    public init(code: DiagnosticCode, subject: String, reason: String, span: Span? = nil) {
        self.code = code
        self.subject = subject
        self.reason = reason
        self.span = span
    }
}

/// The contracts of a spec module, or of a lock file: every event version, enum, stored type, saga, service command,
/// publish route, snapshotted state and projection, plus the breaks the file accepts.
public struct ContractLock: Sendable, Hashable {
    /// The contracts in lock-file order (kind, then name, then version).
    public var contracts: [Contract]
    /// Breaks accepted on purpose (lock files only).
    public var acceptances: [Acceptance]
    /// Enums whose values consumers outside this module see (in published events or service commands and results).
    public var consumerVisibleEnums: Set<String>

    /// Creates a lock; the contracts are put in lock-file order.
    public init(contracts: [Contract], acceptances: [Acceptance] = [], consumerVisibleEnums: Set<String> = []) {
        self.contracts = contracts.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.name != b.name { return a.name < b.name }
            return (a.version ?? 0) < (b.version ?? 0)
        }
        self.acceptances = acceptances
        self.consumerVisibleEnums = consumerVisibleEnums
    }

    /// The contracts of one kind and name (several versions for an event).
    public func contracts(_ kind: ContractKind, _ name: String) -> [Contract] {
        contracts.filter { $0.kind == kind && $0.name == name }
    }

    /// The contracts of one kind.
    public func contracts(_ kind: ContractKind) -> [Contract] { contracts.filter { $0.kind == kind } }
}
