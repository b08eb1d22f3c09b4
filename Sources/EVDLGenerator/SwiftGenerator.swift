import EVDLSema
import EVDLSyntax

// CONTRACT STUB — the generator work replaces the body; keep the public API.

/// The access level of generated declarations.
public enum AccessLevel: String, Sendable, CaseIterable {
    /// `internal` (the default).
    case `internal`
    /// `public`.
    case `public`
    /// `package`.
    case `package`
}

/// Options of one generation run.
public struct GeneratorOptions: Sendable, Equatable {
    /// The access level of the generated declarations.
    public var accessLevel: AccessLevel

    /// Creates options.
    public init(accessLevel: AccessLevel = .internal) {
        self.accessLevel = accessLevel
    }
}

/// One generated Swift file.
public struct GeneratedFile: Sendable, Equatable {
    /// The file name (no directory), derived predictably from the spec file's name: `order.evdl` → `order.evdl.swift`.
    public var name: String
    /// The Swift source.
    public var contents: String

    /// Creates a generated file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Turns a checked spec module into Swift source files, one per spec file.
public enum SwiftGenerator {
    /// Generates one file per spec file in `model.files`. Call only when checking found no errors.
    public static func generate(model: SemanticModel, sources: SourceManager, options: GeneratorOptions) -> [GeneratedFile] {
        []
    }
}
