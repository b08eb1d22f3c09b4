import EVDLGenerator
import EVDLSyntax
import Foundation

/// What writing generated files did.
struct WriteReport: Equatable {
    /// Files whose content changed (or that were new), by name.
    var written: [String] = []
    /// Files already holding exactly this content, left untouched so builds do not rerun.
    var unchanged: [String] = []
    /// Files that could not be written, as diagnostics.
    var failures: [Diagnostic] = []
}

/// Writes generated Swift into a directory, creating it if needed, and touches a file only when its bytes change.
struct GeneratedFileWriter {
    /// The output directory, absolute.
    let directory: String
    /// The directory as the user wrote it, for messages.
    let displayDirectory: String

    /// Writes every file; stops at nothing (each failure is reported).
    func write(_ files: [GeneratedFile]) -> WriteReport {
        var report = WriteReport()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if !isDirectory.boolValue {
                report.failures.append(DriverDiagnostics.unwritable(displayDirectory, reason: "it is a file, not a directory"))
                return report
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                report.failures.append(DriverDiagnostics.unwritable(displayDirectory, reason: Self.reason(error)))
                return report
            }
        }
        for file in files {
            let path = directory + "/" + file.name
            let bytes = Data(file.contents.utf8)
            if let existing = manager.contents(atPath: path), existing == bytes {
                report.unchanged.append(file.name)
                continue
            }
            do {
                try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
                report.written.append(file.name)
            } catch {
                report.failures.append(DriverDiagnostics.unwritable(displayPath(file.name), reason: Self.reason(error)))
            }
        }
        return report
    }

    private func displayPath(_ name: String) -> String {
        displayDirectory.hasSuffix("/") ? displayDirectory + name : displayDirectory + "/" + name
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}
