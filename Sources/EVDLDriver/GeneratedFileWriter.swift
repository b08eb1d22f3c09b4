import EVDLGenerator
import EVDLSyntax

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
        switch FileSystem.kind(of: directory) {
        case .directory?: break
        case .regular?, .other?:
            report.failures.append(DriverDiagnostics.unwritable(displayDirectory, reason: "it is a file, not a directory"))
            return report
        case nil:
            if let reason = FileSystem.createDirectories(directory) {
                report.failures.append(DriverDiagnostics.unwritable(displayDirectory, reason: reason))
                return report
            }
        }
        for file in files {
            let path = directory + "/" + file.name
            let bytes = Array(file.contents.utf8)
            // Only a regular file is compared (opening a named pipe left at the path would block); anything else is
            // replaced by the rename.
            if FileSystem.kind(of: path) == .regular, let existing = FileSystem.contents(of: path), existing == bytes {
                report.unchanged.append(file.name)
                continue
            }
            if let reason = FileSystem.writeAtomically(bytes, to: path) {
                report.failures.append(DriverDiagnostics.unwritable(displayPath(file.name), reason: reason))
            } else {
                report.written.append(file.name)
            }
        }
        return report
    }

    private func displayPath(_ name: String) -> String {
        displayDirectory.hasSuffix("/") ? displayDirectory + name : displayDirectory + "/" + name
    }
}
