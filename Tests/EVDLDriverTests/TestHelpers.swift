import EVDLDriver
import Foundation

/// A run of the driver with captured output.
struct DriverRun {
    let status: ExitStatus
    let output: String
    let errors: String
}

/// Runs `evdlc` in-process in `directory`, capturing its streams.
func runDriver(_ arguments: [String], in directory: String, terminal: Bool = false, environment: [String: String] = [:], standardInput: String = "") -> DriverRun {
    let out = StringSink()
    let err = StringSink()
    var context = DriverContext(
        standardOutput: out, standardError: err, outputIsTerminal: terminal, environment: environment,
        currentDirectory: directory)
    let input = Array(standardInput.utf8)
    context.readStandardInput = { input }
    let status = Driver.run(arguments, context: context)
    return DriverRun(status: status, output: out.text, errors: err.text)
}

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "evdl-driver-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating parent directories) and returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }
}

/// The package root (three levels above this file), for running the example spec.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
