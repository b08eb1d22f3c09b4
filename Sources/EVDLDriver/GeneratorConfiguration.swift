import EVDLGenerator
import EVDLSyntax

/// The optional configuration file of `evdlc generate --config FILE` (the build-tool plugin passes a target's
/// `evdl-config.json`). A JSON object; every key is optional:
///
///     { "access": "public" }
///
/// `access` is the access level of generated declarations (`internal`, `public` or `package`); `--access` on the
/// command line wins over it.
struct GeneratorConfiguration: Equatable {
    /// The access level, if the file sets one.
    var access: AccessLevel?

    /// The keys the file may hold.
    static let keys = ["access"]

    /// Reads and validates the file; problems are diagnostics located in it (it is added to `sources`).
    static func load(_ path: String, context: DriverContext, sources: inout SourceManager) -> (GeneratorConfiguration, [Diagnostic]) {
        let absolute = context.absolute(path)
        guard let bytes = FileSystem.contents(of: absolute) else {
            let id = sources.add(path: path, bytes: [])
            let exists = FileSystem.kind(of: absolute) != nil
            let at = Span(file: id, start: 0, end: 0)
            return (
                GeneratorConfiguration(),
                [exists ? DriverDiagnostics.unreadable(path, reason: "the file could not be read", at: at) : DriverDiagnostics.notFound(path, at: at)]
            )
        }
        let id = sources.add(path: path, bytes: bytes)
        func span(of key: String?) -> Span {
            guard let key, let range = bytes.firstRange(of: Array("\"\(key)\"".utf8)) else {
                return Span(file: id, start: 0, end: min(1, bytes.count))
            }
            return Span(file: id, start: range.lowerBound, end: range.upperBound)
        }
        guard let object = ConfigurationJSON.object(bytes) else {
            return (GeneratorConfiguration(), [DriverDiagnostics.invalidConfiguration("the file is not a JSON object", at: span(of: nil))])
        }
        var configuration = GeneratorConfiguration()
        var diagnostics: [Diagnostic] = []
        for key in object.keys.sorted() {
            switch key {
            case "access":
                if case .string(let text)? = object[key], let level = AccessLevel(rawValue: text) {
                    configuration.access = level
                } else {
                    let allowed = AccessLevel.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                    diagnostics.append(DriverDiagnostics.invalidConfiguration("`access` must be one of \(allowed)", at: span(of: key)))
                }
            default:
                let close = Suggestions.closeMatches(to: key, among: keys)
                diagnostics.append(
                    DriverDiagnostics.invalidConfiguration("unknown key `\(key)`", at: span(of: key))
                        .with(help: close.isEmpty ? "the keys are: " + keys.map { "`\($0)`" }.joined(separator: ", ") : "did you mean `\(close[0])`?"))
            }
        }
        return (configuration, diagnostics)
    }
}
