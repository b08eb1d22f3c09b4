import EVDLDriver
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `evdlc test`: runs the scenarios of the examples, reports a failure at its place in every format, filters, writes
/// JUnit XML, and exits 0/1/2 as its help says.
@Suite struct TestCommandTests {
    static let spec = """
        aggregate Counter {
          id counterId: UUID
          state { value: Int = 0 }
          command Add creates if missing { by: Int }
          event Added { by: Int }
          decide Add { require by > 0 else "add at least 1, not \\(by)"; emit Added { by: by * FACTOR } }
          apply Added { value += event.by }
        }
        scenario "adding" { when Counter.Add { counterId: id(1), by: 2 }; then Counter.Added { counterId: id(1), by: 2 } }
        scenario "adding nothing" { when Counter.Add { counterId: id(1), by: 0 }; then rejected "add at least 1, not 0" }

        """

    func module(factor: Int) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("counter.evdl", Self.spec.replacingOccurrences(of: "FACTOR", with: String(factor)))
        return dir
    }

    @Test("every example's scenarios pass")
    func examplesPass() {
        for example in ["Bank", "Checkout", "Feed"] {
            let run = runDriver(["test", "Examples/\(example)/Sources", "--format", "plain"], in: packageRoot)
            #expect(run.status == .success, "\(example): \(run.output)")
            #expect(run.output.contains("test result: ok."), "\(example): \(run.output)")
        }
    }

    @Test("a passing module prints one line per scenario and a summary, exit 0")
    func passing() throws {
        let dir = try module(factor: 1)
        let run = runDriver(["test", "--format", "human", "--color", "never"], in: dir.path)
        #expect(run.status == .success)
        #expect(run.output.contains("PASS  ./counter.evdl:9:1  aggregate Counter: adding\n"))
        #expect(run.output.contains("test result: ok. 2 passed, 0 failed, 0 skipped (2 scenarios in "))
    }

    @Test("a wrong decide fails with exit 1, at its place, in plain and GitHub formats")
    func failing() throws {
        let dir = try module(factor: 3)
        let plain = runDriver(["test", "--format", "plain"], in: dir.path)
        #expect(plain.status == .findings)
        #expect(plain.output.contains("./counter.evdl:9:26: error: scenario \"adding\" failed: expected other events [EVDL1001]"))
        #expect(plain.output.contains("note: event #1 `Counter.Added`: `by` expected 2, got 6"))
        #expect(plain.output.contains("test result: FAILED. 1 passed, 1 failed, 0 skipped"))
        let github = runDriver(["test", "--format", "github"], in: dir.path)
        #expect(github.output.contains("::error file=./counter.evdl,line=9,col=26,"))
        #expect(github.output.contains("title=EVDL1001::scenario \"adding\" failed"))
    }

    @Test("--filter runs the matching scenarios only; JSON lists each with its outcome")
    func filterAndJSON() throws {
        let dir = try module(factor: 3)
        let run = runDriver(["test", "--filter", "nothing", "--format", "json"], in: dir.path)
        #expect(run.status == .success)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
        let scenarios = object["scenarios"] as! [[String: Any]]
        #expect(scenarios.count == 1)
        #expect(scenarios[0]["title"] as? String == "adding nothing")
        #expect(scenarios[0]["actual"] as? String == "rejected \"add at least 1, not 0\"")
        #expect((object["summary"] as! [String: Any])["passed"] as? Int == 1)
    }

    @Test("--junit writes JUnit XML that XMLParser reads, with the failure's text")
    func junit() throws {
        let dir = try module(factor: 3)
        let run = runDriver(["test", "--junit", "results.xml", "--format", "plain"], in: dir.path)
        #expect(run.status == .findings)
        let xml = try String(contentsOfFile: dir.path + "/results.xml", encoding: .utf8)
        #expect(XMLParser(data: Data(xml.utf8)).parse())
        #expect(xml.contains("<testsuite name=\"aggregate Counter\" tests=\"2\" failures=\"1\" skipped=\"0\">"))
        #expect(xml.contains("<testcase name=\"adding\" classname=\"aggregate Counter\" file=\"./counter.evdl\" line=\"9\">"))
        #expect(xml.contains("`by` expected 2, got 6"))
    }

    @Test("specs with errors are not run; an unwritable --junit file is exit 2")
    func errorsAndUnwritable() throws {
        let dir = try TemporaryDirectory()
        try dir.write("bad.evdl", "aggregate A { apply Nope { } }\nscenario \"x\" { when A.C { }; then nothing }\n")
        let bad = runDriver(["test", "--format", "plain"], in: dir.path)
        #expect(bad.status == .findings)
        #expect(!bad.output.contains("test result"))
        let good = try module(factor: 1)
        let unwritable = runDriver(["test", "--junit", "/nonexistent-dir/x.xml", "--format", "plain"], in: good.path)
        #expect(unwritable.status == .usage)
        #expect(unwritable.errors.contains("cannot write the JUnit report"))
    }

    @Test("a scenario decided in Swift is skipped with a warning; --warnings-as-errors makes it fail")
    func skippedScenario() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ship.evdl", """
            aggregate Parcel {
              id parcelId: UUID
              command Ship creates if missing emits Shipped { }
              event Shipped { }
            }
            scenario "shipping" { when Parcel.Ship { parcelId: id(1) }; then Parcel.Shipped { parcelId: id(1) } }

            """)
        let run = runDriver(["test", "--format", "plain"], in: dir.path)
        #expect(run.status == .success)
        #expect(run.output.contains("warning: scenario \"shipping\" was skipped: its command is decided in Swift [EVDL1003]"))
        #expect(run.output.contains("0 passed, 0 failed, 1 skipped"))
        #expect(runDriver(["test", "--format", "plain", "--warnings-as-errors"], in: dir.path).status == .findings)
    }

    @Test("`evdlc explain` knows the 10xx codes")
    func explain() {
        for code in ["EVDL1001", "EVDL1002", "EVDL1003"] {
            #expect(runDriver(["explain", code], in: packageRoot).status == .success)
        }
    }
}
