import Foundation

/// Reads the metadata column's text (`jsonb` output: a flat object of string values, `{"ip": "::1", "user": "ada"}`)
/// without `JSONDecoder`, which cost more than the rest of a row's decoding on a catch-up. Anything else — a nested
/// value, a number, a bad escape — is `nil`, and the caller reports the row.
enum MetadataText {
    static func parse(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8 { bytes -> [String: String]? in
            var index = 0
            func skipSpaces() {
                while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
            }
            func string() -> String? {
                guard index < bytes.count, bytes[index] == 0x22 else { return nil }
                index += 1
                let start = index
                // Fast path: no escapes.
                while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C { index += 1 }
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x22 {
                    defer { index += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                var scalars = Array(bytes[start..<index])
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x22 {
                        index += 1
                        return String(decoding: scalars, as: UTF8.self)
                    }
                    guard byte == 0x5C else {
                        scalars.append(byte)
                        index += 1
                        continue
                    }
                    guard index + 1 < bytes.count else { return nil }
                    let escaped = bytes[index + 1]
                    index += 2
                    switch escaped {
                    case 0x22, 0x5C, 0x2F: scalars.append(escaped)
                    case 0x62: scalars.append(0x08)
                    case 0x66: scalars.append(0x0C)
                    case 0x6E: scalars.append(0x0A)
                    case 0x72: scalars.append(0x0D)
                    case 0x74: scalars.append(0x09)
                    case 0x75:
                        guard var unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit) {
                            guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return nil }
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(unit) {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(unit) else { return nil }
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        return nil
                    }
                }
                return nil
            }
            func hex4() -> UInt32? {
                guard index + 4 <= bytes.count else { return nil }
                var value: UInt32 = 0
                for byte in bytes[index..<(index + 4)] {
                    let digit: UInt8
                    switch byte {
                    case 0x30...0x39: digit = byte - 0x30
                    case 0x41...0x46: digit = byte - 0x41 + 10
                    case 0x61...0x66: digit = byte - 0x61 + 10
                    default: return nil
                    }
                    value = value << 4 | UInt32(digit)
                }
                index += 4
                return value
            }
            skipSpaces()
            guard index < bytes.count, bytes[index] == 0x7B else { return nil }
            index += 1
            var result: [String: String] = [:]
            skipSpaces()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
                skipSpaces()
                return index == bytes.count ? result : nil
            }
            while true {
                skipSpaces()
                guard let key = string() else { return nil }
                skipSpaces()
                guard index < bytes.count, bytes[index] == 0x3A else { return nil }
                index += 1
                skipSpaces()
                guard let value = string() else { return nil }
                result[key] = value
                skipSpaces()
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x7D else { return nil }
                index += 1
                skipSpaces()
                return index == bytes.count ? result : nil
            }
        }
    }
}
