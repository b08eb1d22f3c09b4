import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory evdl-generate [--target NAME …] [--access LEVEL]`:
/// writes the Swift generated from each target's `.evdl` specs into `<target>/Generated/`, for teams that commit
/// generated code instead of applying the build-tool plugin (use one or the other on a target, not both).
@main
struct EVDLGenerateCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let tool = try context.tool(named: "evdlc").url
        var generated = 0
        for target in try selectTargets(targetNames, in: context.package) {
            guard let module = target as? SwiftSourceModuleTarget else { continue }
            let specs = module.sourceFiles(withSuffix: "evdl").map(\.url.path).sorted()
            guard !specs.isEmpty else { continue }
            var arguments = ["generate", "--output", module.directoryURL.appendingPathComponent("Generated").path]
            if let config = module.sourceFiles.first(where: { $0.url.lastPathComponent == "evdl-config.json" }) {
                arguments += ["--config", config.url.path]
            }
            arguments += extractor.remainingArguments + specs
            let status = try run(tool, arguments)
            if status != 0 {
                Diagnostics.error("`evdlc generate` failed for target `\(target.name)` (exit \(status))")
                return
            }
            generated += 1
            print("generated Swift for target `\(target.name)` into \(module.directoryURL.path)/Generated")
        }
        if generated == 0 {
            Diagnostics.error(targetNames.isEmpty ? "no target of this package has `.evdl` files" : "the targets \(targetNames.joined(separator: ", ")) have no `.evdl` files")
        }
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

struct GeneratePluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
