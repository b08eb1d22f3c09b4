import EVDLEvolution
import EVDLSema
import EVDLSyntax
import EVDLTestSupport
import Testing

@Suite struct LockFileTests {
    private func lock(_ text: String, previous: ContractLock? = nil) -> ContractLock {
        var sources = SourceManager()
        let (checked, errors) = model(text, sources: &sources)
        #expect(errors.isEmpty)
        return Evolution.updatedLock(ContractExtractor.contracts(of: checked), previous: previous)
    }

    private func read(_ text: String) -> (ContractLock, [Diagnostic], SourceManager) {
        var sources = SourceManager()
        let id = sources.add(path: "evdl.lock", text: text)
        let (lock, diagnostics) = LockFile.parse(sources[id])
        return (lock, diagnostics, sources)
    }

    @Test("the lock lists each kind of contract in a fixed order, one line per member")
    func layout() {
        let text = LockFile.render(lock(Spec().text))
        let headers = text.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }
        #expect(headers == ["evdl-lock 1", "enum Kind", "type Money", "event Account.Deposited v1", "event Account.Opened v1",
                            "event Account.Withdrawn v1", "saga Settle", "service Payment.Charge", "publish Account.Deposited",
                            "state Account", "projection Balances"])
        #expect(text.contains("\nevent Account.Deposited v1\n  id accountId: UUID\n  field sum: Decimal\n  field kind: Kind\n"))
        #expect(text.contains("\nsaga Settle\n  input accountId: UUID\n  input amount: Decimal\n  result charge: Payment.Charge.Result\n"))
        #expect(text.contains("\npublish Account.Deposited\n  topic \"deposits\"\n"))
        #expect(text.contains("\nprojection Balances\n  key accountId: UUID\n  row balance: Decimal = default\n"))
    }

    @Test("the same spec gives the same bytes, whatever the order of its declarations")
    func deterministic() {
        let spec = Spec().text
        let reordered = spec.split(separator: "\n", omittingEmptySubsequences: false).suffix(from: 2).joined(separator: "\n")
            + "\nenum Kind { cash, card }\ntype Money { amount: Decimal, currency: String }\n"
        #expect(LockFile.render(lock(spec)) == LockFile.render(lock(spec)))
        #expect(LockFile.render(lock(spec)) == LockFile.render(lock(reordered)))
    }

    @Test("a written lock reads back as the same contracts")
    func roundTrip() {
        let written = lock(Spec.with { $0.publishes += "\npublish Account.Deposited to \"a \\\"quoted\\\" topic\"" })
        let (read, problems, _) = read(LockFile.render(written))
        #expect(problems.isEmpty)
        #expect(LockFile.render(read) == LockFile.render(written))
        #expect(read.contracts(.publish, "Account.Deposited").first?.members.map(\.name) == ["a \"quoted\" topic", "deposits"])
    }

    @Test("a new lock keeps the older versions of each event, so later specs must still read them")
    func history() {
        let v1 = lock(Spec().text)
        let v2 = lock(Spec.with { $0.deposited = "event Deposited v2 { amount: Decimal was sum, kind: Kind }" }, previous: v1)
        #expect(v2.contracts(.event, "Account.Deposited").map(\.version) == [1, 2])
        // v3 renames `amount` again: the v2 payloads read, the v1 payloads (which hold `sum`) do not.
        var sources = SourceManager()
        let lockID = sources.add(path: "evdl.lock", text: LockFile.render(v2))
        let (v3, _) = model(Spec.with { $0.deposited = "event Deposited v3 { total: Decimal was amount, kind: Kind }" }, sources: &sources)
        let findings = Evolution.check(v3, against: sources[lockID])
        #expect(findings.map(\.code.rawValue) == ["EVDL0813"])
        #expect(findings.first?.message == "field `total` of `Account.Deposited` has no value in stored `Account.Deposited` v1 payloads")
        #expect(findings.first?.notes.first.flatMap(\.span).map { sources.describe($0) } == "evdl.lock:13:1")
    }

    @Test("an event type whose removal was accepted stays in the lock, retired: absent it passes, declared again it must read the stored payloads")
    func retired() {
        let v1 = lock(Spec().text)
        let v2 = lock(Spec.with { $0.withdrawn = "" }, previous: v1)
        #expect(v2.contracts(.event, "Account.Withdrawn").map { "v\($0.version ?? 0) \($0.retired)" } == ["v1 true"])
        let text = LockFile.render(v2)
        #expect(text.contains("\nevent Account.Withdrawn v1 retired\n  id accountId: UUID\n  field money: Money\n"))
        let (read, problems, _) = read(text)
        #expect(problems.isEmpty && LockFile.render(read) == text)
        #expect(LockFile.render(lock(Spec.with { $0.withdrawn = "" }, previous: read)) == text)

        func findings(_ spec: String) -> [String] {
            var sources = SourceManager()
            let lockID = sources.add(path: "evdl.lock", text: text)
            let (checked, errors) = model(spec, sources: &sources)
            #expect(errors.isEmpty)
            return Evolution.check(checked, against: sources[lockID]).map { "\($0.code) \($0.message)" }
        }
        #expect(findings(Spec.with { $0.withdrawn = "" }).isEmpty)
        #expect(findings(Spec.with { $0.withdrawn = "event Withdrawn { amount: Decimal }" })
            == ["EVDL0813 field `amount` of `Account.Withdrawn` has no value in stored `Account.Withdrawn` v1 payloads",
                "EVDL0815 field `money` of `Account.Withdrawn` was removed or renamed, but the event is still v1"])
        #expect(findings(Spec().text).isEmpty)
        #expect(lock(Spec().text, previous: read).contracts(.event, "Account.Withdrawn").map(\.retired) == [false])
    }

    @Test("a line the lock cannot read is EVDL0890 at its place")
    func invalidLines() {
        let marked = MarkedSource("evdl-lock 1\n\nevent Account.Deposited v1\n  id accountId: UUID\n  «field sum Decimal»\n")
        let (_, problems, sources) = read(marked.text)
        #expect(problems.map(\.code.rawValue) == ["EVDL0890"])
        #expect(problems.first.flatMap(\.span).map { $0.start..<$0.end } == marked.mark)
        #expect(problems.first?.message == "invalid lock file: cannot read `field sum Decimal` as a case, field, result or topic")
        #expect(problems.first.flatMap(\.span).map { sources.describe($0) } == "evdl.lock:5:3")
        #expect(read("event A.B v1\n").1.first?.message == "invalid lock file: expected `evdl-lock 1` as the first line")
        #expect(read("evdl-lock 1\nevent A.B\n").1.first?.message == "invalid lock file: cannot read `event A.B` as a contract")
        #expect(read("evdl-lock 1\naccept 0810 x: y\n").1.map(\.code.rawValue) == ["EVDL0890"])
        #expect(read("# only a comment\n").1.first?.message == "invalid lock file: the lock file is empty; expected `evdl-lock 1`")
    }

    @Test("each finding is at the spec's place with a note at the lock's line, and names what to accept")
    func bothPlaces() {
        let result = compare(Spec().text, Spec.with { $0.deposited = "event Deposited v2 { sum: String, kind: Kind }" })
        let finding = try! #require(result.diagnostics.first)
        #expect(finding.span.map { result.sources.describe($0) } == "new.evdl:8:24")
        #expect(finding.notes.map { "\($0.message) \($0.span.map { result.sources.describe($0) } ?? "")" } == ["stored as `Decimal` here evdl.lock:15:3"])
        #expect(finding.help?.hasSuffix("add `accept EVDL0814 field Account.Deposited.sum: <why>` to the lock") == true)
    }

    @Test("each explanation's example reports its code, and its fixed example reports no error",
          arguments: EvolutionExplanations.all.filter { $0.failingExample.contains(EvolutionExplanations.separator) })
    func explanationExamples(_ explanation: DiagnosticExplanation) {
        func halves(_ example: String) -> (String, String) {
            let parts = example.split(separator: EvolutionExplanations.separator + "\n", omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]))
        }
        let (locked, failing) = halves(explanation.failingExample)
        let (lockedAgain, fixed) = halves(explanation.fixedExample)
        #expect(locked == lockedAgain)
        let broken = compare(locked, failing)
        #expect(broken.specErrors.isEmpty && broken.diagnostics.map(\.code) == [explanation.code], "\(broken.summary)")
        let mended = compare(locked, fixed)
        #expect(mended.specErrors.isEmpty && mended.diagnostics.filter { $0.severity == .error || $0.code == explanation.code }.isEmpty, "\(mended.summary)")
    }

    @Test("the lock's own explanations: an unreadable line, an acceptance without reason, one that accepts nothing")
    func lockExplanations() {
        let byCode = Dictionary(uniqueKeysWithValues: EvolutionExplanations.all.map { ($0.code.rawValue, $0) })
        #expect(read(byCode["EVDL0890"]!.failingExample).1.map(\.code.rawValue) == ["EVDL0890"])
        #expect(read(byCode["EVDL0890"]!.fixedExample).1.isEmpty)
        #expect(Set(EvolutionExplanations.all.map(\.code)) == Set(EvolutionDiagnostics.allCodes))
        #expect(EvolutionExplanations.all.count == EvolutionDiagnostics.allCodes.count)
        let withoutReason = compare(Spec().text, Spec().text, accepting: [String(byCode["EVDL0891"]!.failingExample)])
        #expect(withoutReason.verdict == ["EVDL0891 error"])
        let unused = compare(Spec().text, Spec().text, accepting: [String(byCode["EVDL0892"]!.failingExample)])
        #expect(unused.verdict == ["EVDL0892 warning"])
    }
}
