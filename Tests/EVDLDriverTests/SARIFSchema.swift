import Foundation

/// The parts of the SARIF 2.1.0 schema (`sarif-schema-2.1.0.json`, OASIS, errata 01) that a log of `evdlc` can touch,
/// written down from reading the schema: for each object its properties and their types, the properties it requires
/// (`required`, or one of several with `anyOf`), enumerations and minimums. Every object of these definitions has
/// `additionalProperties: false` in the schema, so a property not listed is an error too.
enum SARIFSchema {
    indirect enum Value: Sendable {
        case string(oneOf: [String]? = nil)
        case integer(minimum: Int? = nil)
        case object(String)
        case array(Value)
        /// An object whose values are all strings (`partialFingerprints`).
        case stringMap
        /// An object whose values are all of one definition (`originalUriBaseIds`).
        case map(String)
    }

    struct Definition: Sendable {
        var properties: [String: Value]
        var required: [String] = []
        var anyOfRequired: [[String]] = []
    }

    static let definitions: [String: Definition] = [
        "sarifLog": Definition(
            properties: ["$schema": .string(), "version": .string(oneOf: ["2.1.0"]), "runs": .array(.object("run"))],
            required: ["version", "runs"]),
        "run": Definition(
            properties: [
                "tool": .object("tool"), "results": .array(.object("result")), "originalUriBaseIds": .map("artifactLocation"),
                "columnKind": .string(oneOf: ["utf16CodeUnits", "unicodeCodePoints"]),
            ],
            required: ["tool"]),
        "tool": Definition(properties: ["driver": .object("toolComponent")], required: ["driver"]),
        "toolComponent": Definition(
            properties: ["name": .string(), "version": .string(), "semanticVersion": .string(), "rules": .array(.object("reportingDescriptor"))],
            required: ["name"]),
        "reportingDescriptor": Definition(
            properties: [
                "id": .string(), "name": .string(), "shortDescription": .object("multiformatMessageString"),
                "fullDescription": .object("multiformatMessageString"), "help": .object("multiformatMessageString"),
            ],
            required: ["id"]),
        "multiformatMessageString": Definition(properties: ["text": .string(), "markdown": .string()], required: ["text"]),
        "result": Definition(
            properties: [
                "ruleId": .string(), "ruleIndex": .integer(minimum: -1),
                "level": .string(oneOf: ["none", "note", "warning", "error"]), "message": .object("message"),
                "locations": .array(.object("location")), "relatedLocations": .array(.object("location")),
                "partialFingerprints": .stringMap,
            ],
            required: ["message"]),
        "message": Definition(
            properties: ["text": .string(), "markdown": .string(), "id": .string()],
            anyOfRequired: [["text"], ["id"]]),
        "location": Definition(
            properties: ["id": .integer(minimum: -1), "physicalLocation": .object("physicalLocation"), "message": .object("message")]),
        "physicalLocation": Definition(
            properties: ["artifactLocation": .object("artifactLocation"), "region": .object("region")],
            anyOfRequired: [["address"], ["artifactLocation"]]),
        "artifactLocation": Definition(properties: ["uri": .string(), "uriBaseId": .string(), "index": .integer(minimum: -1)]),
        "region": Definition(
            properties: [
                "startLine": .integer(minimum: 1), "startColumn": .integer(minimum: 1), "endLine": .integer(minimum: 1),
                "endColumn": .integer(minimum: 1),
            ],
            anyOfRequired: [["startLine"], ["charOffset"], ["byteOffset"]]),
    ]

    /// The schema violations of a parsed log, as `path: problem` lines (empty when it conforms).
    static func violations(of log: Any) -> [String] {
        var problems: [String] = []
        check(log, against: .object("sarifLog"), at: "$", into: &problems)
        return problems
    }

    private static func check(_ value: Any, against rule: Value, at path: String, into problems: inout [String]) {
        switch rule {
        case .string(let oneOf):
            guard let text = value as? String else { return problems.append("\(path): expected a string") }
            if let oneOf, !oneOf.contains(text) { problems.append("\(path): `\(text)` is not one of \(oneOf)") }
        case .integer(let minimum):
            // (Foundation on Linux bridges a JSON 0 or 1 to `Bool` as well, so the dynamic type tells them apart.)
            guard let number = value as? Int, !(type(of: value) is Bool.Type) else {
                return problems.append("\(path): expected an integer")
            }
            if let minimum, number < minimum { problems.append("\(path): \(number) is below \(minimum)") }
        case .array(let element):
            guard let items = value as? [Any] else { return problems.append("\(path): expected an array") }
            for (index, item) in items.enumerated() { check(item, against: element, at: "\(path)[\(index)]", into: &problems) }
        case .stringMap:
            guard let object = value as? [String: Any] else { return problems.append("\(path): expected an object") }
            for (key, item) in object where !(item is String) { problems.append("\(path).\(key): expected a string") }
        case .map(let name):
            guard let object = value as? [String: Any] else { return problems.append("\(path): expected an object") }
            for (key, item) in object { check(item, against: .object(name), at: "\(path).\(key)", into: &problems) }
        case .object(let name):
            guard let object = value as? [String: Any] else { return problems.append("\(path): expected an object (\(name))") }
            guard let definition = definitions[name] else { return problems.append("\(path): no definition \(name)") }
            for key in definition.required where object[key] == nil { problems.append("\(path): `\(key)` is required (\(name))") }
            if !definition.anyOfRequired.isEmpty, !definition.anyOfRequired.contains(where: { $0.allSatisfy { object[$0] != nil } }) {
                problems.append("\(path): one of \(definition.anyOfRequired) is required (\(name))")
            }
            for (key, item) in object {
                guard let property = definition.properties[key] else {
                    problems.append("\(path): `\(key)` is not a property of \(name)")
                    continue
                }
                check(item, against: property, at: "\(path).\(key)", into: &problems)
            }
        }
    }
}
