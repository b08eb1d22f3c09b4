import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open log file: positioned reads (`pread`) from any thread, appends (`pwrite`) from one writer at a time,
/// `fdatasync`/`fsync`, and an exclusive `flock` so that two stores never share one log.
///
/// A read-write lock keeps `close()` from closing the descriptor under a read in flight (which could otherwise
/// read from whatever file reuses the descriptor number).
final class LogFile: @unchecked Sendable {
    /// The file's path.
    let path: String
    private var descriptor: Int32
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    /// Opens (creating if needed) the file at `path` and locks it exclusively.
    init(path: String) throws(EventStoreError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LogFile.ioError("cannot open `\(path)`")
        }
        // A child process being spawned (by any thread of this process) holds a copy of every descriptor until it
        // execs, close-on-exec or not, and with it the lock of a store just closed: wait that moment out (200 ms
        // at most) before saying another store has the log open.
        var locked = flock(fd, LOCK_EX | LOCK_NB) == 0
        for _ in 0..<20 where !locked && errno == EWOULDBLOCK {
            usleep(10_000)
            locked = flock(fd, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else {
            let error = LogFile.ioError("`\(path)` is already open by another store")
            _ = Glibc_or_Darwin_close(fd)
            throw error
        }
        descriptor = fd
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        close()
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Closes the descriptor (releasing the lock on the file); later calls fail with `.closed`.
    func close() {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if descriptor >= 0 {
            _ = Glibc_or_Darwin_close(descriptor)
            descriptor = -1
        }
    }

    /// The file's size in bytes.
    func size() throws(EventStoreError) -> Int64 {
        try withDescriptor { fd throws(EventStoreError) in
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw LogFile.ioError("cannot stat `\(path)`") }
            return Int64(info.st_size)
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (fewer only at the end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(EventStoreError) -> Int {
        try withDescriptor { fd throws(EventStoreError) in
            var done = 0
            while done < buffer.count {
                let count = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw LogFile.ioError("cannot read `\(path)` at byte \(offset + Int64(done))")
                }
                if count == 0 { break }
                done += count
            }
            return done
        }
    }

    /// Up to `count` bytes at `offset` (fewer only at the end of file).
    func read(count: Int, at offset: Int64) throws(EventStoreError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        let read = try self.read(into: buffer, at: offset)
        return Array(buffer[0..<read])
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: Int64) throws(EventStoreError) {
        try withDescriptor { fd throws(EventStoreError) in
            let failure: EventStoreError? = bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let count = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                    if count < 0 {
                        if errno == EINTR { continue }
                        return LogFile.ioError("cannot write `\(path)` at byte \(offset + Int64(done))")
                    }
                    done += count
                }
                return nil
            }
            if let failure { throw failure }
        }
    }

    /// Makes every write so far durable (`fdatasync` on Linux, `F_FULLFSYNC` on Apple platforms).
    func sync() throws(EventStoreError) {
        try withDescriptor { fd throws(EventStoreError) in
            #if canImport(Darwin)
            let result = fcntl(fd, F_FULLFSYNC)
            #else
            let result = fdatasync(fd)
            #endif
            guard result == 0 else { throw LogFile.ioError("cannot sync `\(path)`") }
        }
    }

    /// Cuts the file to `length` bytes and syncs it.
    func truncate(to length: Int64) throws(EventStoreError) {
        try withDescriptor { fd throws(EventStoreError) in
            guard ftruncate(fd, off_t(length)) == 0 else { throw LogFile.ioError("cannot truncate `\(path)` to \(length) bytes") }
            guard fsync(fd) == 0 else { throw LogFile.ioError("cannot sync `\(path)`") }
        }
    }

    private func withDescriptor<T>(_ body: (Int32) throws(EventStoreError) -> T) throws(EventStoreError) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard descriptor >= 0 else {
            throw EventStoreError(code: .closed, message: "the event store `\(path)` is closed")
        }
        return try body(descriptor)
    }

    static func ioError(_ message: String) -> EventStoreError {
        EventStoreError(code: .ioFailure, message: "\(message): \(String(cString: strerror(errno)))")
    }
}

/// `close(2)`, named so that it does not clash with `LogFile.close()`.
private func Glibc_or_Darwin_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
