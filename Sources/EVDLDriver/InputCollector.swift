import EVDLSyntax

/// The spec files of one run, read into a ``SourceManager``, and the driver diagnostics about paths that could not
/// be used.
struct CollectedInputs {
    /// Every file read, plus an empty placeholder file for each path that could not be read (so that its
    /// diagnostic has a location).
    var sources = SourceManager()
    /// The files that were read, in the order they are checked.
    var specFiles: [FileID] = []
    /// Missing or unreadable paths, directories without specs.
    var diagnostics: [Diagnostic] = []
}

/// Turns command-line paths into spec files: a file is taken as given, a directory is searched recursively for
/// `.evdl` files (hidden directories such as `.build` and `.git` skipped), sorted so that every run sees the same
/// order. A file reached twice is read once.
struct InputCollector {
    /// The largest spec file read: source positions are 32-bit byte offsets (`Span`).
    static let maximumFileSize = Int64(UInt32.max)

    /// Resolves relative paths.
    let context: DriverContext

    /// Collects and reads the inputs; no paths means the current directory.
    func collect(_ paths: [String]) -> CollectedInputs {
        var inputs = CollectedInputs()
        var seen: Set<String> = []
        for path in paths.isEmpty ? ["."] : paths {
            let absolute = context.absolute(path)
            guard let kind = FileSystem.kind(of: absolute) else {
                let id = inputs.sources.add(path: path, bytes: [])
                inputs.diagnostics.append(DriverDiagnostics.notFound(path, at: Span(file: id, start: 0, end: 0)))
                continue
            }
            if kind == .directory {
                let found = Self.specFiles(in: path, absolute: absolute)
                if found.isEmpty {
                    let id = inputs.sources.add(path: path, bytes: [])
                    inputs.diagnostics.append(DriverDiagnostics.noSpecs(in: path, at: Span(file: id, start: 0, end: 0)))
                }
                for file in found { read(file, into: &inputs, seen: &seen) }
            } else {
                read(path, into: &inputs, seen: &seen)
            }
        }
        return inputs
    }

    /// The `.evdl` files under a directory, as display paths (the directory as given, joined with the relative
    /// path), sorted bytewise.
    static func specFiles(in path: String, absolute: String) -> [String] {
        var found: [String] = []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        // Depth first; a directory that cannot be listed is skipped. Symbolic links are not followed into
        // directories (a link to a file is taken like the file).
        var pending: [String] = [""]
        while let relativeDirectory = pending.popLast() {
            guard let names = FileSystem.entries(of: absolute + "/" + relativeDirectory) else { continue }
            for name in names where !name.hasPrefix(".") {
                let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
                if FileSystem.kind(of: absolute + "/" + relative, followingLinks: false) == .directory {
                    pending.append(relative)
                } else if name.hasSuffix(".evdl") {
                    found.append(prefix + relative)
                }
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func read(_ path: String, into inputs: inout CollectedInputs, seen: inout Set<String>) {
        let absolute = FileSystem.standardized(context.absolute(path))
        guard seen.insert(absolute).inserted else { return }
        guard FileSystem.kind(of: absolute) != nil else {
            let id = inputs.sources.add(path: path, bytes: [])
            inputs.diagnostics.append(DriverDiagnostics.notFound(path, at: Span(file: id, start: 0, end: 0)))
            return
        }
        let resolved = FileSystem.resolvingLinks(absolute)
        let reason: String?
        var bytes: [UInt8] = []
        if FileSystem.kind(of: resolved) != .regular {
            reason = "not a regular file"
        } else if !FileSystem.isReadable(resolved) {
            reason = "permission denied"
        } else if let size = FileSystem.size(of: resolved), size > InputCollector.maximumFileSize {
            // Source positions are 32-bit byte offsets: past 4 GiB every location would be wrong.
            reason = "it is \(size) bytes; a spec file can be at most \(InputCollector.maximumFileSize) bytes (4 GiB)"
        } else if let contents = FileSystem.contents(of: resolved) {
            reason = nil
            bytes = contents
        } else {
            reason = "the file could not be read"
        }
        if let reason {
            let id = inputs.sources.add(path: path, bytes: [])
            inputs.diagnostics.append(DriverDiagnostics.unreadable(path, reason: reason, at: Span(file: id, start: 0, end: 0)))
            return
        }
        inputs.specFiles.append(inputs.sources.add(path: path, bytes: bytes))
    }
}
