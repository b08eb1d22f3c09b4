import EVDLSema
import EVDLSyntax

/// Field-level differences between expected and actual messages or rows.
enum Differences {
    static func messages(expected: [Value.Fields], actual: [Value.Fields], noun: String) -> [String] {
        var lines: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let place = "\(noun) #\(i + 1)"
            switch (i < expected.count ? expected[i] : nil, i < actual.count ? actual[i] : nil) {
            case (let e?, let a?) where e.typeName != a.typeName:
                lines.append("\(place): expected `\(e.typeName)`, got `\(a.typeName)`")
            case (let e?, let a?):
                for (n, name) in e.names.enumerated() {
                    let ev = e.values[n]
                    let av = a[name] ?? .none
                    if ev != av {
                        lines.append("\(place) `\(e.typeName)`: `\(name)` expected \(ValueText.canonical(ev)), got \(ValueText.canonical(av))")
                    }
                }
            case (let e?, nil):
                lines.append("\(place): expected \(ValueText.messageLine(e)), but there is none")
            case (nil, let a?):
                lines.append("\(place): unexpected \(ValueText.messageLine(a))")
            case (nil, nil):
                break
            }
        }
        return lines
    }
}
