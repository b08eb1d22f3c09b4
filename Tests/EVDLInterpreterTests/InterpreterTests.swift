import EVDLInterpreter
import EVDLSema
import EVDLSyntax
import EVDLTestSupport
import Foundation
import Testing

/// Checks a marked spec and runs its scenarios.
func runScenarios(_ marked: MarkedSource) -> (results: [ScenarioResult], sources: SourceManager) {
    let (sources, id) = marked.sourceManager()
    let parsed = EVDLParser.parse(sources[id])
    let checked = SemanticAnalyzer.check([parsed.spec], sources: sources)
    let errors = (parsed.diagnostics + checked.diagnostics).filter { $0.severity == .error }
    precondition(errors.isEmpty, "the test spec has errors: \(errors.map(\.message))")
    return (ScenarioInterpreter(model: checked.model).run(), sources)
}

let account = """
    aggregate Account {
      id accountId: UUID
      state { balance: Decimal = 0, open: Bool = false, history: [Decimal] = [] }
      command Open creates { }
      command Deposit { amount: Decimal }
      command Withdraw { amount: Decimal }
      command Split { parts: Int }
      command Audit emits Audited { }
      event Opened { }
      event Deposited { amount: Decimal }
      event Withdrawn { amount: Decimal }
      event Audited { }
      event SplitDone { share: Int }
      decide Open { emit Opened { } }
      decide Deposit {
        require amount > 0 else "a deposit must be positive, not \\(amount)"
        emit Deposited { amount: DEPOSIT }
      }
      decide Withdraw {
        require balance >= amount else "insufficient funds: balance \\(balance), requested \\(amount)"
        emit Withdrawn { amount }
      }
      decide Split { emit SplitDone { share: 100 / parts } }
      apply Opened { open = true }
      apply Deposited { balance += event.amount; history.append(event.amount) }
      apply Withdrawn { balance -= event.amount; history.append(-event.amount) }
    }

    """

@Suite struct InterpreterTests {
    @Test("the scenarios of a correct decide pass: events, rejections with interpolated decimals, existence rules")
    func passingScenarios() {
        let spec = account.replacingOccurrences(of: "DEPOSIT", with: "amount") + """
            scenario "a deposit" { given Account.Opened { accountId: id(1) }; when Account.Deposit { accountId: id(1), amount: 2.50 }; then Account.Deposited { accountId: id(1), amount: 2.5 } }
            scenario "overdrawn" {
              given Account.Opened { accountId: id(1) }
                    Account.Deposited { accountId: id(1), amount: 10.25 }
              when Account.Withdraw { accountId: id(1), amount: 20 }
              then rejected "insufficient funds: balance 10.25, requested 20"
            }
            scenario "a new account" { when Account.Open { accountId: id(7) }; then Account.Opened { accountId: id(7) } }
            scenario "opening twice" { given Account.Opened { accountId: id(7) }; when Account.Open { accountId: id(7) }; then rejected }
            """
        let (results, _) = runScenarios(MarkedSource(spec))
        #expect(results.map(\.status) == [.passed, .passed, .passed, .passed])
        #expect(results[3].actual == "rejected aggregateAlreadyExists")
        #expect(results[2].actual == "Account.Opened { accountId: 00000000-0000-0000-0000-000000000007 }")
    }

    @Test("a wrong decide fails at its `when` with the expected value's place and the field that differs")
    func wrongDecideFails() {
        let spec = account.replacingOccurrences(of: "DEPOSIT", with: "amount * 2") + """
            scenario "a deposit" {
              given Account.Opened { accountId: id(1) }
              when «Account.Deposit» { accountId: id(1), amount: 5 }
              then «Account.Deposited { accountId: id(1), amount: 5 }»
            }
            """
        let marked = MarkedSource(spec)
        let (results, _) = runScenarios(marked)
        let result = try! #require(results.first)
        #expect(result.status == .failed)
        #expect(result.differences == ["event #1 `Account.Deposited`: `amount` expected 5, got 10"])
        let diagnostic = try! #require(result.diagnostic)
        #expect(diagnostic.code.rawValue == "EVDL1001")
        #expect(diagnostic.span.map { $0.start..<$0.end } == marked.marks[0])
        #expect(diagnostic.notes.first?.span.map { $0.start..<$0.end } == marked.marks[1])
        #expect(result.expected == "Account.Deposited { accountId: 00000000-0000-0000-0000-000000000001, amount: 5 }")
        #expect(result.actual == "Account.Deposited { accountId: 00000000-0000-0000-0000-000000000001, amount: 10 }")
    }

    @Test("another rejection message is a failure that quotes both messages")
    func wrongMessage() {
        let spec = account.replacingOccurrences(of: "DEPOSIT", with: "amount") + """
            scenario "negative" { given Account.Opened { accountId: id(1) }; when Account.Deposit { accountId: id(1), amount: -1 }; then rejected "no" }
            """
        let result = runScenarios(MarkedSource(spec)).results[0]
        #expect(result.status == .failed)
        #expect(result.differences == [#"message: expected "no", got "a deposit must be positive, not -1""#])
    }

    @Test("an Int division by zero gives 0, as generated code's SpecMath does: the scenario runs on, nothing traps")
    func divisionByZeroGivesZero() {
        let spec = account.replacingOccurrences(of: "DEPOSIT", with: "amount") + """
            scenario "split" { given Account.Opened { accountId: id(1) }; when Account.Split { accountId: id(1), parts: 0 }; then Account.SplitDone { accountId: id(1), share: 0 } }
            scenario "split wrongly" { given Account.Opened { accountId: id(1) }; when Account.Split { accountId: id(1), parts: 0 }; then nothing }
            """
        let results = runScenarios(MarkedSource(spec)).results
        #expect(results.map(\.status) == [.passed, .failed])
        #expect(results[1].diagnostic?.code.rawValue == "EVDL1001")
    }

    @Test("a command decided in Swift is skipped with a warning, never passed")
    func decidedInSwiftIsSkipped() {
        let spec = account.replacingOccurrences(of: "DEPOSIT", with: "amount") + """
            scenario "audit" { given Account.Opened { accountId: id(1) }; when Account.Audit { accountId: id(1) }; then Account.Audited { accountId: id(1) } }
            """
        let result = runScenarios(MarkedSource(spec)).results[0]
        #expect(result.status == .skipped)
        #expect(result.diagnostic?.severity == .warning)
        #expect(result.diagnostic?.code.rawValue == "EVDL1003")
    }
}
