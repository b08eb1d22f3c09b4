import EVDLRuntime
import Foundation
import PostgresNIO

/// `--read-profile SCHEMA.TABLE`: where the time of reading events goes (row iteration vs decoding).
func readProfile(_ client: PostgresClient, table: String) async throws {
    for variant in ["iterate only", "collect only", "decode tuple", "collect + decode tuple"] {
        var count = 0
        let seconds = try await time {
            var next: Int64 = 1
            while true {
                let rows = try await client.query("SELECT global_position, stream_id, stream_version, event_id, type, schema_version, occurred_at, command_id, causation_id, correlation_id, CASE WHEN metadata = '{}'::jsonb THEN NULL ELSE metadata::text END, payload FROM \(unescaped: table) WHERE global_position >= \(next) ORDER BY global_position LIMIT 5000")
                var last: Int64 = -1
                switch variant {
                case "iterate only":
                    for try await row in rows { count += 1; last = next + Int64(count) ; _ = row }
                    last = next + 4999
                    if count % 5000 != 0 { last = -1 }
                case "collect only":
                    let all = try await rows.collect()
                    count += all.count
                    last = all.isEmpty ? -1 : next + Int64(all.count) - 1
                case "decode tuple":
                    for try await row in rows {
                        let c = try row.decode((Int64, String, Int64, UUID, String, Int32, Date, UUID?, UUID?, UUID?, String?, Data).self)
                        count += 1
                        last = c.0
                    }
                default:
                    for row in try await rows.collect() {
                        let c = try row.decode((Int64, String, Int64, UUID, String, Int32, Date, UUID?, UUID?, UUID?, String?, Data).self)
                        count += 1
                        last = c.0
                    }
                }
                if last < 0 || count >= 1_000_000 { break }
                next = last + 1
            }
        }
        print("  \(variant): \(count) rows, \(Int(Double(count) / seconds)) rows/s")
    }
}
