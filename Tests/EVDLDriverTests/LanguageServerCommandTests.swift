import EVDLDriver
import Foundation
import Testing

@Suite("evdlc lsp")
struct LanguageServerCommandTests {
    @Test("--help lists lsp, and `lsp --help` says what it serves")
    func help() {
        let help = runDriver(["--help"], in: "/")
        #expect(help.output.contains("  lsp        Run the language server (LSP) on standard input and output."))
        let sub = runDriver(["lsp", "--help"], in: "/")
        #expect(sub.status == .success)
        #expect(sub.output.contains("usage: evdlc lsp [options]"))
        #expect(sub.output.contains("--stdio"))
        #expect(sub.output.contains("See Editors/README.md."))
        #expect(runDriver(["lsp", "extra"], in: "/").status == .usage)
    }

    /// Frames a message as the base protocol does.
    static func frame(_ json: String) -> Data { Data("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8) }

    /// Runs `evdlc lsp` with the given input and returns its exit status and output.
    static func serve(_ input: Data, arguments: [String] = ["lsp"]) throws -> (Int32, String) {
        let url = try #require(ProcessTests.binary(), "evdlc not found next to the test bundle")
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("as a process: a workspace folder's module is checked, requests are answered, shutdown and exit end it with 0")
    func session() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("specs/a.evdl", "type T { n: Strng }\n")
        try directory.write("specs/.hidden/b.evdl", "not a spec\n")  // hidden directories are not part of the module
        let uri = URL(fileURLWithPath: path).absoluteString
        let root = URL(fileURLWithPath: directory.path + "/specs").absoluteString
        var input = Data()
        input += Self.frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"workspaceFolders":[{"uri":"\#(root)","name":"specs"}]}}"#)
        input += Self.frame(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        input += Self.frame(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":5}}}"#)
        input += Self.frame("not json")
        input += Self.frame(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)
        input += Self.frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        let (status, output) = try Self.serve(input, arguments: ["lsp", "--stdio"])
        #expect(status == 0)
        #expect(output.contains(#""id":1,"result":{"capabilities":"#))
        #expect(output.contains(#"```evdl\ntype T {\n  n: Strng\n}\n```"#))
        #expect(output.contains(#""error":{"code":-32700"#))
        // The folder's errors are published once initialized, before any document is opened; the hidden file is not read.
        #expect(output.contains(#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"\#(uri)","diagnostics":["#))
        #expect(output.contains(#"{"range":{"start":{"line":0,"character":12},"end":{"line":0,"character":17}},"severity":1,"code":"EVDL0202""#))
        #expect(!output.contains("b.evdl"))
        #expect(output.contains(#"{"jsonrpc":"2.0","id":3,"result":null}"#))
        #expect(output.hasPrefix("Content-Length: "))
    }

    @Test("as a process: the end of input without exit ends it with 1")
    func endOfInput() throws {
        let (status, output) = try Self.serve(Self.frame(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#))
        #expect(status == 1)
        #expect(output.contains(#""code":-32002"#))
    }
}
