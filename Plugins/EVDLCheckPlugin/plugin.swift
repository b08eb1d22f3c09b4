import Foundation
import PackagePlugin

/// `swift package evdl-check [--target NAME …] [evdlc check options]`: checks the `.evdl` specs of the package's
/// targets without building (for CI and for teams that commit generated code).
///
/// Each target's specs are checked together, in one `evdlc check` run per target: the specs of one target refer
/// to each other, and two targets are two modules that may both declare, say, an `Order`. Options after the
/// target selection (`--format json`, `--warnings-as-errors`, …) are passed to `evdlc check`. Prints nothing and
/// succeeds when every spec is clean.
///
/// The contract lock is honoured: a target with an `evdl.lock` in its folder is checked `--against` it (`--against`
/// on the command line wins).
///
/// Then the target's scenarios run (`evdlc test`, which prints a summary line): a failing scenario is an error at
/// its place like any other diagnostic, so Xcode lists it. `--no-scenarios` skips them.
@main
struct EVDLCheckPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let runScenarios = extractor.extractFlag(named: "no-scenarios") == 0
        let tool = try context.tool(named: "evdlc").url
        var checked = 0
        var failed: [String] = []
        for target in try selectTargets(targetNames, in: context.package) {
            guard let module = target.sourceModule else { continue }
            let specs = module.sourceFiles(withSuffix: "evdl").map(\.url.path).sorted()
            guard !specs.isEmpty else { continue }
            checked += 1
            let lock = module.sourceFiles.first { $0.url.lastPathComponent == "evdl.lock" }?.url.path
            let against = lock.map { extractor.remainingArguments.contains { $0.hasPrefix("--against") } ? [] : ["--against", $0] } ?? []
            var status = try run(tool, ["check"] + against + extractor.remainingArguments + specs)
            if status == 0, runScenarios {
                let options = extractor.remainingArguments.filter { !$0.hasPrefix("--against") }
                status = try run(tool, ["test"] + options + specs)
            }
            if status != 0 {
                failed.append("`\(target.name)`")
            }
        }
        if checked == 0 {
            Diagnostics.error(noSpecsMessage(targetNames))
        } else if !failed.isEmpty {
            Diagnostics.error("`evdlc check` or `evdlc test` found problems in the specs of target\(failed.count == 1 ? "" : "s") \(failed.joined(separator: ", "))")
        }
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
            throw CheckPluginError("no target named `\(name)` in package `\(package.displayName)`")
        }
        return target
    }
}

/// A wrong command line, reported by SwiftPM as the command's failure.
struct CheckPluginError: Error, CustomStringConvertible {
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
