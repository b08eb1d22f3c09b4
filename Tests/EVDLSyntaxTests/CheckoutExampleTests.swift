import EVDLSyntax
import Testing

@Suite("Checkout example")
struct CheckoutExampleTests {
    @Test("every checkout file parses with zero diagnostics")
    func parsesClean() throws {
        let files = try checkoutExampleFiles()
        #expect(files.count == 4)
        for (path, text) in files {
            let (file, result) = parse(text, path: path)
            #expect(describeDiagnostics(result.diagnostics, in: file) == [], "\(path)")
            #expect(!result.spec.declarations.isEmpty, "\(path)")
        }
    }
}

