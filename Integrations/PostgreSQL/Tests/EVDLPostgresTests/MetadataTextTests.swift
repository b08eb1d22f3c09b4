@testable import EVDLPostgres
import EVDLRuntime
import Foundation
import Testing

@Suite struct MetadataTextTests {
    @Test func flatObjectsOfStringsParseLikeJSONDecoder() throws {
        let samples = [
            "{}", "{\"a\": \"b\"}", "{\"ip\": \"::1\", \"user\": \"ada\"}", "{\"q\": \"say \\\"hi\\\" \\\\ / \\/ \\n\\t\\r\\b\\f\"}",
            "{\"u\": \"\\u00e9\\u4e2d\\ud83d\\ude80\"}", "{\"ü\": \"🚀 plain UTF-8\"}",
        ]
        for sample in samples {
            let expected = try JSONDecoder().decode([String: String].self, from: Data(sample.utf8))
            #expect(MetadataText.parse(sample) == expected, "\(sample)")
        }
    }

    @Test func anythingElseIsRefused() {
        for bad in ["", "[]", "{\"a\": 1}", "{\"a\": {\"b\": \"c\"}}", "{\"a\": \"b\"", "{\"a\": \"\\x\"}", "{\"a\": \"\\ud800\"}", "{\"a\" \"b\"}", "{\"a\": \"b\"} x"] {
            #expect(MetadataText.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func metadataSurvivesTheRoundTripThroughJSONB() async throws {
        try await TestDatabase.withStore { store in
            let metadata = ["q": "say \"hi\" \\ /\n\t", "u": "é中🚀", "empty": "", "ctl": "\u{01}"]
            try await store.append([NewEventFactory.make(metadata: metadata)], to: "M", expectedVersion: .noStream)
            #expect(try await store.readStream("M", fromVersion: 1).first?.metadata == metadata)
        }
    }
}



enum NewEventFactory {
    static func make(metadata: [String: String]) -> NewEvent {
        NewEvent(typeName: "Test.Meta", metadata: metadata, payload: Data("{}".utf8))
    }
}
