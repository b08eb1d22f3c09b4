import EVDLDriver
import Foundation
import Testing

@Suite("evdlc lock and check --against")
struct LockCommandTests {
    private let v1 = """
    aggregate Account {
      id accountId: UUID
      state { balance: Decimal = 0 }
      command Deposit creates { sum: Decimal }
      event Deposited { sum: Decimal }
      decide Deposit { emit Deposited { sum } }
      apply Deposited { balance += event.sum }
    }
    publish Account.Deposited to "deposits"
    """

    private func v2(_ field: String) -> String {
        v1.replacingOccurrences(of: "event Deposited { sum: Decimal }", with: "event Deposited v2 { \(field) }")
            .replacingOccurrences(of: "emit Deposited { sum }", with: "emit Deposited { amount: sum }")
            .replacingOccurrences(of: "event.sum", with: "event.amount")
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("lock writes evdl.lock, and leaves it untouched when nothing changed")
    func writesAndKeeps() throws {
        let dir = try TemporaryDirectory()
        try dir.write("account.evdl", v1)
        let first = runDriver(["lock", "--format", "human"], in: dir.path)
        #expect(first.status == .success && first.output == "wrote `evdl.lock` (2 contracts)\n", "\(first.output)")
        let text = try read(dir.path + "/evdl.lock")
        #expect(text.contains("\nevent Account.Deposited v1\n  id accountId: UUID\n  field sum: Decimal\n"))
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: dir.path + "/evdl.lock")
        let second = runDriver(["lock", "--format", "human"], in: dir.path)
        #expect(second.output == "`evdl.lock` is up to date (2 contracts)\n")
        #expect(try FileManager.default.attributesOfItem(atPath: dir.path + "/evdl.lock")[.modificationDate] as? Date == past)
    }

    @Test("a break leaves the lock as it was and exits 1; check --against names both places")
    func refusesABreak() throws {
        let dir = try TemporaryDirectory()
        try dir.write("account.evdl", v1)
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        let locked = try read(dir.path + "/evdl.lock")
        try dir.write("account.evdl", v2("amount: Decimal, memo: String = \"\""))
        let refused = runDriver(["lock", "account.evdl", "--format", "plain"], in: dir.path)
        #expect(refused.status == .findings)
        #expect(try read(dir.path + "/evdl.lock") == locked)
        let checked = runDriver(["check", "account.evdl", "--against", "evdl.lock", "--format", "plain"], in: dir.path)
        #expect(checked.status == .findings)
        #expect(checked.output.split(separator: "\n").prefix(2) == [
            "account.evdl:5:24: error: field `amount` of `Account.Deposited` has no value in stored `Account.Deposited` v1 payloads [EVDL0813]",
            "evdl.lock:5:1: note: the stored shape, without `amount`",
        ])
        #expect(refused.output == checked.output)
    }

    @Test("a compatible change passes and the new lock keeps the older version")
    func compatibleChange() throws {
        let dir = try TemporaryDirectory()
        try dir.write("account.evdl", v1)
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        try dir.write("account.evdl", v2("amount: Decimal was sum, memo: String = \"\""))
        let checked = runDriver(["check", "--against", "evdl.lock"], in: dir.path)
        #expect(checked.status == .success && checked.output.isEmpty, "\(checked.output)")
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        let text = try read(dir.path + "/evdl.lock")
        #expect(text.contains("\nevent Account.Deposited v1\n  id accountId: UUID\n  field sum: Decimal\n"))
        #expect(text.contains("\nevent Account.Deposited v2\n  id accountId: UUID\n  field amount: Decimal\n  field memo: String = default\n"))
    }

    @Test("an accepted break passes as a note with its reason; the next lock drops the acceptance")
    func acceptedBreak() throws {
        let dir = try TemporaryDirectory()
        try dir.write("account.evdl", v1)
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        try dir.write("account.evdl", v1.replacingOccurrences(of: "\"deposits\"", with: "\"money\""))
        let path = dir.path + "/evdl.lock"
        try (try read(path) + "accept EVDL0819 publish Account.Deposited \"deposits\": subscribers moved in PR 7\n").write(toFile: path, atomically: true, encoding: .utf8)
        let checked = runDriver(["check", "--against", "evdl.lock", "--format", "plain", "--warnings-as-errors"], in: dir.path)
        #expect(checked.status == .success)
        #expect(checked.output.contains("note: `Account.Deposited` is now published to \"money\", no longer to \"deposits\" [EVDL0819]"))
        #expect(checked.output.contains("note: accepted in the lock: subscribers moved in PR 7"))
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        let relocked = try read(path)
        #expect(!relocked.contains("accept") && relocked.contains("topic \"money\""))
    }

    @Test("a missing lock is EVDL0901 (exit 2); specs with errors are not compared, and not locked")
    func missingLockAndBrokenSpecs() throws {
        let dir = try TemporaryDirectory()
        try dir.write("account.evdl", v1)
        let missing = runDriver(["check", "--against", "nope.lock", "--format", "plain"], in: dir.path)
        #expect(missing.status == .usage && missing.output.contains("nope.lock:1:1: error:") && missing.output.contains("[EVDL0901]"))
        #expect(runDriver(["lock"], in: dir.path).status == .success)
        try dir.write("account.evdl", "type Broken { x: Nope }")
        let broken = runDriver(["check", "--against", "evdl.lock", "--format", "plain"], in: dir.path)
        #expect(broken.status == .findings)
        #expect(!broken.output.contains("EVDL081") && broken.output.contains("EVDL0202"))
        let locked = try read(dir.path + "/evdl.lock")
        let refused = runDriver(["lock", "--format", "plain"], in: dir.path)
        #expect(refused.status == .findings && refused.output.contains("EVDL0202"))
        #expect(try read(dir.path + "/evdl.lock") == locked)
    }

    @Test("--help lists lock, and check --help the --against option")
    func help() {
        #expect(runDriver(["--help"], in: "/").output.contains("  lock "))
        #expect(runDriver(["check", "--help"], in: "/").output.contains("--against LOCK"))
        #expect(runDriver(["lock", "--help"], in: "/").output.contains("--lock FILE"))
    }

    @Test("the Bank example's lock is v1's lock updated by v2, and the example checks clean against it")
    func bankStory() throws {
        let dir = try TemporaryDirectory()
        let bank = packageRoot + "/Examples/Bank"
        #expect(runDriver(["lock", bank + "/Evolution/v1", "--lock", dir.path + "/evdl.lock"], in: dir.path).status == .success)
        let v1Lock = try read(dir.path + "/evdl.lock")
        #expect(v1Lock.contains("\nevent Account.MoneyDeposited v1\n  id accountId: UUID\n  field sum: Decimal\n\nevent Account.MoneyWithdrawn"))
        #expect(runDriver(["lock", bank + "/Sources/Bank", "--lock", dir.path + "/evdl.lock"], in: dir.path).status == .success)
        #expect(try read(dir.path + "/evdl.lock") == (try read(bank + "/Sources/Bank/evdl.lock")))
        let clean = runDriver(["check", "Sources/Bank", "--against", "Sources/Bank/evdl.lock", "--warnings-as-errors"], in: bank)
        #expect(clean.status == .success && clean.output.isEmpty, "\(clean.output)")
    }

    @Test("README: the Bank spec without `was sum` is refused against the Bank lock, in these lines")
    func readmeExample() throws {
        let dir = try TemporaryDirectory()
        let bank = packageRoot + "/Examples/Bank"
        let spec = try read(bank + "/Sources/Bank/account.evdl")
        #expect(spec.contains("amount: Decimal was sum,"))
        try dir.write("Sources/Bank/account.evdl", spec.replacingOccurrences(of: "amount: Decimal was sum,", with: "amount: Decimal,"))
        try dir.write("evdl.lock", try read(bank + "/Sources/Bank/evdl.lock"))
        let run = runDriver(["check", "Sources/Bank", "--against", "evdl.lock", "--format", "plain"], in: dir.path)
        #expect(run.status == .findings)
        let readme = try read(packageRoot + "/README.md")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines { #expect(readme.contains("\n" + line + "\n"), "\(line)") }
    }
}
