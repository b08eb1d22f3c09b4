import Foundation
import PackagePlugin

/// Generates Swift from the `.evdl` specs of a target on every build.
///
/// All specs of the target are handed to one `evdlc generate` run (they refer to each other), together with the
/// optional `evdl-config.json` of the target. Every spec and the config are declared as inputs and every generated
/// file as an output, so an unchanged rebuild does not run `evdlc` again. The output names follow the generator's
/// rule: `order.evdl` becomes `order.evdl.swift`.
@main
struct EVDLGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else {
            throw EVDLPluginError("target `\(target.name)` has no sources; the EVDL plugin applies to Swift targets with `.evdl` files")
        }
        let inputs = try EVDLInputs(targetName: target.name, files: module.sourceFiles.map(\.url))
        return [try inputs.command(tool: context.tool(named: "evdlc").url, workDirectory: context.pluginWorkDirectoryURL)]
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension EVDLGeneratorPlugin: XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
        let inputs = try EVDLInputs(targetName: target.displayName, files: target.inputFiles.map(\.url))
        return [try inputs.command(tool: context.tool(named: "evdlc").url, workDirectory: context.pluginWorkDirectoryURL)]
    }
}
#endif

/// The specs and config of one target, and the command that generates Swift from them.
struct EVDLInputs {
    /// The name of the optional configuration file in a target.
    static let configName = "evdl-config.json"

    let targetName: String
    let specs: [URL]
    let config: URL?

    init(targetName: String, files: [URL]) throws {
        self.targetName = targetName
        self.specs = files.filter { $0.pathExtension == "evdl" }.sorted { $0.path < $1.path }
        self.config = files.first { $0.lastPathComponent == Self.configName }
        guard !specs.isEmpty else {
            throw EVDLPluginError(
                "target `\(targetName)` uses the EVDL plugin but has no `.evdl` files; add a spec to the target or remove the plugin from it")
        }
        var seen: [String: URL] = [:]
        for spec in specs {
            if let other = seen[spec.lastPathComponent] {
                throw EVDLPluginError(
                    "target `\(targetName)` has two specs named `\(spec.lastPathComponent)` (\(other.path) and \(spec.path)); generated files are named after the spec, so spec names must be unique in a target")
            }
            seen[spec.lastPathComponent] = spec
        }
    }

    func command(tool: URL, workDirectory: URL) -> Command {
        let outputDirectory = workDirectory.appendingPathComponent("GeneratedSources")
        let outputs = specs.map { outputDirectory.appendingPathComponent($0.lastPathComponent + ".swift") }
        // `plain` prints one `file:line:col: error: message` line per finding, the form SwiftPM and Xcode show as
        // issues at the `.evdl` location (it is also evdlc's default when its output is not a terminal).
        var arguments = ["generate", "--format", "plain", "--output", outputDirectory.path]
        if let config { arguments += ["--config", config.path] }
        arguments += specs.map(\.path)
        return .buildCommand(
            displayName: "Generating Swift from \(specs.count) EVDL spec\(specs.count == 1 ? "" : "s") of \(targetName)",
            executable: tool,
            arguments: arguments,
            inputFiles: specs + (config.map { [$0] } ?? []),
            outputFiles: outputs
        )
    }
}

/// An error the plugin reports to SwiftPM as the build's failure message.
struct EVDLPluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
