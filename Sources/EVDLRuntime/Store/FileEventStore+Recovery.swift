import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileEventStore {
    /// The default `log` of `FileEventStore.init`: writes each line, prefixed `evdl: `, to standard error.
    public static let standardErrorLog: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data("evdl: \(line)\n".utf8))
    }

    /// Scans the log, judges its end (`RecoveryPlan`), and carries the plan out: copies every discarded range
    /// with data to `<path>.discarded-<offset>` (synced, with its directory, before the log is cut), cuts the log,
    /// lowers the commit mark if `.setAsideDamage` discarded committed bytes, and sends one line per range to `log`.
    static func openLog(
        _ file: LogFile, path: String, policy: LogTailPolicy, commitMark: Bool, log: (@Sendable (String) -> Void)?
    ) throws -> (index: LogIndex, headerSize: Int64, recovery: LogRecovery) {
        let (index, headerSize, scan) = try LogScanner.scan(file, commitMark: commitMark)
        var plan = try RecoveryPlan.decide(scan, path: path, policy: policy)
        if headerSize == Int64(LogFormat.headerSizeV2), scan.committed == nil {
            log?("FileEventStore `\(path)`: the commit mark in the header fails its check; the end of the log is judged by its bytes alone")
        }
        for (position, discard) in plan.discards.enumerated() where discard.reason == .tornTail || discard.reason == .damagedRecord {
            let keptEnd = min(scan.dataEnd, discard.offset + discard.length)
            guard keptEnd > discard.offset else { continue }
            plan.discards[position].keptAt = try keep(file, from: discard.offset, to: keptEnd, besides: path)
        }
        if let length = plan.truncateTo {
            try file.truncate(to: length)
        }
        if let mark = plan.lowerMark, headerSize == Int64(LogFormat.headerSizeV2) {
            try file.write(CommitMark.encode(mark), at: LogFormat.markOffset)
            try file.sync()
        }
        for discard in plan.discards {
            log?(describe(discard, path: path))
        }
        let truncated = plan.truncateTo.map { scan.fileSize - $0 } ?? 0
        let recovery = LogRecovery(
            events: index.head, validBytes: scan.validEnd, truncatedBytes: truncated, committedBytes: scan.committed, discarded: plan.discards
        )
        return (index, headerSize, recovery)
    }

    /// The log line for one discarded range.
    static func describe(_ discard: DiscardedBytes, path: String) -> String {
        let what: String
        switch discard.reason {
        case .tornTail: what = "set aside a torn tail"
        case .damagedRecord: what = "set aside damaged committed bytes"
        case .missingCommittedBytes: what = "accepted the loss of missing committed bytes"
        case .zeroFill: what = "cut zeros"
        }
        let kept = discard.keptAt.map { "; kept in `\($0)`" } ?? ""
        return "FileEventStore `\(path)`: \(what) at byte \(discard.offset), \(discard.length) bytes (\(discard.detail))\(kept)"
    }

    /// Copies `[from, to)` of the log into a new file beside it, `<path>.discarded-<from>` (or `…-<from>.<n>` if
    /// that exists), synced along with its directory; returns its path.
    private static func keep(_ file: LogFile, from: Int64, to: Int64, besides path: String) throws(EventStoreError) -> String {
        let bytes = try file.read(count: Int(to - from), at: from)
        guard bytes.count == Int(to - from) else {
            throw EventStoreError(code: .ioFailure, message: "`\(path)` changed while it was being opened", offset: from)
        }
        var target = "\(path).discarded-\(from)"
        var attempt = 1
        var fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        while fd < 0 && errno == EEXIST && attempt < 1000 {
            target = "\(path).discarded-\(from).\(attempt)"
            attempt += 1
            fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw LogFile.ioError("cannot create `\(target)` to keep the bytes discarded from `\(path)`") }
        defer { closeDescriptor(fd) }
        let failed: Bool = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let count = write(fd, raw.baseAddress! + done, raw.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                done += count
            }
            return false
        }
        guard !failed, fsync(fd) == 0 else { throw LogFile.ioError("cannot write `\(target)`") }
        let directory = (target as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard dfd >= 0 else { throw LogFile.ioError("cannot open the directory of `\(target)`") }
        defer { closeDescriptor(dfd) }
        guard fsync(dfd) == 0 else { throw LogFile.ioError("cannot sync the directory of `\(target)`") }
        return target
    }
}

/// `close(2)`, named so that it does not clash with `FileEventStore.close()`.
private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
