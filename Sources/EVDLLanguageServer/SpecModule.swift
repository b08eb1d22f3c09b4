import EVDLSema
import EVDLSyntax

/// Where the server reads the `.evdl` files of a workspace folder (the process's file system, or a test's files).
public protocol WorkspaceFiles: Sendable {
    /// The paths of the `.evdl` files under a directory, recursively, in a stable order.
    func specFiles(under directory: String) -> [String]
    /// A file's bytes, or `nil` when it cannot be read.
    func contents(of path: String) -> [UInt8]?
}

/// One check of a module: the files, their trees, the checker's result and the diagnostics of each file.
public struct ModuleAnalysis: Sendable {
    /// The files in the order they were checked (`sources.files[i]` is `uris[i]`).
    public var sources: SourceManager
    /// The URI of each file, by file index.
    public var uris: [String]
    /// The parse of each file, by file index.
    public var parses: [ParseResult]
    /// The checker's result over all files.
    public var semantic: SemanticResult
    /// Syntax and semantic diagnostics by file index, in place order.
    public var diagnostics: [[Diagnostic]]

    /// The file index of a URI.
    public func file(of uri: String) -> FileID? { uris.firstIndex(of: uri).map { FileID(index: $0) } }
}

/// A spec module as the editor sees it: every `.evdl` file of a workspace folder (or one loose file), open documents
/// taking the place of what is on disk. Checking reuses the parse of every file whose bytes did not change.
public final class SpecModule {
    /// The folder's path, or `nil` for a module of loose documents.
    public let root: String?
    /// Every file's text, by URI.
    public private(set) var documents: [String: TextDocument] = [:]
    /// The documents the client has open (their text comes from the client, not the disk).
    public private(set) var open: Set<String> = []
    private var parseCache: [String: (bytes: [UInt8], index: Int, result: ParseResult)] = [:]
    private var cachedAnalysis: ModuleAnalysis?
    private var cachedIndex: SymbolIndex?

    /// Creates an empty module.
    public init(root: String?) { self.root = root }

    /// Reads (again) every `.evdl` file under the root; open documents keep the client's text.
    public func load(from files: any WorkspaceFiles) {
        guard let root else { return }
        var fresh: [String: TextDocument] = [:]
        for path in files.specFiles(under: root) {
            let uri = FileURI.uri(ofPath: path)
            if open.contains(uri), let document = documents[uri] {
                fresh[uri] = document
            } else if let bytes = files.contents(of: path) {
                fresh[uri] = TextDocument(uri: uri, version: 0, bytes: bytes)
            }
        }
        for uri in open where fresh[uri] == nil { fresh[uri] = documents[uri] }
        documents = fresh
        invalidate()
    }

    /// Takes a document the client opened.
    public func didOpen(_ document: TextDocument) {
        documents[document.uri] = document
        open.insert(document.uri)
        invalidate()
    }

    /// Applies the client's changes to an open document.
    public func update(_ uri: String, _ change: (inout TextDocument) -> Void) {
        guard var document = documents[uri] else { return }
        change(&document)
        documents[uri] = document
        invalidate()
    }

    /// Forgets the client's text: the disk's text comes back (or the document leaves a module of loose files).
    public func didClose(_ uri: String, files: any WorkspaceFiles) {
        open.remove(uri)
        if root != nil, let path = FileURI.path(ofURI: uri), let bytes = files.contents(of: path) {
            documents[uri] = TextDocument(uri: uri, version: 0, bytes: bytes)
        } else {
            documents[uri] = nil
        }
        invalidate()
    }

    /// Whether a URI is a file of this module.
    public func contains(_ uri: String) -> Bool { documents[uri] != nil }

    private func invalidate() {
        cachedAnalysis = nil
        cachedIndex = nil
    }

    /// The check of the current texts (computed once per change).
    public var analysis: ModuleAnalysis {
        if let cachedAnalysis { return cachedAnalysis }
        let uris = documents.keys.sorted()
        var sources = SourceManager()
        var parses: [ParseResult] = []
        var cache: [String: (bytes: [UInt8], index: Int, result: ParseResult)] = [:]
        for (i, uri) in uris.enumerated() {
            let bytes = documents[uri]!.bytes
            let id = sources.add(path: FileURI.path(ofURI: uri) ?? uri, bytes: bytes)
            let parse: ParseResult
            if let cached = parseCache[uri], cached.index == i, cached.bytes == bytes {
                parse = cached.result
            } else {
                parse = EVDLParser.parse(sources[id])
            }
            parses.append(parse)
            cache[uri] = (bytes, i, parse)
        }
        parseCache = cache
        let semantic = SemanticAnalyzer.check(parses.map(\.spec), sources: sources)
        var diagnostics = parses.map(\.diagnostics)
        for diagnostic in semantic.diagnostics {
            if let file = diagnostic.span?.file.index, file < diagnostics.count { diagnostics[file].append(diagnostic) }
        }
        for i in diagnostics.indices {
            diagnostics[i] = diagnostics[i].enumerated().sorted {
                ($0.element.span?.start ?? 0, $0.offset) < ($1.element.span?.start ?? 0, $1.offset)
            }.map(\.element)
        }
        let result = ModuleAnalysis(sources: sources, uris: uris, parses: parses, semantic: semantic, diagnostics: diagnostics)
        cachedAnalysis = result
        return result
    }

    /// The symbols and name occurrences of the current texts (computed once per change, when asked).
    public var index: SymbolIndex {
        if let cachedIndex { return cachedIndex }
        let analysis = self.analysis
        let built = SymbolIndex.build(model: analysis.semantic.model, sources: analysis.sources)
        cachedIndex = built
        return built
    }
}
