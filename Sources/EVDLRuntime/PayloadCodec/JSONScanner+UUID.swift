import Foundation

/// UUIDs written as JSON strings: the canonical `8-4-4-4-12` form, as `JSONEncoder` writes them, read without
/// building a `String`.
extension JSONScanner {
    /// The UUID written as the string at `index` (`8-4-4-4-12` hex digits, either case), or `nil` when it is not one.
    func uuid(at index: Int) throws(JSONScanError) -> UUID? {
        let index = skipWhitespace(index)
        // The canonical form, quotes included, is 38 bytes of which none can be a quote or a backslash: when the
        // 38th is the closing quote and the rest parse, there is no need to find the string's end first.
        if bytes.count - index >= 38, bytes[index] == UInt8(ascii: "\""), bytes[index + 37] == UInt8(ascii: "\""),
           let uuid = canonicalUUID(at: index + 1) {
            return uuid
        }
        // Any other string is not a canonical UUID (a 38-byte one was checked above); `skipString` still reports a
        // value that is not a string, or not terminated.
        _ = try skipString(index)
        return nil
    }

    /// The UUID in the 36 bytes at `start` (`8-4-4-4-12` hex digits, either case), or `nil`.
    ///
    /// Eight digits at a time (SWAR): the 32 digits are gathered into four words around the dashes, each word is
    /// checked to hold only hex digits and turned into four bytes.
    private func canonicalUUID(at start: Int) -> UUID? {
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<start + 36])
        guard text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"), text[18] == UInt8(ascii: "-"), text[23] == UInt8(ascii: "-") else {
            return nil
        }
        func u32(_ offset: Int) -> UInt64 { UInt64(text.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian) }
        func u64(_ offset: Int) -> UInt64 { text.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian }
        guard let a = Self.hexBytes(u64(0)), let b = Self.hexBytes(u32(9) | u32(14) << 32),
              let c = Self.hexBytes(u32(19) | u32(24) << 32), let d = Self.hexBytes(u64(28)) else {
            return nil
        }
        var words = ((UInt64(a) | UInt64(b) << 32).littleEndian, (UInt64(c) | UInt64(d) << 32).littleEndian)
        return withUnsafeBytes(of: &words) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// The four bytes written by the eight hex digits in `word` (the first digit in the lowest byte), the first byte
    /// lowest; `nil` when a byte is not a hex digit.
    @inline(__always)
    static func hexBytes(_ word: UInt64) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard word & highs == 0 else { return nil }  // ASCII only, so the sums below carry into no other byte
        // A byte is in `low...high` when adding `0x80 - low` sets its high bit and adding `0x7F - high` does not.
        func within(_ value: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
            (value &+ (0x80 &- low) &* ones) & ~(value &+ (0x7F &- high) &* ones) & highs
        }
        let digits = within(word, 0x30, 0x39)
        let letters = within(word | 0x2020_2020_2020_2020, 0x61, 0x66)  // either case
        guard digits | letters == highs else { return nil }
        // Digit values: the low nibble, plus 9 for letters (bit 6 set).
        let values = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ ((word >> 6) & ones) &* 9
        // Pairs of digits into bytes, one per 16-bit lane, then the lanes packed together.
        var packed = ((values & 0x000F_000F_000F_000F) << 4) | ((values >> 8) & 0x000F_000F_000F_000F)
        packed = (packed | (packed >> 8)) & 0x0000_FFFF_0000_FFFF
        packed = (packed | (packed >> 16)) & 0xFFFF_FFFF
        return UInt32(packed)
    }
}
