import EVDLRuntime
import Foundation
import Testing

/// The generated code of `References/expressions/expressions.evdl` (`Wallet`): branches, exact decimals,
/// optionals, subscripts, and decoding of older event versions.
@Suite struct ExpressionTests {
    let wallet = Wallet()
    let id = Fixture.id(5)

    func decide(_ command: Wallet.Command, _ state: Wallet.State = Wallet.State(), at seconds: Double = 0) throws -> [Wallet.Event] {
        try wallet.decide(command, state: state, context: Fixture.at(seconds))
    }

    @Test func branchesAndExactDecimalArithmetic() throws {
        let gold = Wallet.State(balance: 0, owner: nil, tags: [:], tier: .gold, history: [], rate: 1.5)
        // gold: amount - (amount * 0.015 + 1), computed in Decimal without binary rounding.
        let paid = try decide(.pay(Wallet.Pay(walletId: id, amount: Decimal(string: "10.00")!)), gold, at: 7)
        #expect(paid == [.paid(Wallet.Paid(walletId: id, amount: Decimal(string: "8.85")!, note: "none", at: Fixture.date(7)))])
        // else if: some history, so the full amount with the command's note.
        var withHistory = Wallet.State()
        withHistory.history = [Money(amount: 1)]
        #expect(try decide(.pay(Wallet.Pay(walletId: id, amount: 3, note: "rent")), withHistory)
            == [.paid(Wallet.Paid(walletId: id, amount: 3, note: "rent", at: Fixture.date(0)))])
        // else: nothing emitted while the `require` holds, rejected when it does not.
        #expect(try decide(.pay(Wallet.Pay(walletId: id, amount: 3))).isEmpty)
        var odd = Wallet.State()
        odd.tags = ["x": 1]
        #expect(throws: CommandRejection("not allowed")) { try decide(.pay(Wallet.Pay(walletId: id, amount: 3)), odd) }
        // The optional owner is interpolated as such.
        #expect(throws: CommandRejection("amount 0.01 is too small for nil")) {
            try decide(.pay(Wallet.Pay(walletId: id, amount: Decimal(string: "0.01")!)))
        }
    }

    @Test func applyUpdatesSubscriptsCollectionsAndDoubles() {
        var state = Wallet.replay([
            .paid(Wallet.Paid(walletId: id, amount: 2, note: "a", at: Fixture.date(0))),
            .paid(Wallet.Paid(walletId: id, amount: 3, note: "a", at: Fixture.date(1))),
            .renamed(Wallet.Renamed(walletId: id, owner: "Ada")),
            .upgraded(Wallet.Upgraded(walletId: id)),
        ])
        #expect(state.balance == -5)
        #expect(state.tags == ["a": 2])
        #expect(state.history == [Money(amount: 2), Money(amount: 3)])
        #expect(state.owner == "Ada")
        #expect(state.rate == 3.0)
        #expect(state.tier == .gold)
        #expect(throws: CommandRejection("already gold")) { try decide(.upgrade(Wallet.Upgrade(walletId: id)), state) }
        state.owner = "Bob"
        #expect(throws: CommandRejection("Bob already owns it")) { try decide(.rename(Wallet.Rename(walletId: id, owner: "Bob")), state) }
    }

    /// Both decoders: the runtime's direct JSON reader (`init(jsonObject:)`) and Foundation's (`init(from:)`).
    @Test(arguments: [PayloadCodec.Decoding.fast, .foundation])
    func olderPayloadsDecodeWithDefaultsAndEarlierNames(_ decoding: PayloadCodec.Decoding) throws {
        let codec = PayloadCodec(decoding: decoding)
        // v1: the note was called `memo`, there was no channel and the fee was called `charge`.
        let v1 = #"{"walletId":"\#(id.uuidString)","amount":4,"memo":"old","at":10,"charge":0.5}"#
        let decoded = try Wallet.Event.decode(typeName: "Wallet.Paid", schemaVersion: 1, payload: Data(v1.utf8), codec: codec)
        #expect(decoded == .paid(Wallet.Paid(walletId: id, amount: 4, note: "old", at: Fixture.date(10), channel: "app", fee: 0.5)))
        // A v2 payload without the renamed fields takes the defaults.
        let v2 = #"{"walletId":"\#(id.uuidString)","amount":4,"at":10}"#
        let bare = try Wallet.Event.decode(typeName: "Wallet.Paid", schemaVersion: 2, payload: Data(v2.utf8), codec: codec)
        #expect(bare == .paid(Wallet.Paid(walletId: id, amount: 4, note: "", at: Fixture.date(10))))
        // The current version round-trips and is written under the current names only.
        let current = Wallet.Event.paid(Wallet.Paid(walletId: id, amount: 4, note: "n", at: Fixture.date(10), channel: "web", fee: 1))
        let payload = try current.encodePayload(codec: .standard)
        #expect(try Wallet.Event.decode(typeName: "Wallet.Paid", schemaVersion: 3, payload: payload, codec: codec) == current)
        let json = String(decoding: payload, as: UTF8.self)
        #expect(!json.contains("memo") && !json.contains("charge"))
        // A required field missing from the payload is still an error.
        #expect(throws: EventDecodingError.self) {
            try Wallet.Event.decode(typeName: "Wallet.Paid", schemaVersion: 1, payload: Data(#"{"walletId":"\#(id.uuidString)","at":1}"#.utf8), codec: codec)
        }
    }
}
