import EVDLDriver
import Foundation
import Testing

/// `evdlc check --format sarif`: a SARIF 2.1.0 log that conforms to the schema's required structure.
@Suite struct SARIFOutputTests {
    static let spec = """
        type A { x: Int }
        type A { y: Int }
        aggregate O {
          id oId: UUID
          command C { }
          decide C { emit Nope { } }
        }

        """

    func log(_ run: DriverRun) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
    }

    func results(_ log: [String: Any]) -> [[String: Any]] {
        ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    @Test("the log conforms to the SARIF 2.1.0 schema's required structure")
    func conforms() throws {
        let directory = try TemporaryDirectory()
        try directory.write("Specs/a.evdl", Self.spec)
        let run = runDriver(["check", "--format", "sarif", "Specs"], in: directory.path)
        #expect(run.status == .findings)
        let log = try log(run)
        #expect(SARIFSchema.violations(of: log) == [])
        #expect(log["version"] as? String == "2.1.0")
        #expect(results(log).count == 3)
    }

    @Test("ruleId is the code, rules carry the explanations, locations are relative to the working directory")
    func rulesAndLocations() throws {
        let directory = try TemporaryDirectory()
        try directory.write("Specs/a.evdl", Self.spec)
        let log = try log(runDriver(["check", "--format", "sarif", directory.path + "/Specs"], in: directory.path))
        let found = results(log)
        #expect(found.map { $0["ruleId"] as? String } == ["EVDL0704", "EVDL0205", "EVDL0203"])
        #expect(found.map { $0["level"] as? String } == ["warning", "error", "error"])
        let driver = ((log["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any]
        let rules = try #require(driver?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["EVDL0203", "EVDL0205", "EVDL0704"])
        for (result, rule) in found.map({ ($0, rules[$0["ruleIndex"] as? Int ?? -1]) }) {
            #expect(rule["id"] as? String == result["ruleId"] as? String)
        }
        let explain = runDriver(["explain", "EVDL0205"], in: directory.path).output
        let title = (rules[1]["shortDescription"] as? [String: Any])?["text"] as? String
        #expect(title.map { explain.contains($0) } == true)
        let location = ((found[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = location?["artifactLocation"] as? [String: Any]
        #expect(artifact?["uri"] as? String == "Specs/a.evdl")
        #expect(artifact?["uriBaseId"] as? String == "%SRCROOT%")
        let region = location?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == 2 && region?["startColumn"] as? Int == 6 && region?["endColumn"] as? Int == 7)
        #expect((found[1]["message"] as? [String: Any])?["text"] as? String == "`A` is declared more than once\nhelp: rename one of them")
        let related = (found[1]["relatedLocations"] as? [[String: Any]])?.first
        #expect((related?["message"] as? [String: Any])?["text"] as? String == "first declared here")
    }

    @Test("fingerprints stay the same when lines above a result move, and differ between results")
    func fingerprints() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.evdl", Self.spec)
        let before = results(try log(runDriver(["check", "--format", "sarif", "a.evdl"], in: directory.path)))
        try directory.write("a.evdl", "// a comment\n\n" + Self.spec)
        let after = results(try log(runDriver(["check", "--format", "sarif", "a.evdl"], in: directory.path)))
        let print = { (results: [[String: Any]]) in results.map { ($0["partialFingerprints"] as? [String: String])?["evdlFingerprint/v1"] ?? "" } }
        #expect(print(before) == print(after))
        #expect(Set(print(before)).count == 3)
    }

    @Test("a file outside the working directory is a file:// URI, percent-encoded")
    func outsidePaths() throws {
        let directory = try TemporaryDirectory()
        try directory.write("my specs/a.evdl", Self.spec)
        let log = try log(runDriver(["check", "--format", "sarif", directory.path + "/my specs/a.evdl"], in: "/nonexistent-working-directory"))
        let location = ((results(log).first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = location?["artifactLocation"] as? [String: Any]
        #expect(artifact?["uri"] as? String == "file://" + directory.path + "/my%20specs/a.evdl")
        #expect(artifact?["uriBaseId"] == nil)
    }

    @Test("a clean check is a log with no results")
    func clean() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.evdl", "type A { x: Int }\naggregate O {\n  id oId: UUID\n  state { a: A? = nil }\n}\n")
        let run = runDriver(["check", "--format", "sarif", "a.evdl"], in: directory.path)
        let log = try log(run)
        #expect(SARIFSchema.violations(of: log) == [])
        #expect(results(log).isEmpty)
    }

    @Test("evdlc test --format sarif reports a failing scenario as a result at its place")
    func failingScenario() throws {
        let directory = try TemporaryDirectory()
        try directory.write("counter.evdl", """
            aggregate Counter {
              id counterId: UUID
              state { value: Int = 0 }
              command Add creates if missing { by: Int }
              event Added { by: Int }
              decide Add { emit Added { by: by * 3 } }
              apply Added { value += event.by }
            }
            scenario "adding" {
              when Counter.Add { counterId: id(1), by: 2 }
              then Counter.Added { counterId: id(1), by: 2 }
            }

            """)
        let run = runDriver(["test", "--format", "sarif", "counter.evdl"], in: directory.path)
        #expect(run.status == .findings)
        let log = try log(run)
        #expect(SARIFSchema.violations(of: log) == [])
        #expect(results(log).map { $0["ruleId"] as? String } == ["EVDL1001"])
    }

    @Test("the schema check finds what the schema forbids")
    func checkerCatchesViolations() {
        let bad: [String: Any] = [
            "runs": [["tool": ["driver": ["version": "1"]], "results": [["level": "fatal", "locations": [["physicalLocation": ["region": ["startLine": 0]]]]]]]],
        ]
        #expect(SARIFSchema.violations(of: bad).sorted() == [
            "$.runs[0].results[0]: `message` is required (result)",
            "$.runs[0].results[0].level: `fatal` is not one of [\"none\", \"note\", \"warning\", \"error\"]",
            "$.runs[0].results[0].locations[0].physicalLocation.region.startLine: 0 is below 1",
            "$.runs[0].results[0].locations[0].physicalLocation: one of [[\"address\"], [\"artifactLocation\"]] is required (physicalLocation)",
            "$.runs[0].tool.driver: `name` is required (toolComponent)",
            "$: `version` is required (sarifLog)",
        ].sorted())
    }
}
