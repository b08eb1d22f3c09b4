@testable import EVDLDriver
import EVDLSyntax
import Testing

@Suite("evdlc explain")
struct ExplainCommandTests {
    @Test("every registered code explains itself with title, explanation and both examples")
    func everyCode() {
        #expect(!DiagnosticRegistry.all.isEmpty)
        for explanation in DiagnosticRegistry.all {
            let run = runDriver(["explain", explanation.code.rawValue], in: "/")
            #expect(run.status == .success, "\(explanation.code)")
            #expect(run.output.hasPrefix("\(explanation.code): \(explanation.title)\n\n\(explanation.explanation)\n"))
            #expect(run.output.contains("Example of the error:\n\n    " + explanation.failingExample.split(separator: "\n")[0]))
            #expect(run.output.contains("Fixed:\n\n    " + explanation.fixedExample.split(separator: "\n")[0]))
            #expect(!explanation.title.isEmpty && !explanation.explanation.isEmpty)
            #expect(explanation.failingExample != explanation.fixedExample, "\(explanation.code)")
        }
    }

    @Test("no code is registered twice, and every driver code is explained")
    func registryIsConsistent() {
        #expect(DiagnosticRegistry.duplicateCodes.isEmpty)
        let codes = Set(DiagnosticRegistry.all.map(\.code))
        for code in [DriverDiagnostics.inputNotFound, DriverDiagnostics.inputUnreadable, DriverDiagnostics.noSpecFiles,
                     DriverDiagnostics.outputUnwritable, DriverDiagnostics.duplicateOutputName] {
            #expect(codes.contains(code))
        }
    }

    @Test("codes may be written without prefix or in lower case")
    func normalization() {
        #expect(ExplainCommand.normalize("0901") == DiagnosticCode("EVDL0901"))
        #expect(ExplainCommand.normalize("901") == DiagnosticCode("EVDL0901"))
        #expect(ExplainCommand.normalize("evdl0901") == DiagnosticCode("EVDL0901"))
        #expect(runDriver(["explain", "evdl0903"], in: "/").output == runDriver(["explain", "EVDL0903"], in: "/").output)
    }

    @Test("an unknown code suggests close codes and exits 2")
    func unknownCode() {
        let run = runDriver(["explain", "EVDL0907"], in: "/")
        #expect(run.status == .usage && run.output.isEmpty)
        #expect(run.errors.hasPrefix("error: no diagnostic code `EVDL0907`; did you mean `EVDL0906` or `EVDL0905` or `EVDL0904`?\n"))
        let typo = runDriver(["explain", "EVLD0901"], in: "/")
        #expect(typo.status == .usage && typo.errors.contains("did you mean `EVDL0901`"))
        #expect(run.errors.hasSuffix("see `evdlc explain --list` for every code\n"))
        #expect(runDriver(["explain"], in: "/").status == .usage)
    }

    @Test("--list prints one line per code, in order")
    func list() {
        let run = runDriver(["explain", "--list"], in: "/")
        #expect(run.status == .success)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == DiagnosticRegistry.all.count)
        #expect(lines.contains("EVDL0901  no such file or directory"))
        #expect(lines.map { String($0.prefix(8)) } == DiagnosticRegistry.all.map(\.code.rawValue))
    }
}
