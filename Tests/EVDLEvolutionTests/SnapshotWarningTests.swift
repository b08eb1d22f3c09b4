import EVDLEvolution
import EVDLGenerator
import EVDLSema
import EVDLSyntax
import Testing

/// `EVDL0820` says a snapshot of the older state shape is ignored and the state replayed. That holds because the
/// generated state's `shapeFingerprint` changes exactly when the locked state changes (the runtime ignores a snapshot
/// of another fingerprint: `EVDLGeneratedCodeTests.ReplayTests`).
@Suite struct SnapshotWarningTests {
    private func fingerprint(_ spec: String) -> String {
        var sources = SourceManager()
        let (checked, errors) = model(spec, sources: &sources)
        #expect(errors.isEmpty)
        let swift = SwiftGenerator.generate(model: checked, sources: sources, options: GeneratorOptions()).first?.contents ?? ""
        let line = swift.split(separator: "\n").first { $0.contains("static let shapeFingerprint") }
        return String(line ?? "")
    }

    @Test("the state fingerprint changes exactly when the check warns about the snapshotted state",
          arguments: breakingCorpus.filter { $0.old == Spec().text })
    func fingerprintFollowsTheWarning(_ row: BreakingCase) {
        let warned = compare(row.old, row.new).diagnostics.contains { $0.code.rawValue == "EVDL0820" && $0.message.contains("snapshotted state") }
        #expect((fingerprint(row.old) != fingerprint(row.new)) == warned, "\(row.name)")
    }
}
