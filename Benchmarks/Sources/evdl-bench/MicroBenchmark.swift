import EVDLRuntime
import Foundation

/// `--micro`: where the time of decoding one payload goes.
func microBenchmarks() throws -> [String] {
    let event = Account.Deposited(accountId: UUID(), amount: 123, reference: "ref-12345")
    let data = try PayloadCodec.standard.encode(event)
    let count = CommandLine.arguments.contains("--fast-only") ? 1_000_000 : 100_000
    var lines = ["payload: \(String(decoding: data, as: UTF8.self))"]
    func run<T: Decodable>(_ type: T.Type, _ name: String, _ codec: PayloadCodec) throws {
        var sink = 0
        var seconds = Double.infinity
        for _ in 0..<5 {
            seconds = min(seconds, try timed {
                for _ in 0..<count / 5 { sink &+= (try codec.decode(type, from: data) as? Account.Deposited)?.amount ?? 1 }
            }.cpu * 5)
        }
        lines.append(String(format: "decode a Deposited payload, %@: %.0f ns cpu each (%d)", name, seconds / Double(count) * 1e9, sink % 7))
    }
    try run(Account.Deposited.self, "fast decoder, JSONPayloadDecodable", PayloadCodec(decoding: .fast))
    try run(CodableDeposited.self, "fast decoder, Codable", PayloadCodec(decoding: .fast))
    if !CommandLine.arguments.contains("--fast-only") {
        try run(CodableDeposited.self, "Foundation JSONDecoder, Codable", PayloadCodec(decoding: .foundation))
    }
    if CommandLine.arguments.contains("--fast-only") { return lines }
    let text = event.accountId.uuidString
    var sink = 0
    let uuidSeconds = measure { for _ in 0..<count { sink &+= Int(UUID(uuidString: text)!.uuid.0) } }
    lines.append(String(format: "UUID(uuidString:): %.0f ns each (%d)", uuidSeconds / Double(count) * 1e9, sink % 7))
    return lines
}
