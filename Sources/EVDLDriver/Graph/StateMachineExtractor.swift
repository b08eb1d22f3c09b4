import EVDLSyntax

/// Reads the state machines of an aggregate from its spec: for each state field of an enum type, the `apply` blocks
/// that assign it a case are the transitions (to that case, on that event); the states they start from are those the
/// `decide` blocks that emit the event allow (`require status == placed`, `if status != shipped { emit … }`, a
/// `switch status` case); an event no condition guards (or one decided in Swift) may start from any other state.
struct StateMachineExtractor {
    let aggregate: AggregateDecl
    let enums: [String: EnumDecl]

    func diagrams() -> [StateDiagram] {
        (aggregate.state?.fields ?? []).compactMap(diagram(for:))
    }

    private func diagram(for field: FieldDecl) -> StateDiagram? {
        guard case .named(let typeName) = field.type.kind, let decl = enums[typeName.name] else { return nil }
        let cases = decl.cases.map(\.name.name)
        let machine = Machine(field: field.name.name, cases: cases)
        var transitions: [(from: String, to: String, event: String)] = []
        for apply in aggregate.applies {
            for target in machine.assignedCases(in: apply.body) {
                let allowed = fromStates(of: apply.event.name, machine: machine) ?? Set(cases)
                for from in cases where allowed.contains(from) && from != target {
                    if !transitions.contains(where: { $0 == (from, target, apply.event.name) }) {
                        transitions.append((from, target, apply.event.name))
                    }
                }
            }
        }
        guard !transitions.isEmpty else { return nil }
        return StateDiagram(
            title: "\(aggregate.name.name).\(field.name.name)", id: GraphID.make("states", aggregate.name.name, field.name.name),
            initial: field.defaultValue.flatMap(machine.caseName), states: cases, transitions: transitions)
    }

    /// The states the decisions emitting `event` allow, or `nil` for any (no guard found, or decided in Swift).
    private func fromStates(of event: String, machine: Machine) -> Set<String>? {
        var allowed: Set<String> = []
        var emitted = false
        for command in aggregate.commands {
            if command.emits.contains(where: { $0.name == event }) { return nil }
        }
        for decide in aggregate.decides {
            var found: [Set<String>?] = []
            machine.walk(decide.body, allowed: nil, event: event, into: &found)
            for constraint in found {
                emitted = true
                guard let constraint else { return nil }
                allowed.formUnion(constraint)
            }
        }
        return emitted ? allowed : nil
    }

    /// One enum field: its name and cases, and how conditions constrain it.
    struct Machine {
        let field: String
        let cases: [String]

        /// The cases `field = case` assigns in a block (nested blocks included).
        func assignedCases(in block: Block) -> [String] {
            block.statements.flatMap { statement -> [String] in
                switch statement.kind {
                case .assign(let target, .assign, let value):
                    return isField(target) ? caseName(value).map { [$0] } ?? [] : []
                case .ifElse(_, let then, let otherwise), .ifLet(_, let then, let otherwise):
                    return assignedCases(in: then) + (otherwise.map(assignedCases(in:)) ?? [])
                case .switchStmt(_, let arms):
                    return arms.flatMap { assignedCases(in: $0.body) }
                case .require, .emit, .assign, .letBinding, .delete, .call, .error:
                    return []
                }
            }
        }

        private func assignedCases(in branch: ElseBranch) -> [String] {
            switch branch {
            case .block(let block): assignedCases(in: block)
            case .elseIf(let statement): assignedCases(in: Block(statements: [statement], span: statement.span))
            }
        }

        /// Walks a decision, narrowing the allowed states by its conditions, and records them at each `emit event`.
        func walk(_ block: Block, allowed: Set<String>?, event: String, into found: inout [Set<String>?]) {
            var current = allowed
            for statement in block.statements {
                switch statement.kind {
                case .require(let condition, _):
                    current = intersect(current, constraint(condition))
                case .emit(let literal):
                    if literal.name.last.name == event { found.append(current) }
                case .ifElse(let condition, let then, let otherwise):
                    let holds = constraint(condition)
                    walk(then, allowed: intersect(current, holds), event: event, into: &found)
                    if let otherwise { walk(otherwise, allowed: intersect(current, complement(holds)), event: event, into: &found) }
                case .ifLet(_, let then, let otherwise):
                    walk(then, allowed: current, event: event, into: &found)
                    if let otherwise { walk(otherwise, allowed: current, event: event, into: &found) }
                case .switchStmt(let subject, let arms):
                    var covered: Set<String> = []
                    for arm in arms {
                        var armCases: Set<String>?
                        if isField(subject) {
                            armCases = arm.isDefault ? Set(cases).subtracting(covered) : Set(arm.patterns.compactMap(caseName))
                            covered.formUnion(armCases ?? [])
                        }
                        walk(arm.body, allowed: intersect(current, armCases), event: event, into: &found)
                    }
                case .assign, .letBinding, .delete, .call, .error:
                    break
                }
            }
        }

        private func walk(_ branch: ElseBranch, allowed: Set<String>?, event: String, into found: inout [Set<String>?]) {
            switch branch {
            case .block(let block): walk(block, allowed: allowed, event: event, into: &found)
            case .elseIf(let statement): walk(Block(statements: [statement], span: statement.span), allowed: allowed, event: event, into: &found)
            }
        }

        /// The states for which a condition holds, or `nil` when it says nothing about the field.
        func constraint(_ expr: Expr) -> Set<String>? {
            if case .parenthesized(let inner) = expr.kind { return constraint(inner) }
            if case .unary(.not, let inner) = expr.kind { return complement(constraint(inner)) }
            guard case .binary(let op, let a, let b) = expr.kind else { return nil }
            switch op {
            case .equal, .notEqual:
                let name = isField(a) ? caseName(b) : (isField(b) ? caseName(a) : nil)
                guard let name else { return nil }
                return op == .equal ? [name] : Set(cases).subtracting([name])
            case .and:
                return intersect(constraint(a), constraint(b))
            case .or:
                guard let left = constraint(a), let right = constraint(b) else { return nil }
                return left.union(right)
            case .coalesce, .less, .lessOrEqual, .greater, .greaterOrEqual, .add, .subtract, .multiply, .divide, .remainder:
                return nil
            }
        }

        private func intersect(_ a: Set<String>?, _ b: Set<String>?) -> Set<String>? {
            guard let a else { return b }
            guard let b else { return a }
            return a.intersection(b)
        }

        private func complement(_ a: Set<String>?) -> Set<String>? {
            a.map { Set(cases).subtracting($0) }
        }

        /// `status` or `state.status`.
        func isField(_ expr: Expr) -> Bool {
            if case .parenthesized(let inner) = expr.kind { return isField(inner) }
            if case .name(let name) = expr.kind { return name.name == field }
            guard case .member(let base, let member) = expr.kind, member.name == field, case .name(let owner) = base.kind else { return false }
            return owner.name == "state"
        }

        /// `placed` or `.placed`, when it is a case of the field's enum.
        func caseName(_ expr: Expr) -> String? {
            if case .name(let name) = expr.kind, cases.contains(name.name) { return name.name }
            if case .implicitMember(let name) = expr.kind, cases.contains(name.name) { return name.name }
            return nil
        }
    }
}
