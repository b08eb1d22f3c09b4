#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations the driver needs, over the C library.
///
/// The driver does not link Foundation: loading it (and the libraries it pulls in) adds about 10 MB to the
/// resident memory of every `evdlc` run, which is a third of what checking a 3 MB spec needs.
enum FileSystem {
    /// What a path names.
    enum Kind: Equatable {
        /// A regular file.
        case regular
        /// A directory.
        case directory
        /// Anything else (a device, a socket, a pipe; with `followingLinks: false` also a symbolic link).
        case other
    }

    /// What `path` names, or `nil` when nothing is there; symbolic links are followed unless asked not to.
    static func kind(of path: String, followingLinks: Bool = true) -> Kind? {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The size of the file at `path` in bytes (symbolic links followed), or `nil` when it cannot be examined.
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// Whether the process may read `path`.
    static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

    /// The whole content of a file, or `nil` when it cannot be opened or read.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(from: fd)
    }

    /// Everything left to read from a file descriptor (a file, or standard input up to its end), or `nil` when a
    /// read fails.
    static func readAll(from fd: Int32) -> [UInt8]? {
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The names in a directory (without `.` and `..`), or `nil` when it cannot be listed.
    static func entries(of directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// `path` with symbolic links resolved, or `path` itself when that fails.
    static func resolvingLinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// An absolute path without `.` and `..` components, repeated or trailing slashes (no file-system access).
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The process's working directory.
    static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }

    /// The variables of the process's environment the driver reads (`NO_COLOR`, `TERM`). Read one by one with
    /// `getenv`: Darwin's headers do not declare `environ`.
    static func environment(_ names: [String] = ["NO_COLOR", "TERM"]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }

    /// The text of the C library's message for `errno`.
    static func errorMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Creates a directory and its missing parents; returns the reason when that fails.
    static func createDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if kind(of: prefix) == .directory { continue }
            if mkdir(prefix, 0o777) != 0, errno != EEXIST { return errorMessage() }
        }
        return nil
    }

    /// Writes every byte to a file descriptor (retrying short writes); `false` when a write fails (see `errno`).
    @discardableResult
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Writes a file atomically: a new temporary file (`mkstemp`: a short, unpredictable name, created exclusively,
    /// so no link left at its place is followed) in the same directory, written, flushed to disk, given the usual
    /// permissions (`0666` less the umask) and renamed over `path`. Returns the reason when that fails.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> String? {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var template = Array((directory.isEmpty ? "/" : directory + "/").utf8CString.dropLast()) + Array(".evdlc-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return errorMessage() }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail() -> String {
            let reason = errorMessage()
            close(fd)
            unlink(temporary)
            return reason
        }
        let mask = umask(0)
        umask(mask)
        guard fchmod(fd, 0o666 & ~mask) == 0 else { return fail() }
        guard bytes.withUnsafeBytes({ writeAll($0, to: fd) }) else { return fail() }
        guard fsync(fd) == 0 else { return fail() }
        if close(fd) != 0 {
            let reason = errorMessage()
            unlink(temporary)
            return reason
        }
        if rename(temporary, path) != 0 {
            let reason = errorMessage()
            unlink(temporary)
            return reason
        }
        return nil
    }
}
