import Foundation

/// What opening a `FileEventStore` log found and did: the valid log, the commit mark, and every byte discarded,
/// where, and why. Nothing is discarded without an entry here and a line through the store's `log` closure.
public struct LogRecovery: Sendable, Equatable {
    /// Events found in the log.
    public var events: Int64
    /// Bytes of valid log (the header and every complete record).
    public var validBytes: Int64
    /// Bytes cut off the end of the file on open (the sum of the `discarded` ranges that were in the file); 0 when
    /// the log ended cleanly.
    public var truncatedBytes: Int64
    /// The commit mark found in the header (format 2): the first `committedBytes` of the log were synced and
    /// acknowledged. `nil` for a format-1 log, or a mark that failed its check.
    public var committedBytes: Int64?
    /// Every range discarded, in file order.
    public var discarded: [DiscardedBytes]

    /// Creates a report.
    public init(events: Int64, validBytes: Int64, truncatedBytes: Int64, committedBytes: Int64? = nil, discarded: [DiscardedBytes] = []) {
        self.events = events
        self.validBytes = validBytes
        self.truncatedBytes = truncatedBytes
        self.committedBytes = committedBytes
        self.discarded = discarded
    }
}

/// One range of the log that opening discarded.
public struct DiscardedBytes: Sendable, Equatable {
    /// Why the bytes were discarded.
    public enum Reason: String, Sendable, Equatable {
        /// An append cut short by a crash: non-zero bytes after the last complete record and past the commit mark
        /// (a record running past the end of the file, or one whose header or checksum fails with only zeros after
        /// it). Never the bytes of an acknowledged append, unless they were damaged after they were synced and no
        /// commit mark covered them yet (a format-1 log, `.noSync`, or the last group synced before a crash under
        /// `.withNextSync`; see the README).
        case tornTail
        /// Committed bytes that are damaged: before the commit mark, or a complete record failing its checksum at
        /// the very end of the file. Only discarded when the store is opened with `.setAsideDamage`.
        case damagedRecord
        /// Bytes the commit mark says were committed but the file no longer has (a copy cut short). Nothing is
        /// left to keep; only discarded (forgotten) with `.setAsideDamage`.
        case missingCommittedBytes
        /// Zeros after the log: space the store writes ahead of it. They hold nothing; they are not kept.
        case zeroFill
    }

    /// The byte offset of the range in the log file.
    public var offset: Int64
    /// Its length in bytes.
    public var length: Int64
    /// Why it was discarded.
    public var reason: Reason
    /// What opening saw there, in words.
    public var detail: String
    /// The file the bytes were copied to before the log was cut (`<log>.discarded-<offset>`), or `nil` for zeros
    /// and missing bytes. Trailing zeros of a torn or damaged range are not copied (`length` still counts them).
    public var keptAt: String?

    /// Creates an entry.
    public init(offset: Int64, length: Int64, reason: Reason, detail: String, keptAt: String? = nil) {
        self.offset = offset
        self.length = length
        self.reason = reason
        self.detail = detail
        self.keptAt = keptAt
    }
}

/// What opening a log may do with bytes it cannot use at the end of the file.
public enum LogTailPolicy: Sendable, Equatable {
    /// The default: a torn tail is copied beside the log and cut off; damaged committed bytes are refused
    /// (`.corruptLog`, naming the byte offset).
    case setAsideTornTail
    /// Nothing with data in it is cut: a torn tail is refused too (`.tornTail`, naming the byte offset), and the
    /// file is left as it was. Zeros written ahead of the log are still cut (they hold nothing).
    case refuse
    /// For an operator who has read a `.corruptLog` at the end of the log and accepts the loss: damaged or missing
    /// committed bytes at the end are set aside like a torn tail (and reported as `.damagedRecord` /
    /// `.missingCommittedBytes`). Damage followed by more log is still refused: committed data is never skipped.
    case setAsideDamage
}

/// What a scan of a log found at its end, before anything is changed.
struct LogTailScan: Equatable {
    /// What follows the last complete record.
    enum Tail: Equatable {
        /// Nothing: the file ends with a complete record.
        case none
        /// Only zeros.
        case zeros
        /// An append cut short: a record running past the end of the file, or a damaged header or checksum with
        /// only zeros after the record.
        case torn(String)
        /// A complete record failing its checksum at the very end of the file.
        case damagedAtEnd(String)
    }

    /// The end of the last complete record.
    var validEnd: Int64
    /// The file's size.
    var fileSize: Int64
    /// One past the last non-zero byte of the file at or after `validEnd` (`validEnd` when all zeros).
    var dataEnd: Int64
    /// The commit mark, if the log has a readable one.
    var committed: Int64?
    /// What follows `validEnd`.
    var tail: Tail
}

/// Decides, without touching the file, what opening does with the end of a log: a pure function of the scan and
/// the policy, so that every case is tested on its own.
enum RecoveryPlan {
    /// What to do.
    struct Plan: Equatable {
        /// The ranges to report; those with data are copied beside the log first.
        var discards: [DiscardedBytes] = []
        /// The length to cut the file to, if it changes.
        var truncateTo: Int64?
        /// A lower commit mark to write (after `.setAsideDamage` discarded committed bytes).
        var lowerMark: Int64?
    }

    /// The plan for `scan` of the log at `path` under `policy`, or the error that refuses to open it.
    static func decide(_ scan: LogTailScan, path: String, policy: LogTailPolicy) throws(EventStoreError) -> Plan {
        var plan = Plan()
        let acceptDamage = policy == .setAsideDamage
        var main: (reason: DiscardedBytes.Reason, detail: String)?
        switch scan.tail {
        case .none:
            break
        case .zeros:
            if let committed = scan.committed, scan.validEnd < committed {
                main = (.damagedRecord, "committed bytes up to the commit mark at byte \(committed) are zeros")
            }
        case .torn(let detail):
            let committed = scan.committed.map { scan.validEnd < $0 } ?? false
            main = committed ? (.damagedRecord, "\(detail), before the commit mark at byte \(scan.committed!)") : (.tornTail, detail)
        case .damagedAtEnd(let detail):
            main = (.damagedRecord, detail)
        }
        if let main {
            switch (main.reason, policy) {
            case (.damagedRecord, .setAsideDamage):
                plan.lowerMark = scan.validEnd
            case (.damagedRecord, _):
                throw EventStoreError(
                    code: .corruptLog,
                    message: "`\(path)` is damaged at byte \(scan.validEnd): \(main.detail); these are committed bytes, so nothing was cut (open with `.setAsideDamage` to set them aside)",
                    offset: scan.validEnd
                )
            case (_, .refuse):
                throw EventStoreError(
                    code: .tornTail,
                    message: "`\(path)` has a torn tail at byte \(scan.validEnd) (\(scan.dataEnd - scan.validEnd) bytes: \(main.detail)); opened with `.refuse`, so nothing was cut",
                    offset: scan.validEnd
                )
            default:
                break
            }
            // A torn tail ends at its last non-zero byte (zeros after it are reported as such); damage runs at
            // least to the commit mark, zeros included.
            let end = main.reason == .damagedRecord ? max(scan.dataEnd, min(scan.committed ?? scan.dataEnd, scan.fileSize)) : scan.dataEnd
            plan.discards.append(DiscardedBytes(offset: scan.validEnd, length: end - scan.validEnd, reason: main.reason, detail: main.detail))
        }
        if let committed = scan.committed, committed > scan.fileSize {
            guard acceptDamage else {
                throw EventStoreError(
                    code: .corruptLog,
                    message: "`\(path)` is damaged at byte \(scan.fileSize): the log ends there but its commit mark says \(committed) bytes were committed; \(committed - scan.fileSize) committed bytes are missing (open with `.setAsideDamage` to accept the loss)",
                    offset: scan.fileSize
                )
            }
            plan.lowerMark = scan.validEnd
        }
        let zerosFrom = plan.discards.last.map { $0.offset + $0.length } ?? scan.validEnd
        if zerosFrom < scan.fileSize {
            plan.discards.append(DiscardedBytes(offset: zerosFrom, length: scan.fileSize - zerosFrom, reason: .zeroFill, detail: "zeros after the log (space written ahead of it)"))
        }
        if let committed = scan.committed, committed > scan.fileSize {
            plan.discards.append(DiscardedBytes(offset: scan.fileSize, length: committed - scan.fileSize, reason: .missingCommittedBytes, detail: "the commit mark says \(committed) bytes were committed; the file has \(scan.fileSize)"))
        }
        if scan.validEnd < scan.fileSize {
            plan.truncateTo = scan.validEnd
        }
        return plan
    }
}
