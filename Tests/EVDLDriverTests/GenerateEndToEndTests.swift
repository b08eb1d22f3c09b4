import EVDLDriver
import Foundation
import Testing

@Suite("evdlc generate over the real pipeline")
struct GenerateEndToEndTests {
    static let example = packageRoot + "/Examples/Checkout/Sources/Checkout"
    static let names = ["checkout.evdl.swift", "order.evdl.swift", "participants.evdl.swift", "types.evdl.swift"]

    private func dates(_ directory: String) throws -> [Date] {
        try Self.names.map { try #require(try FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.modificationDate] as? Date) }
    }

    @Test("the checkout example generates one file per spec; a second run rewrites nothing")
    func idempotent() throws {
        let dir = try TemporaryDirectory()
        let first = runDriver(["generate", Self.example, "--output", "Out", "--format", "human"], in: dir.path)
        #expect(first.status == .success, "\(first.output)")
        #expect(first.output == "generated 4 files into `Out` (4 written, 0 unchanged)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/Out").sorted() == Self.names)
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        for name in Self.names {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: dir.path + "/Out/" + name)
        }
        let contents = try Self.names.map { try Data(contentsOf: URL(fileURLWithPath: dir.path + "/Out/" + $0)) }
        let second = runDriver(["generate", Self.example, "--output", "Out", "--format", "human"], in: dir.path)
        #expect(second.output == "generated 4 files into `Out` (0 written, 4 unchanged)\n")
        #expect(try dates(dir.path + "/Out") == Array(repeating: past, count: 4))
        #expect(try Self.names.map { try Data(contentsOf: URL(fileURLWithPath: dir.path + "/Out/" + $0)) } == contents)
    }

    @Test("--scenario-tests writes only the scenario tests, which import the module; specs without scenarios write none")
    func scenarioTests() throws {
        let dir = try TemporaryDirectory()
        let run = runDriver(["generate", Self.example, "-o", "Tests", "--scenario-tests", "Checkout", "--format", "human"], in: dir.path)
        #expect(run.status == .success, "\(run.output)")
        #expect(run.output == "generated 1 file into `Tests` (1 written, 0 unchanged)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/Tests") == ["Scenarios.swift"])
        let text = try String(contentsOfFile: dir.path + "/Tests/Scenarios.swift", encoding: .utf8)
        #expect(text.contains("\nimport Testing\n@testable import Checkout\n"))
        #expect(text.contains("    @Test(\"a declined card releases the stock and cancels the order\")\n"))
        #expect(text.contains("static func scenarioOutcomes() async -> [(title: String, outcome: String)]"))
        try dir.write("plain.evdl", "type Line { sku: String }")
        let none = runDriver(["generate", "plain.evdl", "-o", "Empty", "--scenario-tests", "Plain", "--format", "human"], in: dir.path)
        #expect(none.status == .success && none.output.hasSuffix("generated 0 files into `Empty` (0 written, 0 unchanged)\n"), "\(none.output)")
    }

    @Test("--access and the configuration file choose the access level; the command line wins")
    func accessLevels() throws {
        let dir = try TemporaryDirectory()
        try dir.write("evdl-config.json", #"{ "access": "package" }"#)
        func orderSwift(_ extra: [String]) throws -> String {
            let run = runDriver(["generate", Self.example, "-o", "Out"] + extra, in: dir.path)
            #expect(run.status == .success, "\(run.output)")
            return try String(contentsOfFile: dir.path + "/Out/order.evdl.swift", encoding: .utf8)
        }
        #expect(try orderSwift([]).contains("\nnonisolated struct Order"))
        #expect(try orderSwift(["--access", "public"]).contains("\npublic nonisolated struct Order"))
        #expect(try orderSwift(["--config", "evdl-config.json"]).contains("\npackage nonisolated struct Order"))
        #expect(try orderSwift(["--config", "evdl-config.json", "--access=public"]).contains("\npublic nonisolated struct Order"))
    }

    @Test("an invalid configuration is a located EVDL0906 error: status 1, nothing written")
    func invalidConfiguration() throws {
        let dir = try TemporaryDirectory()
        try dir.write("evdl-config.json", "{\n  \"acess\": \"public\"\n}\n")
        let run = runDriver(["generate", Self.example, "-o", "Out", "--config", "evdl-config.json", "--format", "plain"], in: dir.path)
        #expect(run.status == .findings)
        #expect(run.output == """
            evdl-config.json:2:3: error: invalid configuration: unknown key `acess` [EVDL0906]
            evdl-config.json:2:3: note: help: did you mean `access`?

            """)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Out"))
        let missing = runDriver(["generate", Self.example, "-o", "Out", "--config", "nope.json"], in: dir.path)
        #expect(missing.status == .usage)
    }

    @Test("two spec files with the same name would overwrite each other: EVDL0905, nothing written")
    func duplicateNames() throws {
        let dir = try TemporaryDirectory()
        try dir.write("A/types.evdl", "type A { x: Int }\n")
        try dir.write("B/types.evdl", "type B { a: A }\n")
        let run = runDriver(["generate", "A", "B", "-o", "Out", "--format", "plain"], in: dir.path)
        #expect(run.status == .findings)
        #expect(run.output.contains("evdlc: error: spec files `A/types.evdl` and `B/types.evdl` all generate `types.evdl.swift` [EVDL0905]\n"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Out"))
    }
}
