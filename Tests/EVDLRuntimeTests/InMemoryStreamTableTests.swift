@testable import EVDLRuntime
import Foundation
import Testing

@Suite struct InMemoryStreamTableTests {
    @Test func streamsWhoseHashesCollideStayApart() {
        var table = InMemoryStreamTable()
        let (a, b, c): (StreamID, StreamID, StreamID) = ("a", "b", "c")
        table.add(a, hash: 7, indexes: 0..<2)
        table.add(b, hash: 7, indexes: 2..<3)
        let slotA = table.slot(of: a, hash: 7), slotB = table.slot(of: b, hash: 7)
        #expect(slotA != nil && slotB != nil && slotA != slotB)
        #expect(table.slot(of: c, hash: 7) == nil)
        table.append(3..<5, to: slotB!)
        #expect(table.count(of: slotA!) == 2)
        #expect(table.count(of: slotB!) == 3)
    }

    @Test func indexesAreFoundByTheRealHash() {
        var table = InMemoryStreamTable()
        table.append(4, to: "x")
        table.append(9, to: "x")
        table.append(5, to: "y")
        #expect(table.indexes(of: "x") == [4, 9])
        #expect(table.indexes(of: "y") == [5])
        #expect(table.indexes(of: "z") == nil)
    }
}
