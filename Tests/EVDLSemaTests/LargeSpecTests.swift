import Foundation
import Testing
@testable import EVDLSema
import EVDLSyntax

/// A synthetic spec of `count` independent subsystems (aggregate, service, projection, saga, policy, publish, scenario).
func syntheticSpec(count: Int) -> String {
    var text = "type Item { sku: String, quantity: Int, price: Decimal }\nenum Phase { draft, active, closed }\n"
    for i in 0..<count {
        text += """
        /// Aggregate number \(i).
        aggregate Acc\(i) {
          id accId: UUID
          snapshot every 50
          state { phase: Phase = draft, items: [Item] = [], total: Decimal = 0, owner: UUID? = nil, opened: Date? = nil }
          command Open\(i) creates { owner: UUID, items: [Item] }
          command Close\(i) { reason: String }
          command Archive\(i) emits Archived\(i) { }
          event Opened\(i) { owner: UUID, items: [Item], total: Decimal, at: Date }
          event Closed\(i) { reason: String }
          event Archived\(i) { }
          decide Open\(i) {
            require phase == draft else "account \\(accId) is already open"
            require !items.isEmpty && items.count < 100 else "bad items"
            let sum = total * 2
            if owner == state.owner { require true else "same" } else { emit Opened\(i) { owner, items, total: sum + 1, at: now } }
          }
          decide Close\(i) {
            require phase != .closed else "closed"
            emit Closed\(i) { reason }
          }
          apply Opened\(i) { phase = active; items = event.items; total += event.total; owner = event.owner; opened = event.at }
          apply Closed\(i) { phase = closed }
        }
        service Svc\(i) {
          command Do\(i) { accId: UUID, amount: Decimal } -> { ref: String }
          command Undo\(i) { ref: String }
        }
        projection View\(i) {
          key accId: UUID
          row { total: Decimal = 0, phase: Phase = draft }
          on Acc\(i).Opened\(i) { total = event.total; phase = active }
          on Acc\(i).Closed\(i) { delete }
          query big(min: Decimal) -> [View\(i)] where row.total > min && row.phase == .active
        }
        saga Flow\(i) {
          input { accId: UUID, amount: Decimal }
          start on Acc\(i).Opened\(i) { accId: event.accId, amount: event.total }
          step first { invoke Svc\(i).Do\(i) { accId, amount } as done
            compensate Svc\(i).Undo\(i) { ref: done.ref } }
          step last { invoke Acc\(i).Archive\(i) { accId } }
        }
        policy Close\(i)Later { on Acc\(i).Opened\(i) where event.total > 1000
          after 30m send Acc\(i).Close\(i) { accId: event.accId, reason: "expired" } }
        publish Acc\(i).Opened\(i) to "acc.opened.\(i)"
        scenario "open \(i)" {
          when Acc\(i).Open\(i) { accId: id(1), owner: id(2), items: [Item(sku: "a", quantity: 1, price: 2.5)] }
          then Acc\(i).Opened\(i) { accId: id(1), owner: id(2), items: [Item(sku: "a", quantity: 1, price: 2.5)], total: 1, at: now }
        }

        """
    }
    return text
}

/// Checks large specs for correctness (no findings) and prints the checker's throughput; not a timed test.
@Suite struct LargeSpecTests {
    @Test func syntheticSpecsCheckCleanAndScale() {
        var rates: [String] = []
        for count in [150, 1500] {
            let text = syntheticSpec(count: count)
            var sources = SourceManager()
            let id = sources.add(path: "big.evdl", text: text)
            let parsed = EVDLParser.parse(sources[id])
            #expect(parsed.diagnostics.count == 0, "\(parsed.diagnostics.prefix(3).map(\.message))")
            // Processor time of this process, so that other work on a shared machine does not count.
            let start = clock()
            let result = SemanticAnalyzer.check([parsed.spec], sources: sources)
            let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
            let megabytes = Double(text.utf8.count) / 1_000_000
            #expect(result.diagnostics.count == 0, "\(result.diagnostics.prefix(3).map(\.message))")
            #expect(result.model.symbols.aggregates.count == count)
            rates.append(String(format: "%.2f MB in %.3f s of CPU = %.1f MB/s", megabytes, seconds, megabytes / seconds))
        }
        print("semantic check:", rates.joined(separator: "; "))
    }
}
