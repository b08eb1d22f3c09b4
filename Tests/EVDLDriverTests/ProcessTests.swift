import Foundation
import Testing

@Suite("The built evdlc binary")
struct ProcessTests {
    /// `evdlc` sits in the build directory next to the test bundle.
    static func binary() -> URL? {
        var directories = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        directories += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent("evdlc") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test("runs as a process: usage errors exit 2 on stderr, a missing input exits 2 with a located diagnostic")
    func launch() throws {
        let url = try #require(Self.binary(), "evdlc not found next to the test bundle")
        func run(_ arguments: [String]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = url
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
        }
        let version = try run(["--version"])
        #expect(version.0 == 0 && version.1 == "evdlc 0.1.0\n")
        let usage = try run(["check", "--bogus"])
        #expect(usage.0 == 2 && usage.1.isEmpty && usage.2.hasPrefix("error: unknown option `--bogus`\nusage: evdlc check"))
        let missing = try run(["check", "no/such.evdl"])
        #expect(missing.0 == 2)
        #expect(missing.1 == "no/such.evdl:1:1: error: no such file or directory: `no/such.evdl` [EVDL0901]\n"
            + "no/such.evdl:1:1: note: help: check the path; `evdlc check` takes `.evdl` files and directories that contain them\n")
        let example = try run(["check", "Examples/Checkout/Sources/Checkout", "--format", "json"])
        #expect(example.0 == 0 && example.1 == "[]\n", "\(example.1)")
    }
}
