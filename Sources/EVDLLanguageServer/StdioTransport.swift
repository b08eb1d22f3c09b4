#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a server over file descriptors (standard input and output): reads framed messages, writes the answers,
/// until `exit` arrives or the input ends.
public enum StdioTransport {
    /// Serves until `exit` or the end of input; returns the exit status (0 after `shutdown` then `exit`, else 1).
    public static func run(_ server: LanguageServer, input: Int32 = 0, output: Int32 = 1) -> Int32 {
        var reader = MessageReader()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while server.exitCode == nil {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            reader.append(buffer[0..<count])
            while server.exitCode == nil, let framed = reader.next() {
                for message in server.handle(framed) {
                    guard write(MessageReader.frame(message.serialized), to: output) else { return 1 }
                }
            }
        }
        return server.exitCode ?? 1
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }
}
