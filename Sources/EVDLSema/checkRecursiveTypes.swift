import EVDLSyntax

extension Checker {
    /// Reports value types that contain themselves without an array or dictionary in between (Swift cannot lay
    /// them out; an optional does not help). One error per cycle, at the first declared type in it, with the path.
    func checkRecursiveTypes() {
        var order: [String] = []
        for d in typeDecls where symbols.records[d.name.name]?.nameSpan == d.name.span {
            order.append(d.name.name)
        }
        // Direct containment edges, with the field that makes them.
        var edges: [String: [(to: String, field: FieldSymbol)]] = [:]
        for name in order {
            for field in symbols.records[name]!.fields.fields {
                if let target = directRecord(field.type) { edges[name, default: []].append((target, field)) }
            }
        }
        // 0 = unvisited, 1 = on the current path, 2 = done. Iterative depth-first search; every back edge closes a cycle.
        var state: [String: Int] = [:]
        var reported: Set<String> = []
        for root in order where state[root] == nil {
            var path: [(node: String, next: Int, via: FieldSymbol?)] = [(root, 0, nil)]
            state[root] = 1
            while let top = path.last {
                let out = edges[top.node] ?? []
                if top.next >= out.count {
                    state[top.node] = 2
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let edge = out[top.next]
                switch state[edge.to] {
                case nil:
                    state[edge.to] = 1
                    path.append((edge.to, 0, edge.field))
                case 1?:
                    guard let start = path.firstIndex(where: { $0.node == edge.to }) else { continue }
                    let cycle = Array(path[start...])
                    let members = cycle.map(\.node)
                    guard members.allSatisfy({ !reported.contains($0) }) else { continue }
                    reported.formUnion(members)
                    var fields = cycle.dropFirst().compactMap(\.via)
                    fields.append(edge.field)
                    let notes = zip(members, fields).map { owner, field in
                        DiagnosticNote("`\(owner).\(field.name)` holds a `\(field.type)`", at: field.nameSpan)
                    }
                    let first = symbols.records[members[0]]!.nameSpan
                    report(SemaDiagnostics.recursiveType(members[0], path: members + [members[0]], at: first, notes: notes))
                default:
                    continue
                }
            }
        }
    }

    /// The record a field of this type stores inline (directly or inside optionals), if any.
    private func directRecord(_ type: SemType) -> String? {
        switch type {
        case .record(let name): symbols.records[name] != nil ? name : nil
        case .optional(let wrapped): directRecord(wrapped)
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .array, .dictionary, .enumeration, .message, .nilLiteral,
             .emptyCollection, .error, .result:
            nil
        }
    }
}
