import EVDLSyntax

/// Checks all files of one spec module together.
public enum SemanticAnalyzer {
    /// Checks the parsed files (names, types, flows) and returns the model and the diagnostics.
    ///
    /// The passes run in order: collect declarations, resolve field types, recursive types, aggregates,
    /// projections, sagas, policies, publish routes, scenarios, unused-declaration warnings, policy cycles; `was` renames
    /// (event evolution) right after the field defaults.
    public static func check(_ files: [SpecFile], sources: SourceManager) -> SemanticResult {
        let checker = Checker(files: files)
        // Roughly one message name per 256 bytes of spec: reserve so the table rehashes less as it grows.
        // (Expression tables are sized from the parser's counts; the few shorthand arguments grow their tables.)
        let bytes = sources.files.reduce(0) { $0 + $1.bytes.count }
        checker.messageTargets.reserveCapacity(bytes / 256)
        checker.collectDeclarations()
        checker.resolveDeclarationTypes()
        checker.checkRecursiveTypes()
        checker.checkFieldDefaults()
        checker.checkEvolution()
        checker.checkAggregates()
        checker.checkProjections()
        checker.checkSagas()
        checker.checkPolicies()
        checker.checkPublishes()
        checker.checkScenarios()
        checker.checkUnused()
        checker.checkPolicyCycles()
        return checker.result()
    }
}

/// The explanations of every semantic diagnostic code, for `evdlc explain`.
public enum SemaDiagnosticCatalog {
    /// One entry per code the checker emits.
    public static let explanations: [DiagnosticExplanation] = SemaExplanations.all
}

/// The kinds of top-level declarations that share one namespace.
enum DeclarationKind: Hashable {
    case type, enumeration, aggregate, service, projection, saga, policy

    /// The noun, with an article, for messages.
    var noun: String {
        switch self {
        case .type: "a type"
        case .enumeration: "an enum"
        case .aggregate: "an aggregate"
        case .service: "a service"
        case .projection: "a projection"
        case .saga: "a saga"
        case .policy: "a policy"
        }
    }

    /// The keyword.
    var keyword: String {
        switch self {
        case .type: "type"
        case .enumeration: "enum"
        case .aggregate: "aggregate"
        case .service: "service"
        case .projection: "projection"
        case .saga: "saga"
        case .policy: "policy"
        }
    }
}

/// The mutable state of one check: symbols, indexes, the model being filled, and the diagnostics.
final class Checker {
    let files: [SpecFile]
    var symbols = SymbolTable()
    var diagnostics: [Diagnostic] = []
    var expressionTypes = ExpressionTable<SemType>()
    var resolutions = ExpressionTable<NameResolution>()
    var messageTargets: [Span: MessageTarget] = [:]
    var shorthandResolutions: [Span: NameResolution] = [:]
    var shorthandTypes: [Span: SemType] = [:]
    /// The `let` and `if let` constants declared, in order, and the spans of the names of those read somewhere.
    var declaredLocals: [Identifier] = []
    var usedLocals: Set<Span> = []

    /// Every top-level name with its kind and the span of its name (first declaration wins).
    var topLevel: [String: (kind: DeclarationKind, span: Span)] = [:]
    /// Event name → the aggregates declaring an event of that name, in declaration order.
    var eventOwners: [String: [String]] = [:]
    /// Command name → the aggregates and services declaring a command of that name.
    var commandOwners: [String: [MessageOwner]] = [:]
    /// Enum case name → the enums that have it (for help lines).
    var caseOwners: [String: [String]] = [:]
    /// Declared types and enums referenced from somewhere other than their own declaration.
    var usedTypes: Set<String> = []
    /// Service commands that some saga or policy invokes or sends (qualified names).
    var usedServiceCommands: Set<String> = []
    /// Field default values with the type they must have, checked once every type is known.
    var pendingDefaults: [(Expr, SemType)] = []
    /// Every command and event: owner (aggregate or service) → name → entry.
    var messages: [String: [String: MessageEntry]] = [:]
    /// Every top-level declaration of every file, in order (a view over `files`, not a copy).
    var declarationOrder: FlattenSequence<[[Declaration]]> { files.map(\.declarations).joined() }
    /// The number of top-level declarations.
    var declarationCount: Int { files.reduce(0) { $0 + $1.declarations.count } }

    /// The declarations of every file of one kind, in order: built when a pass asks (each pass asks once), so
    /// that the checker keeps no second copy of the tree's declarations.
    func declarations<D>(_ pick: (Declaration) -> D?) -> [D] {
        var picked: [D] = []
        for file in files {
            for declaration in file.declarations {
                if let d = pick(declaration) { picked.append(d) }
            }
        }
        return picked
    }

    var typeDecls: [TypeDecl] { declarations { if case .type(let d) = $0 { d } else { nil } } }
    var aggregateDecls: [AggregateDecl] { declarations { if case .aggregate(let d) = $0 { d } else { nil } } }
    var serviceDecls: [ServiceDecl] { declarations { if case .service(let d) = $0 { d } else { nil } } }
    var projectionDecls: [ProjectionDecl] { declarations { if case .projection(let d) = $0 { d } else { nil } } }
    var sagaDecls: [SagaDecl] { declarations { if case .saga(let d) = $0 { d } else { nil } } }
    var policyDecls: [PolicyDecl] { declarations { if case .policy(let d) = $0 { d } else { nil } } }
    var publishDecls: [PublishDecl] { declarations { if case .publish(let d) = $0 { d } else { nil } } }
    var scenarioDecls: [ScenarioDecl] { declarations { if case .scenario(let d) = $0 { d } else { nil } } }

    init(files: [SpecFile]) {
        self.files = files
        expressionTypes = ExpressionTable(sizedFor: files)
        resolutions = ExpressionTable(sizedFor: files)
    }

    func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// The model and the diagnostics sorted by file, then offset (stable for equal places).
    func result() -> SemanticResult {
        let sorted = diagnostics.enumerated().sorted { a, b in
            let sa = a.element.span, sb = b.element.span
            switch (sa, sb) {
            case let (x?, y?):
                if x.file != y.file { return x.file < y.file }
                if x.start != y.start { return x.start < y.start }
                return a.offset < b.offset
            case (nil, .some): return true
            case (.some, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
        let model = SemanticModel(
            files: files, expressionTypes: expressionTypes, resolutions: resolutions, messageTargets: messageTargets,
            symbols: symbols, shorthandResolutions: shorthandResolutions, shorthandTypes: shorthandTypes,
            unusedLocals: Set(declaredLocals.map(\.span).filter { !usedLocals.contains($0) }))
        return SemanticResult(model: model, diagnostics: sorted)
    }
}
