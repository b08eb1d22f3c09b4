import EVDLRuntime
import Foundation

extension EventStoreConformance {
    static let readCases: [ConformanceCase] = [
        ConformanceCase(name: "streams and everything are read in order") { store, check in
            for index in 0..<10 {
                try await store.append(
                    [event("T.E", "{\"n\":\(index)}", metadata: ["n": "\(index)"])], to: StreamID("S-\(index % 3)"), expectedVersion: .any
                )
            }
            let s1 = try await store.readStream("S-1", fromVersion: 1)
            try check.equal(s1.map(\.globalPosition), [2, 5, 8], "positions of S-1")
            try check.equal(s1.map(\.streamVersion), [1, 2, 3], "versions of S-1")
            try check.equal(s1.map { String(decoding: $0.payload, as: UTF8.self) }, ["{\"n\":1}", "{\"n\":4}", "{\"n\":7}"], "payloads of S-1")
            try check.equal(s1.map { $0.metadata["n"] }, ["1", "4", "7"], "metadata of S-1")
            try check.equal(try await store.readStream("S-1", fromVersion: 3).map(\.globalPosition), [8], "S-1 from version 3")
            try check.expect(try await store.readStream("S-1", fromVersion: 4).isEmpty, "S-1 past its end is empty")
            try check.expect(try await store.readStream("nope", fromVersion: 1).isEmpty, "a missing stream reads empty")
            try check.equal(try await store.readAll(fromPosition: 4, limit: 3).map(\.globalPosition), [4, 5, 6], "readAll from 4, limit 3")
            try check.equal(try await store.readAll(fromPosition: 9, limit: 100).map(\.globalPosition), [9, 10], "readAll from 9")
            try check.equal(try await store.readAll(fromPosition: 0, limit: 2).map(\.globalPosition), [1, 2], "readAll from 0 starts at the first event")
            try check.expect(try await store.readAll(fromPosition: 11, limit: 100).isEmpty, "readAll past the head is empty")
            try check.expect(try await store.readAll(fromPosition: 1, limit: 0).isEmpty, "readAll with limit 0 is empty")
            try check.equal(try await store.headPosition(), 10, "head position")
            try check.equal(try await store.streamVersion("S-0"), 4, "version of S-0")
            try check.equal(try await store.streamVersion("nope"), 0, "version of a missing stream")
            let all = try await store.readAll(fromPosition: 1, limit: 100)
            try check.equal(all.map(\.globalPosition), Array(1...10), "every position once")
            try check.equal(all.filter { $0.streamID == "S-1" }, s1, "readAll and readStream give the same events")
        },

        ConformanceCase(name: "follow delivers stored then new events in order") { store, check in
            try await store.append([event(), event()], to: "A", expectedVersion: .any)
            let reader = Task { try await check.follow(store, from: 2, count: 4).map(\.globalPosition) }
            for _ in 0..<3 {
                try await store.append([event()], to: "B", expectedVersion: .any)
            }
            try check.equal(try await reader.value, [2, 3, 4, 5], "positions followed")
        },

        ConformanceCase(name: "a follower that starts on an empty store sees the first events") { store, check in
            let reader = Task { try await check.follow(store, from: 1, count: 3) }
            try await Task.sleep(for: .milliseconds(50))
            let appended = try await store.append([event(), event(), event()], to: "A", expectedVersion: .noStream)
            try check.equal(try await reader.value, appended.events, "events followed")
        },
    ]
}
