// swift-tools-version: 6.0
// EVDL: a compiler (`evdlc`) for event-driven system specs and the runtime its generated Swift runs on.
// The main package depends on no other package: toolchain only.
import PackageDescription

let strict: [SwiftSetting] = []

let package = Package(
    name: "EVDL",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evdlc", targets: ["evdlc"]),
        .library(name: "EVDLRuntime", targets: ["EVDLRuntime"]),
        // The event-store conformance cases, for the tests of every store (also Integrations/PostgreSQL's).
        .library(name: "EVDLStoreConformance", targets: ["EVDLStoreConformance"]),
        .library(name: "EVDLCompiler", targets: ["EVDLDriver"]),
        // The language server as a library (the benchmark drives it in process).
        .library(name: "EVDLLanguageServer", targets: ["EVDLLanguageServer"]),
        .plugin(name: "EVDLGeneratorPlugin", targets: ["EVDLGeneratorPlugin"]),
        .plugin(name: "EVDLCheckPlugin", targets: ["EVDLCheckPlugin"]),
        .plugin(name: "EVDLGenerateCommandPlugin", targets: ["EVDLGenerateCommandPlugin"]),
    ],
    targets: [
        // Source files, lexer, parser, AST, diagnostics.
        .target(name: "EVDLSyntax", swiftSettings: strict),
        // Symbols, types, the checker.
        .target(name: "EVDLSema", dependencies: ["EVDLSyntax"], swiftSettings: strict),
        // Translator, Swift representation, renderer.
        .target(name: "EVDLGenerator", dependencies: ["EVDLSema"], swiftSettings: strict),
        // Runs scenarios over the checked model (`evdlc test`), with the generated Swift's semantics.
        .target(name: "EVDLInterpreter", dependencies: ["EVDLSema"], swiftSettings: strict),
        // Event evolution: the contract lock, its file format, and the breaking-change check against it.
        .target(name: "EVDLEvolution", dependencies: ["EVDLSyntax", "EVDLSema"], swiftSettings: strict),
        // The canonical layout of `.evdl` source (`evdlc format`, the language server's formatting).
        .target(name: "EVDLFormat", dependencies: ["EVDLSyntax"], swiftSettings: strict),
        // The commands (`check`, `generate`, `explain`, …) as a library the CLI and plugins call.
        .target(name: "EVDLDriver", dependencies: ["EVDLSyntax", "EVDLSema", "EVDLGenerator", "EVDLEvolution", "EVDLInterpreter", "EVDLFormat", "EVDLLanguageServer"], swiftSettings: strict),
        // The language server (`evdlc lsp`): JSON-RPC over stdio, over the same parser, checker and formatter.
        .target(name: "EVDLLanguageServer", dependencies: ["EVDLSyntax", "EVDLSema", "EVDLFormat"], swiftSettings: strict),
        .executableTarget(name: "evdlc", dependencies: ["EVDLDriver"], swiftSettings: strict),
        // What generated code runs on. Depends on nothing of the compiler.
        .target(name: "EVDLRuntime", swiftSettings: strict),
        // The `EventStore` contract as cases that throw a descriptive error: a library, not a test target, so that
        // every package with a store runs the same cases (a test target cannot be depended on across packages).
        .target(name: "EVDLStoreConformance", dependencies: ["EVDLRuntime"], swiftSettings: strict),
        // Build-tool plugin: runs `evdlc generate` over a target's specs on every build.
        .plugin(name: "EVDLGeneratorPlugin", capability: .buildTool(), dependencies: ["evdlc"]),
        // `swift package evdl-check`: checks specs without building.
        .plugin(
            name: "EVDLCheckPlugin",
            capability: .command(intent: .custom(verb: "evdl-check", description: "Check the .evdl specs of the package's targets")),
            dependencies: ["evdlc"]
        ),
        // `swift package evdl-generate`: writes generated Swift into the targets, for teams that commit it.
        .plugin(
            name: "EVDLGenerateCommandPlugin",
            capability: .command(
                intent: .custom(verb: "evdl-generate", description: "Generate Swift from the .evdl specs into each target's Generated/ folder"),
                permissions: [.writeToPackageDirectory(reason: "writes the generated Swift into <target>/Generated/")]
            ),
            dependencies: ["evdlc"]
        ),
        // Helpers shared by the compiler's test targets (marked spec texts).
        .target(name: "EVDLTestSupport", dependencies: ["EVDLSyntax"], swiftSettings: strict),

        .testTarget(name: "EVDLSyntaxTests", dependencies: ["EVDLSyntax", "EVDLTestSupport"]),
        // The formatter over every spec of the repository: same tree, idempotent.
        .testTarget(name: "EVDLFormatTests", dependencies: ["EVDLFormat", "EVDLTestSupport"]),
        // Grammar/evdl.tmLanguage.json (the TextMate grammar editors read) over every spec, against the lexer.
        .testTarget(name: "EVDLGrammarTests", dependencies: ["EVDLSyntax"]),
        .testTarget(name: "EVDLSemaTests", dependencies: ["EVDLSema", "EVDLGenerator", "EVDLTestSupport"]),
        // Reference specs and their expected Swift live in `References/` (not compiled here).
        .testTarget(name: "EVDLGeneratorTests", dependencies: ["EVDLGenerator", "EVDLTestSupport"], exclude: ["References"]),
        // The generated Swift of the checkout example (kept byte-identical to the generator's output by the
        // reference tests), compiled against the runtime alone and driven by tests.
        .testTarget(name: "EVDLGeneratedCodeTests", dependencies: ["EVDLRuntime", "EVDLEvolutionV1"], exclude: ["CheckoutScenarios/scenario-outcomes.txt"]),
        // The generated Swift of `References/evolution/v1.evdl` (kept byte-identical by the reference tests): the v1
        // code whose events, saga inputs and snapshots `EVDLGeneratedCodeTests.EvolutionReadingTests` reads with the
        // code generated from the evolved spec.
        .target(name: "EVDLEvolutionV1", dependencies: ["EVDLRuntime"], path: "Tests/EVDLEvolutionV1", swiftSettings: strict),
        // The lock file and the breaking-change corpus (old spec, new spec, verdict).
        .testTarget(name: "EVDLEvolutionTests", dependencies: ["EVDLEvolution", "EVDLSema", "EVDLGenerator", "EVDLTestSupport"]),
        .testTarget(name: "EVDLInterpreterTests", dependencies: ["EVDLInterpreter", "EVDLDriver", "EVDLTestSupport"]),
        .testTarget(name: "EVDLDriverTests", dependencies: ["EVDLDriver", "EVDLTestSupport"]),
        .testTarget(name: "EVDLLanguageServerTests", dependencies: ["EVDLLanguageServer", "EVDLDriver", "EVDLTestSupport"]),
        .testTarget(name: "EVDLRuntimeTests", dependencies: ["EVDLRuntime", "EVDLStoreConformance"]),
        // The domain corpus (`Tests/DomainCorpus/*.evdl`, specs of real systems): their generated Swift, kept
        // byte-identical to the generator's output by the reference tests, driven by behaviour tests.
        .testTarget(name: "EVDLDomainTests", dependencies: ["EVDLRuntime"], exclude: ["Generated/scenario-outcomes.txt"]),
        // The language reference spec's generated Swift and scenario tests (`Generated/`, kept byte-identical by the
        // reference tests), driven by `LanguageTests`; its scenario outcomes are the generated side of the
        // interpreter's differential test. (A target of its own: each module has one generated `EVDLScenarios`.)
        .testTarget(name: "EVDLLanguageTests", dependencies: ["EVDLRuntime"], exclude: ["Generated/scenario-outcomes.txt"]),
    ],
    swiftLanguageModes: [.v6]
)
