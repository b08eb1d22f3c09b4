import EVDLRuntime
import Foundation

// The benchmark aggregate, written the way the generator writes aggregates (an `EventSet` enum of `DomainEvent`
// structs, `static func evolve(_ state: consuming State, _ event: Event) -> State`), for a spec like:
//
//   aggregate Account {
//     id accountId: UUID
//     state { balance: Int = 0, held: Int = 0, holds: [String: Int] = [:], transactions: Int = 0, lastReference: String = "" }
//     event Deposited { amount: Int, reference: String }
//     event Withdrawn { amount: Int, reference: String }
//     event HoldPlaced { holdId: String, amount: Int }
//     event HoldReleased { holdId: String }
//     apply Deposited { balance += event.amount; transactions += 1; lastReference = event.reference }
//     …
//   }

struct Account: EventSourcedAggregate {
    typealias ID = UUID
    static let name = "Account"

    struct State: AggregateState {
        var balance = 0
        var held = 0
        var holds: [String: Int] = [:]
        var transactions = 0
        var lastReference = ""
        static let shapeFingerprint = "Account.State{balance:Int,held:Int,holds:[String:Int],transactions:Int,lastReference:String}"
        init() {}
    }

    struct Deposited: DomainEvent {
        static let typeName = "Account.Deposited"
        static let schemaVersion = 1
        var accountId: UUID; var amount: Int; var reference: String
    }
    struct Withdrawn: DomainEvent {
        static let typeName = "Account.Withdrawn"
        static let schemaVersion = 1
        var accountId: UUID; var amount: Int; var reference: String
    }
    struct HoldPlaced: DomainEvent {
        static let typeName = "Account.HoldPlaced"
        static let schemaVersion = 1
        var accountId: UUID; var holdId: String; var amount: Int
    }
    struct HoldReleased: DomainEvent {
        static let typeName = "Account.HoldReleased"
        static let schemaVersion = 1
        var accountId: UUID; var holdId: String
    }

    enum Event: EventSet {
        case deposited(Deposited)
        case withdrawn(Withdrawn)
        case holdPlaced(HoldPlaced)
        case holdReleased(HoldReleased)

        static let typeNames = [Deposited.typeName, Withdrawn.typeName, HoldPlaced.typeName, HoldReleased.typeName]

        var payload: any DomainEvent {
            switch self {
            case .deposited(let event): event
            case .withdrawn(let event): event
            case .holdPlaced(let event): event
            case .holdReleased(let event): event
            }
        }

        static func decode(typeName: String, schemaVersion: Int, payload: Data, codec: PayloadCodec) throws -> Event {
            switch typeName {
            case Deposited.typeName: .deposited(try codec.decodeEvent(Deposited.self, from: payload, schemaVersion: schemaVersion))
            case Withdrawn.typeName: .withdrawn(try codec.decodeEvent(Withdrawn.self, from: payload, schemaVersion: schemaVersion))
            case HoldPlaced.typeName: .holdPlaced(try codec.decodeEvent(HoldPlaced.self, from: payload, schemaVersion: schemaVersion))
            case HoldReleased.typeName: .holdReleased(try codec.decodeEvent(HoldReleased.self, from: payload, schemaVersion: schemaVersion))
            default: throw EventDecodingError.unknownEventType(typeName, aggregate: "Account", known: typeNames)
            }
        }
    }

    struct Deposit: Sendable, Equatable { var accountId: UUID; var amount: Int }

    enum Command: CommandSet {
        case deposit(Deposit)
        var aggregateID: UUID { switch self { case .deposit(let command): command.accountId } }
        var typeName: String { switch self { case .deposit: "Account.Deposit" } }
        var existence: CommandExistence { .createsIfMissing }
    }

    func decide(_ command: Command, state: State, context: CommandContext) throws -> [Event] {
        switch command {
        case .deposit(let command):
            try require(command.amount > 0, "a deposit must be positive")
            return [.deposited(Deposited(accountId: command.accountId, amount: command.amount, reference: "dep-\(state.transactions)"))]
        }
    }

    /// Shaped like generated code: one `case` per event, assignments to state fields.
    static func evolve(_ state: consuming State, _ event: Event) -> State {
        switch event {
        case .deposited(let event):
            state.balance += event.amount
            state.transactions += 1
            state.lastReference = event.reference
        case .withdrawn(let event):
            state.balance -= event.amount
            state.transactions += 1
            state.lastReference = event.reference
        case .holdPlaced(let event):
            state.held += event.amount
            state.holds[event.holdId] = event.amount
        case .holdReleased(let event):
            state.held -= state.holds[event.holdId] ?? 0
            state.holds[event.holdId] = nil
        }
        return state
    }
}

/// A deterministic mix of Account events: deposits, withdrawals, and holds placed then released.
func accountEvents(count: Int, account: UUID) -> [Account.Event] {
    (0..<count).map { index in
        switch index % 8 {
        case 0, 1, 2: .deposited(Account.Deposited(accountId: account, amount: 100 + index % 50, reference: "ref-\(index)"))
        case 3, 4: .withdrawn(Account.Withdrawn(accountId: account, amount: 50 + index % 20, reference: "ref-\(index)"))
        case 5: .holdPlaced(Account.HoldPlaced(accountId: account, holdId: "hold-\(index / 8 % 16)", amount: 30))
        case 6: .deposited(Account.Deposited(accountId: account, amount: 1, reference: "fee-\(index)"))
        default: .holdReleased(Account.HoldReleased(accountId: account, holdId: "hold-\(index / 8 % 16)"))
        }
    }
}

// What generated code can add so replay skips `Codable`'s containers (see `JSONPayloadDecodable`).
extension Account.Deposited: JSONPayloadDecodable {
    init(jsonObject object: JSONPayloadObject) throws {
        accountId = try object.decode(UUID.self, "accountId")
        amount = try object.decode(Int.self, "amount")
        reference = try object.decode(String.self, "reference")
    }
}

extension Account.Withdrawn: JSONPayloadDecodable {
    init(jsonObject object: JSONPayloadObject) throws {
        accountId = try object.decode(UUID.self, "accountId")
        amount = try object.decode(Int.self, "amount")
        reference = try object.decode(String.self, "reference")
    }
}

extension Account.HoldPlaced: JSONPayloadDecodable {
    init(jsonObject object: JSONPayloadObject) throws {
        accountId = try object.decode(UUID.self, "accountId")
        holdId = try object.decode(String.self, "holdId")
        amount = try object.decode(Int.self, "amount")
    }
}

extension Account.HoldReleased: JSONPayloadDecodable {
    init(jsonObject object: JSONPayloadObject) throws {
        accountId = try object.decode(UUID.self, "accountId")
        holdId = try object.decode(String.self, "holdId")
    }
}

/// `Account.Deposited` without `JSONPayloadDecodable`: decoded through `Codable` (for the micro benchmark).
struct CodableDeposited: Codable {
    var accountId: UUID; var amount: Int; var reference: String
}
