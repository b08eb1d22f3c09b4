import EVDLRuntime
import Foundation
import Testing

/// The generated code of `References/language/language.evdl`: money arithmetic with `Int` widening and rounding,
/// collection methods and closures, durations and dates, `if let`, `switch`, dictionary defaults, mutating calls,
/// array elements that never trap, keywords as names, and the number conversion rules.
@Suite struct LanguageTests {
    let basket = Basket()
    let id = Fixture.id(9)

    func decide(_ command: Basket.Command, _ state: Basket.State = Basket.State(), at seconds: Double = 0) throws -> [Basket.Event] {
        try basket.decide(command, state: state, context: Fixture.at(seconds))
    }

    func line(_ sku: String, _ quantity: Int, _ price: String) -> Line {
        Line(sku: sku, quantity: quantity, unitPrice: Decimal(string: price)!)
    }

    /// A basket opened at 0 for a day, with lines added.
    func stocked(_ lines: [Line]) -> Basket.State {
        Basket.replay([.opened(Basket.Opened(basketId: id, at: Fixture.date(0), expiresAt: Fixture.date(86_400)))]
            + lines.map { .added(Basket.Added(basketId: id, line: $0)) })
    }

    @Test func durationsAreValuesAndDatesMoveByThem() throws {
        let opened = try decide(.open(Basket.Open(basketId: id, at: Fixture.date(100), ttl: .seconds(3_600))))
        #expect(opened == [.opened(Basket.Opened(basketId: id, at: Fixture.date(100), expiresAt: Fixture.date(3_700)))])
        #expect(throws: CommandRejection("a basket lives between a second and 30 days, not 0.0 seconds")) {
            try decide(.open(Basket.Open(basketId: id, at: Fixture.date(0), ttl: .zero)))
        }
        #expect(throws: (any Error).self) { try decide(.open(Basket.Open(basketId: id, at: Fixture.date(0), ttl: .seconds(31 * 86_400)))) }
        // `now < expiresAt`, and `now - expiresAt` is a duration in the message.
        let state = stocked([])
        #expect(try decide(.add(Basket.Add(basketId: id, line: line("A", 1, "1"))), state, at: 86_399).count == 1)
        #expect(throws: CommandRejection("the basket expired 60.0 seconds ago")) {
            try decide(.add(Basket.Add(basketId: id, line: line("A", 1, "1"))), state, at: 86_460)
        }
    }

    @Test func moneyArithmeticWidensIntsAndRoundsHalfAwayFromZero() throws {
        let state = stocked([line("B", 3, "19.99"), line("A", 12, "0.35")])
        #expect(state.total == Decimal(string: "64.17")!)  // 3 × 19.99 + 12 × 0.35, exact
        #expect(state.reserved == ["B": 3, "A": 12])
        #expect(state.weight == 7.5)
        #expect(state.default == 2)
        let quoted = try decide(.quote(Basket.Quote(basketId: id, discountPercent: 15, to: "ada@example.com")), state, at: 30)
        // 15 % of 64.17 is 9.6255, rounded half away from zero to 9.63.
        #expect(quoted == [.quoted(Basket.Quoted(
            basketId: id, subtotal: Decimal(string: "64.17")!, discount: Decimal(string: "9.63")!, total: Decimal(string: "54.54")!,
            biggest: 12, skus: ["A", "B"], to: "ada@example.com", heavy: true, longest: .seconds(60)))])
        // 100 % off: `max(subtotal - discount, 0)` stays at 0; nothing heavy; `max()` of the quantities.
        let light = stocked([line("C", 2, "0.5")])
        let free = try decide(.quote(Basket.Quote(basketId: id, discountPercent: 100, to: "x")), light)
        guard case .quoted(let q)? = free.first else { Issue.record("no quote"); return }
        #expect(q.total == 0 && q.discount == 1 && q.biggest == 2 && !q.heavy)
        #expect(throws: CommandRejection("the basket is empty")) { try decide(.quote(Basket.Quote(basketId: id, discountPercent: 0, to: "x")), stocked([])) }
    }

    @Test func collectionsChangeThroughMutatingCallsAndNeverTrap() throws {
        var state = stocked([line("A", 1, "2"), line("B", 2, "3")])
        #expect(throws: CommandRejection("A is already in the basket")) { try decide(.add(Basket.Add(basketId: id, line: line("A", 1, "2"))), state) }
        #expect(throws: CommandRejection("no Z in the basket")) { try decide(.remove(Basket.Remove(basketId: id, sku: "Z")), state) }
        // `Removed` removes the line and its reservation, recomputes the total, and assigns `lines[5]`, which is out of
        // range: nothing happens (no trap, no element appended).
        state = Basket.evolve(state, .removed(Basket.Removed(basketId: id, sku: "A")))
        #expect(state.lines == [line("B", 2, "3")])
        #expect(state.reserved == ["B": 2])
        #expect(state.total == 6)
        #expect(state.weight == 1.0)
    }

    @Test func switchHandlesEveryCaseAndKeywordsAreNames() throws {
        #expect(throws: CommandRejection("a verdict cannot go back to pending")) { try decide(.judge(Basket.Judge(basketId: id, verdict: .pending))) }
        #expect(try decide(.judge(Basket.Judge(basketId: id, verdict: .rejected))) == [.judged(Basket.Judged(basketId: id, verdict: .rejected))])
        var decided = Basket.State()
        decided.verdict = .approved
        #expect(throws: CommandRejection("already approved")) { try decide(.judge(Basket.Judge(basketId: id, verdict: .rejected)), decided) }
        #expect(try decide(.judge(Basket.Judge(basketId: id, verdict: .delete)), decided) == [.judged(Basket.Judged(basketId: id, verdict: .delete))])
        let state = stocked([line("A", 1, "2")])
        let deleted = Basket.evolve(state, .judged(Basket.Judged(basketId: id, verdict: .delete)))
        #expect(deleted.lines.isEmpty && deleted.verdict == .delete)
        let approved = Basket.evolve(state, .judged(Basket.Judged(basketId: id, verdict: .approved)))
        #expect(approved.lines.count == 1 && approved.default == 2)
    }

    @Test func numberConversionsFollowTheDocumentedRule() throws {
        func record(_ value: String, _ ratio: Double) throws -> Meter.Recorded {
            let events = try Meter().decide(.record(Meter.Record(meterId: id, value: Decimal(string: value)!, ratio: ratio)), state: Meter.State(), context: Fixture.at(0))
            guard case .recorded(let r)? = events.first else { throw CommandRejection("no event") }
            return r
        }
        let negative = try record("-2.7", -3.99)
        #expect(negative.whole == -2)          // toward zero
        #expect(negative.fromDouble == -3)     // toward zero
        #expect(negative.back == Decimal(string: "-3.99")!)  // the double's shortest spelling, not 3.9900000000000002
        #expect(negative.absolute == Decimal(string: "2.7")!)
        #expect(negative.smallest == -2)
        #expect(abs(negative.ratio - (-6.69)) < 1e-9)
        let huge = try record("1e30", .infinity)
        #expect(huge.whole == Int.max && huge.fromDouble == Int.max)  // saturating
        #expect(try record("0", .nan).fromDouble == 0)
        let state = Meter.replay([.recorded(Meter.Recorded(meterId: id, value: Decimal(string: "2.5")!, whole: 2, fromDouble: 0,
                                                           back: 0, ratio: 0.25, absolute: 0, smallest: 0))])
        #expect(state.reading == 3)   // 2.5 rounds half away from zero
        #expect(state.ratio == 0.3)   // 0.25 to one digit, half away from zero
    }

    @Test func durationsNegateScaleAndTakeTheirMagnitudeAndOptionalChainsRoundReverseAndOrder() throws {
        func tick(_ state: Clock.State, step: Duration, times: Int, scale: Int) throws -> Clock.Ticked {
            let events = try Clock().decide(.tick(Clock.Tick(clockId: id, step: step, times: times, scale: scale)), state: state, context: Fixture.at(0))
            guard case .ticked(let t)? = events.first else { throw CommandRejection("no event") }
            return t
        }
        let empty = try tick(Clock.State(), step: .seconds(3), times: 2, scale: 1)
        #expect(empty.doubled == .seconds(12))                // 2 * step + step * 2
        #expect(empty.negated == .seconds(-9))                // -step + -(step * times)
        #expect(empty.magnitude == .seconds(3))               // abs(-step)
        #expect(empty.scaled == .seconds(6))                  // times * step
        // `times * 0.5` is a `Decimal` (the fraction takes the field's type, the `Int` widens), `0.25 * times` a `Double`.
        #expect(empty.half == 1 && empty.quarter == 0.5 && !empty.none)
        #expect(empty.firstPrice == nil && empty.price == nil && empty.reversedTags == nil)
        #expect(empty.stockKeys == nil && empty.stockValues == nil)
        #expect(empty.secondSku == nil && empty.stockOfA == nil && empty.stockOrZero == nil)
        #expect(Clock.evolve(Clock.State(), .ticked(empty)).drift == .seconds(9))
        var stocked = Clock.State()
        stocked.lines = [line("A", 1, "2.5"), line("B", 1, "9")]
        stocked.price = Decimal(string: "-1.25")!
        stocked.tags = ["x", "y", "z"]
        stocked.stock = ["b": 2, "c": 3, "a": 1]
        stocked.shelves = [Shelf(skus: ["s"], stock: [:]), Shelf(skus: [], stock: ["a": 4])]
        let full = try tick(stocked, step: .seconds(-4), times: 1, scale: 1)
        #expect(full.magnitude == .seconds(4))
        #expect(full.firstPrice == 3)                         // 2.5 rounds half away from zero
        #expect(full.price == Decimal(string: "-1.3")!)       // -1.25 to one digit
        #expect(full.reversedTags == ["z", "y", "x"])
        #expect(full.stockKeys == ["a", "b", "c"] && full.stockValues == [1, 2, 3])  // by key, every run
        // `shelves.first?.skus[1]` is out of range: nil, no trap; `shelves[1]?.stock["b", default: 0]` is the default.
        #expect(full.secondSku == nil && full.stockOfA == 4 && full.stockOrZero == 0)
        // A closure whose own parameter only a nested closure's `$0` shadows.
        #expect(full.stockedPerShelf == [1, 1] && empty.stockedPerShelf == [])
        // `shelves.removeAll(where: { $0.skus.count < shelves.count })` compares with the count before the removal (2),
        // so both shelves go; `seen["ticks", default: seen.count + 10] += 1` reads the count before the change.
        var after = Clock.evolve(stocked, .ticked(full))
        #expect(after.shelves.isEmpty && after.seen == ["ticks": 11])
        after = Clock.evolve(after, .ticked(full))
        #expect(after.seen == ["ticks": 12])
        #expect(SpecMath.magnitude(.milliseconds(-1500)) == .milliseconds(1500))
        #expect(SpecMath.rounded(Double?.none, scale: 1) == nil && SpecMath.rounded(Double?.some(0.25), scale: 1) == 0.3)
    }

    @Test func specMathEdgeCases() {
        #expect(SpecMath.int(Decimal(string: "-9999999999999999999999")!) == Int.min)
        #expect(SpecMath.int(Decimal.nan) == 0)
        #expect(SpecMath.rounded(Decimal(string: "-1.005")!, scale: 2) == Decimal(string: "-1.01")!)
        #expect(SpecMath.rounded(Decimal(string: "1234")!, scale: -2) == 1200)
        #expect(SpecMath.decimal(0.1) == Decimal(string: "0.1")!)
        #expect(SpecMath.double(Decimal(string: "0.5")!) == 0.5)
        #expect([1, 2].element(at: 2) == nil && [1, 2].element(at: -1) == nil && [1, 2].element(at: 1) == 2)
        #expect(Fixture.date(10).duration(since: Fixture.date(4)) == .seconds(6))
        #expect(Fixture.date(10).subtracting(.seconds(4)) == Fixture.date(6))
    }
}

/// Regressions the random specs found (`Meter.Calibrate` in the language spec).
@Suite struct LanguageRegressionTests {
    @Test func typedLetsLiteralArithmeticAndNegatedDurations() throws {
        var state = Meter.State()
        state.whole = 4
        let events = try Meter().decide(.calibrate(Meter.Calibrate(meterId: Fixture.id(1), ttl: .seconds(60))), state: state, context: Fixture.at(100))
        // 12.50 × 4 in Decimal; (42 + 9) / 3 = 17 rounded to one digit; Int(Decimal(1)) + 4; now − 60 s.
        #expect(events == [.calibrated(Meter.Calibrated(meterId: Fixture.id(1), unit: 50, third: 17, whole: 5, earlier: Fixture.date(40)))])
    }
}

/// Deterministic ids and dates, as `EVDLGeneratedCodeTests`' `Fixture` makes them (this target has no checkout
/// fixtures to share them with).
private enum Fixture {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }
    static func at(_ seconds: Double) -> CommandContext { CommandContext(now: date(seconds)) }
}
