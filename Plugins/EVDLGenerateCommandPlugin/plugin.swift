import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory evdl-generate [--target NAME …] [evdlc generate options]`:
/// writes the Swift generated from each target's `.evdl` specs into `<target>/Generated/`, for teams that commit
/// generated code instead of applying the build-tool plugin (use one or the other on a target, not both).
///
/// Like the build-tool plugin, it runs one `evdlc generate` per target over all of the target's specs, with the
/// target's `evdl-config.json` when there is one. Files `*.evdl.swift` in `Generated/` whose spec is gone are
/// removed, so the folder holds exactly what the specs generate.
@main
struct EVDLGenerateCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let tool = try context.tool(named: "evdlc").url
        var generated = 0
        for target in try selectTargets(targetNames, in: context.package) {
            guard let module = target as? SwiftSourceModuleTarget else { continue }
            let specs = module.sourceFiles(withSuffix: "evdl").map(\.url).sorted { $0.path < $1.path }
            guard !specs.isEmpty else { continue }
            let output = module.directoryURL.appendingPathComponent("Generated")
            var arguments = ["generate", "--output", output.path]
            if let config = module.sourceFiles.first(where: { $0.url.lastPathComponent == "evdl-config.json" }) {
                arguments += ["--config", config.url.path]
            }
            arguments += extractor.remainingArguments + specs.map(\.path)
            let status = try run(tool, arguments)
            if status != 0 {
                Diagnostics.error("`evdlc generate` failed for target `\(target.name)` (exit \(status)); nothing was written")
                return
            }
            try removeStaleFiles(in: output, keeping: Set(specs.map { $0.lastPathComponent + ".swift" }))
            generated += 1
            print("generated Swift for target `\(target.name)` into \(output.path)")
        }
        if generated == 0 {
            Diagnostics.error(noSpecsMessage(targetNames))
        }
    }
}

/// Removes the generated files (`*.evdl.swift`) in `directory` that no spec generates any more.
func removeStaleFiles(in directory: URL, keeping current: Set<String>) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    for name in names.sorted() where name.hasSuffix(".evdl.swift") && !current.contains(name) {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        print("removed \(directory.appendingPathComponent(name).path): its spec is gone")
    }
}

/// What to say when none of the selected targets has a spec.
func noSpecsMessage(_ targetNames: [String]) -> String {
    switch targetNames.count {
    case 0: "no target of this package has `.evdl` files"
    case 1: "target `\(targetNames[0])` has no `.evdl` files"
    default: "none of the targets \(targetNames.map { "`\($0)`" }.joined(separator: ", ")) has `.evdl` files"
    }
}

/// The targets named on the command line, or all targets of the package when none is named.
func selectTargets(_ names: [String], in package: Package) throws -> [Target] {
    guard !names.isEmpty else { return package.targets }
    return try names.map { name in
        guard let target = package.targets.first(where: { $0.name == name }) else {
            throw GeneratePluginError("no target named `\(name)` in package `\(package.displayName)`")
        }
        return target
    }
}

/// A wrong command line, reported by SwiftPM as the command's failure.
struct GeneratePluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `tool` with `arguments`, its output going straight to the user, and returns its exit status.
func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
