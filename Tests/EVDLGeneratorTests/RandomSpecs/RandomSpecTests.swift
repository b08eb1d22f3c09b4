import EVDLGenerator
import EVDLSema
import EVDLSyntax
import Foundation
import Testing

/// Random well-typed specs (`RandomSpecWriter`): each checks clean, and their generated Swift type-checks in Swift 6
/// mode with warnings as errors. `EVDL_RANDOM_SPECS=N` (and `EVDL_RANDOM_SEED=S`) runs N of them instead of the
/// default 80, as the script mode for thousands; a failure names the seed that reproduces it.
@Suite struct RandomSpecTests {
    static var count: Int { ProcessInfo.processInfo.environment["EVDL_RANDOM_SPECS"].flatMap(Int.init) ?? 80 }
    static var firstSeed: UInt64 { ProcessInfo.processInfo.environment["EVDL_RANDOM_SEED"].flatMap(UInt64.init) ?? 1 }

    /// The built `Modules` directory next to the test bundle, where `EVDLRuntime.swiftmodule` is.
    static func modules() -> URL? {
        var candidates = [Bundle.main.bundleURL.deletingLastPathComponent()]
        candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        return candidates.map { $0.appendingPathComponent("Modules") }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("EVDLRuntime.swiftmodule").path) }
    }

    /// Checks one spec alone; returns its generated files, or records the diagnostics with the seed.
    static func generate(_ text: String, seed: UInt64) -> [GeneratedFile]? {
        var sources = SourceManager()
        let id = sources.add(path: "random-\(seed).evdl", text: text)
        let parsed = EVDLParser.parse(sources[id])
        let checked = SemanticAnalyzer.check([parsed.spec], sources: sources)
        let errors = (parsed.diagnostics + checked.diagnostics).filter { $0.severity == .error }
        if !errors.isEmpty {
            let described = errors.prefix(5).map { "\($0.span.map { sources.describe($0) } ?? "-"): \($0.code) \($0.message)" }
            Issue.record("random spec with seed \(seed) does not check:\n\(described.joined(separator: "\n"))\n\(text)")
            return nil
        }
        return SwiftGenerator.generate(model: checked.model, sources: sources, options: GeneratorOptions())
    }

    @Test func randomSpecsCheckCleanAndTheirSwiftCompiles() throws {
        let modules = try #require(Self.modules(), "EVDLRuntime.swiftmodule not found next to the test bundle")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        var seeds: [String: UInt64] = [:]
        var texts: [UInt64: String] = [:]
        for seed in Self.firstSeed..<(Self.firstSeed + UInt64(Self.count)) {
            var writer = RandomSpecWriter(seed: seed, prefix: "R\(seed)", publishes: seed == Self.firstSeed)
            let text = writer.spec()
            texts[seed] = text
            guard let files = Self.generate(text, seed: seed) else { continue }
            for file in files {
                let url = directory.appendingPathComponent("r\(seed)-\(file.name)")
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
                paths.append(url.path)
                seeds[url.lastPathComponent] = seed
            }
        }
        #expect(paths.count == Self.count)
        // All specs' Swift in one module (their top-level names are prefixed), type-checked at once.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-swift-version", "6", "-warnings-as-errors", "-I", modules.path] + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let failing = Set(seeds.keys.filter { text.contains($0) }.compactMap { seeds[$0] }).sorted()
            let specs = failing.prefix(2).map { seed in "spec of seed \(seed):\n\(texts[seed] ?? "")" }
            Issue.record("generated Swift of seeds \(failing) does not type-check:\n\(text.prefix(4000))\n\(specs.joined(separator: "\n"))")
        }
    }
}
