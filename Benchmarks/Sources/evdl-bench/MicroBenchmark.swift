import EVDLRuntime
import Foundation

/// `--micro`: where the time of decoding one payload goes.
func microBenchmarks() throws -> [String] {
    let event = Account.Deposited(accountId: UUID(), amount: 123, reference: "ref-12345")
    let data = try PayloadCodec.standard.encode(event)
    let count = CommandLine.arguments.contains("--fast-only") ? 1_000_000 : 100_000
    var lines = ["payload: \(String(decoding: data, as: UTF8.self))"]
    let codecs = CommandLine.arguments.contains("--fast-only") ? [("fast", PayloadCodec(decoding: .fast))] : [("fast", PayloadCodec(decoding: .fast)), ("foundation", PayloadCodec(decoding: .foundation))]
    for (name, codec) in codecs {
        var sink = 0
        var seconds = Double.infinity
        for _ in 0..<5 {
            seconds = min(seconds, try timed {
                for _ in 0..<count / 5 { sink &+= try codec.decode(Account.Deposited.self, from: data).amount }
            }.cpu * 5)
        }
        lines.append(String(format: "decode Deposited with %@: %.0f ns cpu each (%d)", name, seconds / Double(count) * 1e9, sink % 7))
    }
    if CommandLine.arguments.contains("--fast-only") { return lines }
    let text = event.accountId.uuidString
    var sink = 0
    let uuidSeconds = measure { for _ in 0..<count { sink &+= Int(UUID(uuidString: text)!.uuid.0) } }
    lines.append(String(format: "UUID(uuidString:): %.0f ns each (%d)", uuidSeconds / Double(count) * 1e9, sink % 7))
    return lines
}
