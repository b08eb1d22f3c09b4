/// A module of `count` aggregates with their projections (37 lines each), all distinct names, that checks clean.
enum SpecGenerator {
    static func aggregate(_ i: Int) -> String {
        """
        /// Order number \(i).
        enum Status\(i) { draft, placed, cancelled }
        type Line\(i) { sku: String, quantity: Int }
        aggregate Order\(i) {
          id orderId: UUID
          state { status: Status\(i) = draft, items: [Line\(i)] = [], total: Int = 0 }
          command Place\(i) creates { items: [Line\(i)], total: Int }
          command Cancel\(i) { reason: String }
          command AddLine\(i) { line: Line\(i) }
          event Placed\(i) { items: [Line\(i)], total: Int }
          event Cancelled\(i) { reason: String }
          event LineAdded\(i) { line: Line\(i) }
          decide Place\(i) {
            require status == draft else "placed twice"
            let count = items.count
            require count >= 0 else "empty"
            require total >= 0 else "negative"
            emit Placed\(i) { items, total }
          }
          decide Cancel\(i) {
            require status != cancelled else "already cancelled"
            emit Cancelled\(i) { reason }
          }
          decide AddLine\(i) {
            require line.quantity > 0 else "no quantity"
            emit LineAdded\(i) { line }
          }
          apply Placed\(i) { status = placed; items = event.items; total = event.total }
          apply Cancelled\(i) { status = cancelled }
          apply LineAdded\(i) { total = total + event.line.quantity }
        }
        projection View\(i) {
          key orderId: UUID
          row { status: Status\(i) = placed, lines: Int = 0 }
          on Order\(i).Placed\(i) { lines = event.items.count }
          on Order\(i).Cancelled\(i) { status = cancelled }
        }

        """
    }

    /// `files` files holding `aggregates` aggregates in all.
    static func module(aggregates: Int, files: Int) -> [String] {
        var texts = Array(repeating: "", count: files)
        for i in 0..<aggregates { texts[i * files / aggregates] += aggregate(i) }
        return texts
    }
}
