import EVDLSyntax

extension LanguageServer {
    /// The built-in type names.
    static let builtinTypes = ["Int", "Double", "Decimal", "String", "Bool", "UUID", "Date", "Duration"]

    /// The LSP `CompletionItemKind` of a category.
    static func completionKind(_ category: SymbolCategory) -> Int {
        switch category {
        case .type: 22  // Struct
        case .enumeration: 13  // Enum
        case .aggregate, .projection, .saga, .service: 7  // Class
        case .policy, .step: 3  // Function
        case .command, .query: 2  // Method
        case .event: 23  // Event
        case .field, .identity: 5  // Field
        case .enumCase: 20  // EnumMember
        case .parameter, .local: 6  // Variable
        }
    }

    func completion(_ at: DocumentPosition) throws(ResponseError) -> JSON {
        let (module, file, offset) = try locate(at)
        let bytes = module.documents[at.uri]!.bytes
        let index = module.index
        let analysis = module.analysis
        var start = offset
        while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
        let prefix = String(decoding: bytes[start..<offset], as: UTF8.self)
        var items: [(label: String, kind: Int, detail: String, insert: String?)] = []
        func add(_ symbol: SymbolInfo, insert: String? = nil) {
            items.append((symbol.name, Self.completionKind(symbol.category), symbol.detail, insert))
        }
        func addChildren(_ key: String, _ categories: Set<SymbolCategory>) {
            for child in index.children(of: key) where categories.contains(child.category) { add(child) }
        }
        let context = CompletionContext(spec: analysis.parses[file.index].spec, offset: offset) { name in
            index.occurrences(in: name.last.span.file, at: name.last.span.start).first { $0.key.hasPrefix("m:") }.map { String($0.key.dropFirst(2)) }
        }

        if start > 0, bytes[start - 1] == UInt8(ascii: ".") {
            // A member: of a context value, an owner's messages, an enum's cases, or a typed value's fields.
            var end = start - 1
            if end > 0, bytes[end - 1] == UInt8(ascii: "?") { end -= 1 }
            var wordStart = end
            while wordStart > 0, Self.isNameByte(bytes[wordStart - 1]) { wordStart -= 1 }
            let word = String(decoding: bytes[wordStart..<end], as: UTF8.self)
            let fieldKinds: Set<SymbolCategory> = [.field, .identity]
            switch word {
            case "":
                for symbol in index.order.compactMap({ index.symbols[$0] }) where symbol.category == .enumCase { add(symbol) }
            case "event": if let event = context.event { addChildren("m:\(event)", fieldKinds); addIdentity(of: event, index, add) }
            case "command": if let command = context.command { addChildren("m:\(command)", fieldKinds); addIdentity(of: command, index, add) }
            case "state", "row": if let owner = context.stateOwner { addChildren("d:\(owner)", [.field]) }
            default:
                if let symbol = index.symbols["d:\(word)"] {
                    addChildren(symbol.key, [.command, .event, .enumCase, .query])
                } else if let occurrence = index.occurrences(in: file, at: end).first, let symbol = index.symbols[occurrence.key],
                          let type = symbol.detail.split(separator: ":").last.map({ $0.filter { $0 != " " && $0 != "?" } })
                {
                    if type.hasSuffix(".Result") {
                        addChildren("m:\(type.dropLast(".Result".count))", [.field])
                        for child in index.symbols.values where child.key.hasPrefix("r:\(type.dropLast(".Result".count)).") { add(child) }
                    } else if index.symbols["d:\(type)"] != nil {
                        addChildren("d:\(type)", fieldKinds)
                    } else if index.symbols["m:\(type)"] != nil {
                        addChildren("m:\(type)", fieldKinds)
                    }
                }
            }
        } else {
            if let message = enclosingMessageLiteral(bytes, before: start, file: file, index: index) {
                // Labels of the message literal being written.
                for child in index.children(of: message) where child.category == .field { add(child, insert: "\(child.name): ") }
                if let identity = identityKey(of: String(message.dropFirst(2)), index), let symbol = index.symbols[identity] {
                    add(symbol, insert: "\(symbol.name): ")
                }
            }
            let previous = Self.previousSignificantByte(bytes, before: start)
            if previous == UInt8(ascii: ":") || previous == UInt8(ascii: "[") || previous == UInt8(ascii: ">") {
                for name in Self.builtinTypes { items.append((name, 22, "built-in type", nil)) }
            }
            for keyword in context.keywords { items.append((keyword, 14, "keyword", nil)) }
            // Names in scope: top-level declarations, the context's fields, locals of the body, enum cases.
            for symbol in index.order.compactMap({ index.symbols[$0] }) {
                switch symbol.category {
                case .type, .enumeration, .aggregate, .service: add(symbol)
                case .enumCase where context.body != nil: add(symbol)
                case .local where context.body.map { $0.file == symbol.span.file && $0.start <= symbol.span.start && symbol.span.end <= offset } ?? false:
                    add(symbol)
                case .projection, .saga, .policy, .command, .event, .field, .enumCase, .identity, .query, .parameter, .step, .local: break
                }
            }
            if context.body != nil {
                if let owner = context.stateOwner { addChildren("d:\(owner)", [.field, .identity]) }
                if let command = context.command { addChildren("m:\(command)", [.field]) }
                if let event = context.event { items.append(("event", 6, "the event \(event)", nil)) }
                if let saga = context.saga { addChildren("d:\(saga)", [.field]) }
                if context.command != nil { for name in ["command", "state", "now"] { items.append((name, 6, "context value", nil)) } }
            }
        }
        let lowered = prefix.lowercased()
        var seen = Set<String>()
        let result: [JSON] = items.filter { $0.label.lowercased().hasPrefix(lowered) && seen.insert($0.label + "\u{0}" + $0.detail).inserted }.map { item in
            var json: [(String, JSON)] = [("label", .string(item.label)), ("kind", .int(item.kind)), ("detail", .string(item.detail))]
            if let insert = item.insert { json.append(("insertText", .string(insert))) }
            return .object(json)
        }
        return ["isIncomplete": false, "items": .array(result)]
    }

    private func identityKey(of message: String, _ index: SymbolIndex) -> String? {
        guard let owner = message.split(separator: ".").first, index.symbols["m:\(message)"]?.category == .command else { return nil }
        return index.symbols["i:\(owner)"] != nil ? "i:\(owner)" : nil
    }

    private func addIdentity(of message: String, _ index: SymbolIndex, _ add: (SymbolInfo, String?) -> Void) {
        if let owner = message.split(separator: ".").first, let identity = index.symbols["i:\(owner)"] { add(identity, nil) }
    }

    /// The message (`m:Owner.Name` key) whose `{ … }` holds the cursor, if the name before the brace names one.
    private func enclosingMessageLiteral(_ bytes: [UInt8], before offset: Int, file: FileID, index: SymbolIndex) -> String? {
        var depth = 0
        var i = offset
        while i > 0 {
            i -= 1
            switch bytes[i] {
            case UInt8(ascii: "}"): depth += 1
            case UInt8(ascii: "{"):
                if depth == 0 {
                    var end = i
                    while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                    guard end > 0, Self.isNameByte(bytes[end - 1]) else { return nil }
                    return index.occurrences(in: file, at: end).first { $0.key.hasPrefix("m:") }?.key
                }
                depth -= 1
            default: break
            }
        }
        return nil
    }

    private static func previousSignificantByte(_ bytes: [UInt8], before offset: Int) -> UInt8? {
        var i = offset
        while i > 0 {
            i -= 1
            if bytes[i] != 0x20 && bytes[i] != 0x09 { return bytes[i] }
        }
        return nil
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$")
    }
}
