import Foundation

/// The part of TextMate's grammar engine that `Grammar/evdl.tmLanguage.json` uses, over `NSRegularExpression`:
/// `match` rules with `name` and `captures`, `begin`/`end` rules with `name`, `contentName`, `beginCaptures`,
/// `endCaptures` and nested `patterns`, `include` of `#repository` entries and `$self`. Lines are matched one at a
/// time; an open `begin` rule carries over to the next line. At each position the earliest match wins; at a tie the
/// open rule's `end` wins, then the first pattern in order.
final class TextMateTokenizer: @unchecked Sendable {  // immutable after init; NSRegularExpression is thread-safe
    /// A run of a line with the scopes that apply to it, outermost first.
    struct Token: Equatable {
        var range: Range<Int>
        var scopes: [String]
    }

    private final class Rule {
        var name: String?
        var contentName: String?
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var captures: [Int: String] = [:]
        var beginCaptures: [Int: String] = [:]
        var endCaptures: [Int: String] = [:]
        var patterns: [Rule] = []
        var include: String?
    }

    private let root: Rule
    private var repository: [String: Rule] = [:]
    let scopeName: String

    init(json: Data) throws {
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        scopeName = object["scopeName"] as! String
        root = Rule()
        let repositoryJSON = object["repository"] as? [String: [String: Any]] ?? [:]
        for (key, _) in repositoryJSON { repository[key] = Rule() }
        for (key, value) in repositoryJSON { try fill(repository[key]!, from: value) }
        try fill(root, from: ["patterns": object["patterns"] as Any])
    }

    private func fill(_ rule: Rule, from json: [String: Any]) throws {
        rule.name = json["name"] as? String
        rule.contentName = json["contentName"] as? String
        rule.include = json["include"] as? String
        if let match = json["match"] as? String { rule.match = try NSRegularExpression(pattern: match, options: [.anchorsMatchLines]) }
        if let begin = json["begin"] as? String { rule.begin = try NSRegularExpression(pattern: begin, options: [.anchorsMatchLines]) }
        if let end = json["end"] as? String { rule.end = try NSRegularExpression(pattern: end, options: [.anchorsMatchLines]) }
        rule.captures = Self.captures(json["captures"])
        rule.beginCaptures = Self.captures(json["beginCaptures"])
        rule.endCaptures = Self.captures(json["endCaptures"])
        for pattern in json["patterns"] as? [[String: Any]] ?? [] {
            let child = Rule()
            try fill(child, from: pattern)
            rule.patterns.append(child)
        }
    }

    private static func captures(_ json: Any?) -> [Int: String] {
        var result: [Int: String] = [:]
        for (key, value) in json as? [String: [String: String]] ?? [:] {
            if let index = Int(key), let name = value["name"] { result[index] = name }
        }
        return result
    }

    /// The rules a list of patterns stands for, includes resolved (a rule with `patterns` only is flattened).
    private func expand(_ patterns: [Rule], seen: Set<ObjectIdentifier> = []) -> [Rule] {
        patterns.flatMap { rule -> [Rule] in
            if let include = rule.include {
                let target = include == "$self" ? root : repository[String(include.dropFirst())]
                guard let target, !seen.contains(ObjectIdentifier(target)) else { return [] }
                return expand([target], seen: seen.union([ObjectIdentifier(target)]))
            }
            if rule.match == nil, rule.begin == nil { return expand(rule.patterns, seen: seen) }
            return [rule]
        }
    }

    /// Tokenizes a whole text; the result has one token list per line (without line terminators).
    func tokenize(_ text: String) -> [[Token]] {
        var stack: [(rule: Rule, scopes: [String])] = []
        var lines: [[Token]] = []
        for line in text.components(separatedBy: "\n") {
            lines.append(tokenize(line: line, stack: &stack))
        }
        return lines
    }

    private func tokenize(line: String, stack: inout [(rule: Rule, scopes: [String])]) -> [Token] {
        let text = line as NSString
        var tokens: [Token] = []
        var position = 0
        func emit(_ range: Range<Int>, _ scopes: [String]) {
            guard !range.isEmpty else { return }
            tokens.append(Token(range: range, scopes: scopes))
        }
        func scopes() -> [String] { [scopeName] + (stack.last?.scopes ?? []) }
        func emitCaptures(_ result: NSTextCheckingResult, _ names: [Int: String], base: [String]) {
            // Each character takes the scopes of the captures that cover it (outer groups before inner ones).
            let whole = result.range
            var cursor = whole.location
            let groups = names.keys.sorted().filter { $0 > 0 && result.range(at: $0).location != NSNotFound }
            for group in groups {
                let range = result.range(at: group)
                if range.location > cursor { emit(cursor..<range.location, base + (names[0].map { [$0] } ?? [])) }
                emit(range.location..<(range.location + range.length), base + (names[0].map { [$0] } ?? []) + [names[group]!])
                cursor = max(cursor, range.location + range.length)
            }
            if cursor < whole.location + whole.length { emit(cursor..<(whole.location + whole.length), base + (names[0].map { [$0] } ?? [])) }
        }
        while position <= text.length {
            let active = stack.last?.rule
            let candidates = expand(active?.patterns ?? root.patterns)
            var best: (result: NSTextCheckingResult, rule: Rule?)?
            let searchRange = NSRange(location: position, length: text.length - position)
            if let end = active?.end, let found = end.firstMatch(in: line, range: searchRange) {
                best = (found, nil)
            }
            for rule in candidates {
                guard let regex = rule.match ?? rule.begin, let found = regex.firstMatch(in: line, range: searchRange) else { continue }
                if best == nil || found.range.location < best!.result.range.location { best = (found, rule) }
            }
            guard let (result, rule) = best else {
                emit(position..<text.length, scopes())
                break
            }
            emit(position..<result.range.location, scopes())
            let matchEnd = result.range.location + result.range.length
            if let rule {
                if rule.match != nil {
                    emitCaptures(result, rule.captures.merging(rule.name.map { [0: $0] } ?? [:]) { a, _ in a }, base: scopes())
                } else {
                    let outer = scopes() + (rule.name.map { [$0] } ?? [])
                    emitCaptures(result, rule.beginCaptures, base: outer)
                    stack.append((rule, Array(outer.dropFirst()) + (rule.contentName.map { [$0] } ?? [])))
                }
            } else if let (open, inner) = stack.popLast() {
                let outer = inner.filter { $0 != open.contentName }
                emitCaptures(result, open.endCaptures, base: [scopeName] + outer)
            }
            // An empty match moves on by one character so that the loop always ends.
            position = result.range.length == 0 ? (matchEnd == position ? position + 1 : matchEnd) : matchEnd
            if result.range.length == 0, position > text.length { break }
        }
        return tokens
    }
}
