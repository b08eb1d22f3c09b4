import Foundation
import PackagePlugin

/// `swift package evdl-check [--target NAME …] [evdlc check options]`: checks the `.evdl` specs of the package's
/// targets without building (for CI and for teams that commit generated code).
@main
struct EVDLCheckPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let targets = try selectTargets(targetNames, in: context.package)
        var specs: [String] = []
        for target in targets {
            guard let module = target.sourceModule else { continue }
            specs += module.sourceFiles(withSuffix: "evdl").map(\.url.path).sorted()
        }
        guard !specs.isEmpty else {
            Diagnostics.error(targetNames.isEmpty ? "no target of this package has `.evdl` files" : "the targets \(targetNames.joined(separator: ", ")) have no `.evdl` files")
            return
        }
        let tool = try context.tool(named: "evdlc").url
        let status = try run(tool, ["check"] + extractor.remainingArguments + specs)
        if status != 0 {
            Diagnostics.error("`evdlc check` found problems (exit \(status))")
        }
    }
}

/// The targets named on the command line, or all targets of the package when none is named.
func selectTargets(_ names: [String], in package: Package) throws -> [Target] {
    guard !names.isEmpty else { return package.targets }
    return try names.map { name in
        guard let target = package.targets.first(where: { $0.name == name }) else {
            throw CheckPluginError("no target named `\(name)` in package `\(package.displayName)`")
        }
        return target
    }
}

struct CheckPluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
