import EVDLEvolution
import EVDLSyntax
import Foundation
import Testing

/// The verdicts written in `References/evolution/evolved.evdl` are the check's: each aggregate's findings against the
/// lock of `v1.evdl` are exactly its `// verdict:` (`EVDLGeneratedCodeTests.EvolutionReadingTests` shows each verdict
/// holds for real v1 payloads in a file store).
@Suite struct EvolvedSpecTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EVDLGeneratorTests/References/evolution")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test("each aggregate and saga of evolved.evdl gets the verdict its comment states")
    func verdicts() throws {
        let evolved = try Self.text("evolved.evdl")
        let result = compare(try Self.text("v1.evdl"), evolved)
        #expect(result.specErrors.isEmpty, "\(result.summary)")
        let lines = evolved.split(separator: "\n").map(String.init)
        var expected: [(name: String, verdict: String, enumName: String?)] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("// verdict: ") {
            let declaration = lines[index + 1].split(separator: " ")
            let enumName = lines[index + 3].split(separator: "kind: ").dropFirst().first.map { String($0.prefix { $0 != "," }) }
            expected.append((String(declaration[1]), String(line.dropFirst("// verdict: ".count)), enumName))
        }
        #expect(expected.count == 20)
        for (name, verdict, enumName) in expected {
            let findings = result.diagnostics.filter { d in
                d.message.contains("`\(name).") || d.message.contains("`\(name)`") || enumName.map { d.message.contains("`\($0)`") } == true
            }
                .filter { $0.severity == .error || $0.severity == .warning }
            let codes = findings.map(\.code.rawValue)
            #expect(codes == (verdict == "safe" ? [] : [verdict]), "\(name): \(findings.map(\.message))")
        }
        #expect(result.diagnostics.count == expected.filter { $0.verdict != "safe" }.count, "\(result.summary)")
    }

    @Test("the Upcast break is accepted in the lock with its reason, the hook that reads it")
    func upcastAccepted() throws {
        let result = compare(try Self.text("v1.evdl"), try Self.text("evolved.evdl"),
                             accepting: ["accept EVDL0813 field Upcast.Deposited.total: Upcast.Upcasting computes it from sum and count"])
        let upcast = try #require(result.diagnostics.first { $0.message.contains("`Upcast.") })
        #expect(upcast.severity == .note)
        #expect(upcast.notes.last?.message == "accepted in the lock: Upcast.Upcasting computes it from sum and count")
    }

    @Test("the removed Split.Deposited is accepted in the lock for the upcaster that splits it")
    func splitAccepted() throws {
        let result = compare(try Self.text("v1.evdl"), try Self.text("evolved.evdl"),
                             accepting: ["accept EVDL0810 event Split.Deposited: EventUpcaster.split reads it as Credited and Counted"])
        let split = try #require(result.diagnostics.first { $0.message.contains("`Split.") })
        #expect(split.severity == .note)
        #expect(split.notes.last?.message == "accepted in the lock: EventUpcaster.split reads it as Credited and Counted")
    }
}
