import Foundation

/// The commit mark of a format-2 log: the number of bytes at the start of the log known to be durable, kept in
/// the header (`LogFormat.markOffset`, 16 bytes: `u64 committed | u32 crc32(committed) | u32 0`).
///
/// The mark never claims more than was synced: it is written with a later sync than the records it covers (the
/// next append's, or a second sync before acknowledging with `FileEventStore.CommitMarking.beforeAcknowledging`,
/// and on `close()`), so a crash leaves it at or before the durable end. A 16-byte write inside the first sector
/// is atomic on the disks we know; a mark whose checksum fails anyway is read as absent, which only falls back to
/// format 1's rules (the tail is judged by its bytes alone).
enum CommitMark {
    /// The 16 bytes that record `committed`.
    static func encode(_ committed: Int64) -> [UInt8] {
        var writer = ByteWriter()
        writer.u64(UInt64(bitPattern: committed))
        let crc = writer.bytes.withUnsafeBytes { CRC32.checksum($0) }
        writer.u32(crc)
        writer.u32(0)
        return writer.bytes
    }

    /// The committed length in a mark's 16 bytes, or `nil` when they fail their check.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == 16 else { return nil }
        let value = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        let crc = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        let reserved = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
        let expected = UnsafeRawBufferPointer(rebasing: bytes[0..<8])
        guard reserved == 0, CRC32.checksum(expected) == crc, value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// A new format-2 log's header, its mark at the header's end.
    static var newHeader: [UInt8] {
        LogFormat.magic + [2] + encode(Int64(LogFormat.headerSizeV2))
    }
}
