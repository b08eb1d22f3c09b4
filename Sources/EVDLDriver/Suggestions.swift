/// "Did you mean" candidates for misspelt commands, options and codes.
enum Suggestions {
    /// The candidates within a small edit distance of `word` (case-insensitive), closest first, at most three.
    static func closeMatches(to word: String, among candidates: [String]) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        let limit = max(1, min(3, (target.count + 1) / 3))
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            return distance <= limit ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// The optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }
}
