import EVDLSyntax

/// The diagnostics of the driver itself (`EVDL09xx`): inputs that cannot be read, outputs that cannot be written.
/// One constructor per code, and one explanation per code in ``explanations``.
public enum DriverDiagnostics {
    /// A path given on the command line does not exist.
    public static let inputNotFound = DiagnosticCode("EVDL0901")
    /// A file exists but could not be read.
    public static let inputUnreadable = DiagnosticCode("EVDL0902")
    /// A directory given on the command line holds no `.evdl` file.
    public static let noSpecFiles = DiagnosticCode("EVDL0903")
    /// A generated file or the output directory could not be written.
    public static let outputUnwritable = DiagnosticCode("EVDL0904")
    /// Two spec files would generate Swift files of the same name.
    public static let duplicateOutputName = DiagnosticCode("EVDL0905")

    /// The configuration file of `evdlc generate --config` is not valid.
    public static let invalidConfigurationFile = DiagnosticCode("EVDL0906")

    /// The codes whose errors mean "the input or output could not be accessed" (exit status 2, not 1).
    static let accessCodes: Set<DiagnosticCode> = [inputNotFound, inputUnreadable, outputUnwritable]

    static func notFound(_ path: String, at span: Span) -> Diagnostic {
        Diagnostic(
            .error, inputNotFound, "no such file or directory: `\(path)`", at: span,
            help: "check the path; `evdlc check` takes `.evdl` files and directories that contain them")
    }

    static func unreadable(_ path: String, reason: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, inputUnreadable, "cannot read `\(path)`: \(reason)", at: span)
    }

    static func noSpecs(in directory: String, at span: Span) -> Diagnostic {
        Diagnostic(
            .warning, noSpecFiles, "no `.evdl` files found in `\(directory)`", at: span,
            help: "spec files must end in `.evdl`; hidden directories (such as `.build`) are skipped")
    }

    static func unwritable(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.error, outputUnwritable, "cannot write `\(path)`: \(reason)", at: nil)
    }

    static func duplicateOutput(_ name: String, paths: [String]) -> Diagnostic {
        Diagnostic(
            .error, duplicateOutputName,
            "spec files " + paths.map { "`\($0)`" }.joined(separator: " and ") + " all generate `\(name)`", at: nil,
            help: "rename one of the spec files, or generate them into different directories")
    }

    static func invalidConfiguration(_ problem: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidConfigurationFile, "invalid configuration: \(problem)", at: span)
    }

    /// The long explanation of every driver code.
    public static let explanations: [DiagnosticExplanation] = [
        DiagnosticExplanation(
            code: inputNotFound, title: "no such file or directory",
            explanation: """
                A path given to `evdlc check` or `evdlc generate` does not exist. Relative paths are resolved \
                against the current directory. The command still checks the other inputs, then exits with \
                status 2.
                """,
            failingExample: "$ evdlc check Sources/Checkout/ordr.evdl",
            fixedExample: "$ evdlc check Sources/Checkout/order.evdl"),
        DiagnosticExplanation(
            code: inputUnreadable, title: "cannot read an input file",
            explanation: """
                The file exists but could not be read: it lacks read permission, or it is not a regular file \
                (a socket, a device). The command still checks the other inputs, then exits with status 2.
                """,
            failingExample: "$ chmod 000 order.evdl && evdlc check order.evdl",
            fixedExample: "$ chmod 644 order.evdl && evdlc check order.evdl"),
        DiagnosticExplanation(
            code: noSpecFiles, title: "no `.evdl` files found in a directory",
            explanation: """
                A directory given on the command line is searched recursively for files ending in `.evdl`, \
                skipping hidden directories such as `.build` and `.git`. This one held none, which usually means \
                a wrong directory or a misnamed file. It is a warning, so it fails only with `--warnings-as-errors`.
                """,
            failingExample: "$ evdlc check Sources   # holds order.spec",
            fixedExample: "$ mv Sources/order.spec Sources/order.evdl && evdlc check Sources"),
        DiagnosticExplanation(
            code: outputUnwritable, title: "cannot write generated Swift",
            explanation: """
                `evdlc generate` could not create the output directory or write a generated file into it: \
                the path names an existing file, a parent is not writable, or the disk is full. Exit status 2.
                """,
            failingExample: "$ evdlc generate Sources/Checkout --output /readonly/Generated",
            fixedExample: "$ evdlc generate Sources/Checkout --output .build/Generated"),
        DiagnosticExplanation(
            code: duplicateOutputName, title: "two spec files generate the same Swift file",
            explanation: """
                Each spec file becomes one Swift file named after it (`order.evdl` → `order.evdl.swift`), all in \
                one output directory. Two spec files with the same name in different directories would overwrite \
                each other's output, so nothing is written.
                """,
            failingExample: "$ evdlc generate Billing/order.evdl Shipping/order.evdl --output Generated",
            fixedExample: "$ evdlc generate Billing/billing-order.evdl Shipping/order.evdl --output Generated"),
        DiagnosticExplanation(
            code: invalidConfigurationFile, title: "invalid configuration file",
            explanation: """
                The file given to `evdlc generate --config` (the build-tool plugin passes a target's \
                `evdl-config.json`) must be a JSON object whose keys are all known: `access` (`internal`, `public` \
                or `package`), the access level of the generated declarations. Nothing is generated until it is fixed.
                """,
            failingExample: #"{ "acess": "public" }"#,
            fixedExample: #"{ "access": "public" }"#),
    ]
}
