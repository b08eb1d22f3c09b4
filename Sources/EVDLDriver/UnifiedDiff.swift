/// A unified diff between two texts, line by line (`evdlc format --diff`), as `diff -u` and `git diff` print it.
enum UnifiedDiff {
    /// Lines of context around each change.
    static let context = 3

    /// One line of the edit script, with the old and new line index where it stands.
    private struct Edit: Equatable {
        enum Kind { case same, removed, added }
        var kind: Kind
        var old: Int
        var new: Int
    }

    /// The diff of `old` against `new` under the headers `--- oldName` and `+++ newName`; empty when they are equal.
    static func render(old: String, new: String, oldName: String, newName: String) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        let edits = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < edits.count {
            guard let change = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            // A hunk runs from the context before the first change to the context after the last change that is
            // within twice the context of the next one.
            let start = max(index, change - context)
            var end = change
            var lastChange = change
            while end < edits.count {
                if edits[end].kind == .same {
                    if end - lastChange > 2 * context { break }
                } else {
                    lastChange = end
                }
                end += 1
            }
            end = min(edits.count, lastChange + context + 1)
            out += hunk(edits[start..<end], a, b)
            index = end
        }
        return out
    }

    private static func hunk(_ edits: ArraySlice<Edit>, _ a: [Substring], _ b: [Substring]) -> String {
        var oldCount = 0, newCount = 0
        var body = ""
        for edit in edits {
            switch edit.kind {
            case .same:
                oldCount += 1
                newCount += 1
                body += " \(a[edit.old])\n"
            case .removed:
                oldCount += 1
                body += "-\(a[edit.old])\n"
            case .added:
                newCount += 1
                body += "+\(b[edit.new])\n"
            }
        }
        let first = edits[edits.startIndex]
        return "@@ -\(range(first.old, oldCount)) +\(range(first.new, newCount)) @@\n" + body
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : (count == 1 ? "\(start + 1)" : "\(start + 1),\(count)")
    }

    private static func lines(_ text: String) -> [Substring] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
        if result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// The edit script: common prefix and suffix kept, the middle by longest common subsequence (or, when that table
    /// would be too large, removed and added whole).
    private static func script(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var edits = (0..<prefix).map { Edit(kind: .same, old: $0, new: $0) }
        let oldMiddle = prefix..<(a.count - suffix)
        let newMiddle = prefix..<(b.count - suffix)
        if oldMiddle.count * newMiddle.count > 4_000_000 {
            edits += oldMiddle.map { Edit(kind: .removed, old: $0, new: prefix) } + newMiddle.map { Edit(kind: .added, old: oldMiddle.upperBound, new: $0) }
        } else {
            edits += longestCommonSubsequence(a, oldMiddle, b, newMiddle)
        }
        edits += (0..<suffix).map { Edit(kind: .same, old: a.count - suffix + $0, new: b.count - suffix + $0) }
        return edits
    }

    private static func longestCommonSubsequence(_ a: [Substring], _ ra: Range<Int>, _ b: [Substring], _ rb: Range<Int>) -> [Edit] {
        let n = ra.count, m = rb.count
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[ra.lowerBound + i] == b[rb.lowerBound + j]
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[ra.lowerBound + i] == b[rb.lowerBound + j] {
                edits.append(Edit(kind: .same, old: ra.lowerBound + i, new: rb.lowerBound + j))
                i += 1
                j += 1
            } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                edits.append(Edit(kind: .removed, old: ra.lowerBound + i, new: rb.lowerBound + j))
                i += 1
            } else {
                edits.append(Edit(kind: .added, old: ra.lowerBound + i, new: rb.lowerBound + j))
                j += 1
            }
        }
        return edits
    }
}
