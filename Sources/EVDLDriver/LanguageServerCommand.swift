import EVDLLanguageServer

/// `evdlc lsp`: the language server on standard input and output.
enum LanguageServerCommand {
    /// The command line of `lsp`.
    static let definition = CommandDefinition(
        name: "lsp", summary: "Run the language server (LSP) on standard input and output.",
        argumentsSynopsis: "", minimumArguments: 0, maximumArguments: 0,
        options: [OptionDefinition("stdio", help: "Talk over standard input and output (the only transport; accepted for editors that pass it).")],
        discussion: """
            Editors start this command and talk JSON-RPC to it (Language Server Protocol 3.17). The module is every \
            `.evdl` file of the workspace folder (hidden directories skipped), open documents taking the place of \
            the disk's text. It offers diagnostics as you type, hover, go to definition, find references, rename, \
            completion, document symbols, formatting (as `evdlc format`) and quick fixes from "did you mean" suggestions. See Editors/README.md.

            Exit status: 0 after `shutdown` and `exit`, 1 when the input ends or `exit` comes without `shutdown`.
            """)

    /// Serves until `exit` or the end of input.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let server = LanguageServer(files: ProcessWorkspaceFiles(), formatter: LanguageServer.specFormatter)
        return StdioTransport.run(server) == 0 ? .success : .findings
    }
}

/// The workspace folders' files as the process sees them: `.evdl` files found as `evdlc check DIR` finds them.
struct ProcessWorkspaceFiles: WorkspaceFiles {
    func specFiles(under directory: String) -> [String] {
        guard FileSystem.kind(of: directory) == .directory else { return [] }
        return InputCollector.specFiles(in: directory, absolute: directory)
    }

    func contents(of path: String) -> [UInt8]? { FileSystem.contents(of: path) }
}
