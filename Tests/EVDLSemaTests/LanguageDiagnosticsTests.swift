import Testing
@testable import EVDLSema
import EVDLSyntax

/// An aggregate whose `decide`, `apply` and state exercise the forms real domains need.
private func ledger(decide: String = "", apply: String = "") -> String {
    """
    type Entry { amount: Decimal, quantity: Int, at: Date, note: String? = nil }
    enum Kind { credit, debit, held }
    aggregate Ledger {
      id ledgerId: UUID
      state { entries: [Entry] = [], byTag: [String: Int] = [:], kind: Kind = credit, balance: Decimal = 0, rate: Double = 0, openedAt: Date? = nil }
      command Post creates { entry: Entry }
      event Posted { entry: Entry }
      decide Post { \(decide)
        emit Posted { entry } }
      apply Posted { \(apply) }
    }
    """
}

/// One test per new `EVDL03xx` code, each with the expected place marked in the spec text, and the help lines.
@Suite struct LanguageDiagnosticsTests {
    @Test func closureOutsideACall() {
        expectDiagnostic("EVDL0314", in: ledger(decide: "let f = «{ $0 > 1 }»"), words: ["a closure can only be passed to a collection method"])
    }

    @Test func closureWithBothParameters() {
        expectDiagnostic("EVDL0314", in: ledger(decide: "require entries.allSatisfy({ e in «e.amount > $0.amount» }) else \"x\""),
                         words: ["cannot also use `$0`"])
    }

    @Test func notAClosure() {
        expectDiagnostic("EVDL0314", in: ledger(decide: "let n = entries.filter(«true»)"), words: ["expected a closure"])
    }

    @Test func conversionOfAString() {
        expectDiagnostic("EVDL0315", in: ledger(decide: "let n = Int(«\"42\"»)"), words: ["cannot convert `String` to `Int`"])
    }

    @Test func mutatingCallAsAValue() {
        expectDiagnostic("EVDL0316", in: ledger(apply: "let n = «entries.append(event.entry)»"), words: ["`append` changes the collection"])
    }

    @Test func otherCallAsAStatement() {
        expectDiagnostic("EVDL0316", in: ledger(apply: "«entries.filter { $0.quantity > 0 }»"), words: ["only a call that changes a collection"])
    }

    @Test func mutatingCallInDecide() {
        expectDiagnostic("EVDL0316", in: ledger(decide: "«entries.append(entry)»"), words: ["`append` cannot change anything in `decide`"])
    }

    @Test func switchNotExhaustive() {
        expectDiagnostic("EVDL0317", in: ledger(apply: "«switch» kind {\ncase .credit: balance += event.entry.amount\n}"),
                         words: ["`debit`, `held` not handled", "case .debit, .held:"])
    }

    @Test func switchOverAnIntNeedsADefault() {
        expectDiagnostic("EVDL0317", in: ledger(apply: "«switch» event.entry.quantity {\ncase 1: balance = 1\n}"), words: ["must have a `default` case"])
    }

    @Test func switchCaseTwice() {
        let d = expectDiagnostic("EVDL0318", in: ledger(apply: "switch kind {\ncase .credit: balance = 1\ncase «.credit», .debit: balance = 2\ndefault: balance = 0\n}"),
                                 words: ["`.credit` is matched twice"])
        #expect(d?.notes.first?.message == "first matched here")
    }

    @Test func defaultNotLast() {
        expectDiagnostic("EVDL0318", in: ledger(apply: "switch kind {\n«default»: balance = 0\ncase .credit: balance = 1\n}"), words: ["`default` must be the last case"])
    }

    @Test func switchPatternNotConstant() {
        expectDiagnostic("EVDL0318", in: ledger(apply: "switch event.entry.quantity {\ncase «event.entry.quantity + 1»: balance = 1\ndefault: balance = 0\n}"),
                         words: ["matches enum cases and literals only"])
    }

    @Test func switchPatternOfAnotherTypeSaysNotToConvert() {
        let d = expectDiagnostic("EVDL0301", in: ledger(apply: "switch event.entry.quantity {\ncase «1.5»: balance = 1\ndefault: balance = 0\n}"),
                                 words: ["mismatched types: expected `Int`"])
        #expect(d?.help == "a `case` matches a value of the subject's type, `Int`")
    }

    @Test func aMissingSwitchSubjectAddsNothingToTheSyntaxError() {
        // The parser reports the missing subject (EVDL0105); the checker adds nothing about its patterns.
        let checked = analyze(prelude + ledger(apply: "switch {\ncase .credit: balance = 1\ndefault: balance = 0\n}"))
        #expect(checked.diagnostics.filter { $0.code.rawValue.hasPrefix("EVDL03") }.isEmpty, "\(checked.summary)")
    }

    @Test func compoundAssignmentToAnOptionalSaysHowToGiveItAValue() {
        let d = expectDiagnostic("EVDL0303", in: ledger(apply: "«openedAt += 7d»"), words: ["operator `+=` cannot be applied to `Date?` and `Duration`"])
        #expect(d?.help == "`openedAt` is optional: write `openedAt = (openedAt ?? …) + …`, or change it inside `if let`")
    }

    @Test func aFractionNextToAnIntTakesTheDecimalItIsAssignedTo() {
        let checked = analyze(prelude + ledger(apply: "balance = event.entry.quantity * 0.5\nbalance += 0.25 * event.entry.quantity\nrate = event.entry.quantity * 0.5"))
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
        // A whole number stays an `Int`: a `Decimal` field given an `Int` value is still an error.
        expectDiagnostic("EVDL0301", in: ledger(apply: "balance = «event.entry.quantity + 1»"), words: ["expected `Decimal`, found `Int`"])
    }

    @Test func ifLetOfANonOptional() {
        expectDiagnostic("EVDL0319", in: ledger(apply: "if let n = «entries.count» { balance = 1 }"), words: ["`if let` needs an optional value, found `Int`"])
    }

    @Test func optionalChainOnANonOptional() {
        expectDiagnostic("EVDL0320", in: ledger(apply: "let q = «event.entry»?.quantity"), words: ["which is not optional", "write `.` instead of `?.`"])
    }

    @Test func sumOfStrings() {
        expectDiagnostic("EVDL0321", in: ledger(decide: "let s = entries.sum { «$0.note ?? \"\"» }"), words: ["cannot sum values of type `String`"])
    }

    @Test func maxOfRecords() {
        expectDiagnostic("EVDL0321", in: ledger(decide: "let s = «entries.max»()"), words: ["`max` needs ordered elements, found `Entry`"])
    }

    @Test func decimalFieldGivenAnIntSaysWhereToConvert() {
        // `+=` widens an `Int`; `=` does not: the help says what to insert.
        expectDiagnostic("EVDL0301", in: ledger(apply: "balance += event.entry.quantity\nbalance = «event.entry.quantity»"),
                         words: ["expected `Decimal`, found `Int`", "insert `Decimal(…)`"])
    }

    @Test func messageFieldGivenAnIntHasAFixIt() {
        let text = """
        aggregate Till {
          id tillId: UUID
          command Count creates { n: Int }
          event Counted { amount: Decimal }
          decide Count { emit Counted { amount: «n» } }
          apply Counted { }
        }
        """
        expectDiagnostic("EVDL0301", in: text, words: ["expected `Decimal`, found `Int`", "insert `Decimal(…)`"], withPrelude: false)
    }

    @Test func wrongMethodArguments() {
        expectDiagnostic("EVDL0308", in: ledger(decide: "let n = «entries.count»(where: 1, 2)"), words: ["wrong arguments for `count`"])
    }

    @Test func propertyCalledAsAMethod() {
        expectDiagnostic("EVDL0308", in: ledger(decide: "let n = «byTag.keys»()"), words: ["`keys` is a property, not a method"])
    }

    @Test func forceUnwrapIsASyntaxError() {
        let checked = analyze(ledger(decide: "let q = entries.first!.quantity"))
        #expect(checked.syntaxDiagnostics.map(\.code.rawValue) == ["EVDL0120"])
    }
}
