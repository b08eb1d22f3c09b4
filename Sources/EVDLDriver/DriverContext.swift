#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Somewhere the driver writes text: the process's standard streams, or a string in tests.
public protocol TextSink: AnyObject {
    /// Appends text.
    func write(_ text: String)
}

/// A sink that keeps everything written, for tests and for callers that want the text.
public final class StringSink: TextSink {
    /// Everything written so far.
    public private(set) var text = ""

    /// Creates an empty sink.
    public init() {}

    /// Appends text.
    public func write(_ text: String) { self.text += text }
}

/// A sink over a file descriptor (standard output or error).
final class FileDescriptorSink: TextSink {
    private let descriptor: Int32

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    func write(_ text: String) {
        var text = text
        _ = text.withUTF8 { FileSystem.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }
}

/// Everything a command may touch besides the file system: its output streams and what it knows about them,
/// the environment, and the directory relative paths start from. Tests build one with ``StringSink``s.
public struct DriverContext {
    /// Where results and diagnostics go.
    public var standardOutput: any TextSink
    /// Where usage errors go.
    public var standardError: any TextSink
    /// Whether standard output is a terminal (decides the default format and colour).
    public var outputIsTerminal: Bool
    /// The environment (`NO_COLOR`, `TERM`).
    public var environment: [String: String]
    /// The directory relative input and output paths are resolved against.
    public var currentDirectory: String
    /// Whether the trees and models of a run are freed when the command ends. The `evdlc` process exits right after,
    /// so it skips that work (as compilers do: tearing down a large spec's model costs about 5% of a check).
    public var freesResults: Bool = true
    /// Reads all of standard input (`evdlc format -`); `nil` when it cannot be read. Tests give the text here.
    public var readStandardInput: () -> [UInt8]? = { FileSystem.readAll(from: STDIN_FILENO) }

    /// Creates a context.
    public init(
        standardOutput: any TextSink, standardError: any TextSink, outputIsTerminal: Bool = false,
        environment: [String: String] = [:], currentDirectory: String
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.outputIsTerminal = outputIsTerminal
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The context of this process: its standard streams, environment and working directory.
    public static func process() -> DriverContext {
        var context = DriverContext(
            standardOutput: FileDescriptorSink(STDOUT_FILENO),
            standardError: FileDescriptorSink(STDERR_FILENO),
            outputIsTerminal: isatty(STDOUT_FILENO) != 0,
            environment: FileSystem.environment(),
            currentDirectory: FileSystem.currentDirectory()
        )
        context.freesResults = false
        return context
    }

    /// Keeps `value` alive until the process exits when ``freesResults`` is off; otherwise does nothing.
    func retainUntilExit<Value>(_ value: Value) {
        guard !freesResults else { return }
        _ = Unmanaged.passRetained(RetainedUntilExit(value))
    }

    /// An absolute path for `path`, which may be relative to ``currentDirectory``.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return currentDirectory.hasSuffix("/") ? currentDirectory + path : currentDirectory + "/" + path
    }
}

/// A box that ``DriverContext/retainUntilExit(_:)`` leaks on purpose.
private final class RetainedUntilExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The exit statuses of `evdlc`.
public enum ExitStatus: Int32, Sendable {
    /// Nothing to report (warnings allowed unless `--warnings-as-errors`).
    case success = 0
    /// The specs have errors.
    case findings = 1
    /// The command line was wrong, or an input could not be read (or an output written).
    case usage = 2
}
