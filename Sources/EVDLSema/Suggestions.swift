/// "Did you mean" suggestions by edit distance.
enum Suggestions {
    /// The candidate closest to `name`, if it is close enough to be a likely typo
    /// (at most a third of the name's length in edits, and at least one edit allowed).
    static func closest<S: Sequence>(to name: String, among candidates: S) -> String? where S.Element == String {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = target.count <= 3 ? 1 : max(2, target.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            if abs(other.count - target.count) > limit { continue }
            let d = distance(target, other, limit: limit)
            guard d <= limit else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// The Levenshtein distance of two scalar arrays; stops early (returning `limit + 1`) once it exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// A help line "did you mean `x`?" for the closest candidate, or `nil`.
    static func help<S: Sequence>(for name: String, among candidates: S) -> String? where S.Element == String {
        closest(to: name, among: candidates).map { "did you mean `\($0)`?" }
    }
}
