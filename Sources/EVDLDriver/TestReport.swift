import EVDLInterpreter
import EVDLSyntax

/// The results of `evdlc test` in each output format, and as JUnit XML.
struct TestReport {
    let results: [ScenarioResult]
    let diagnostics: [Diagnostic]
    let sources: SourceManager
    let elapsed: Duration

    var passed: Int { results.count { $0.status == .passed } }
    var failed: Int { results.count { $0.status == .failed } }
    var skipped: Int { results.count { $0.status == .skipped } }

    /// `test result: ok. 3 passed, 0 failed, 1 skipped (4 scenarios in 0.002 s)`.
    var summary: String {
        let verdict = failed == 0 ? "ok" : "FAILED"
        return "test result: \(verdict). \(passed) passed, \(failed) failed, \(skipped) skipped (\(results.count) scenario\(results.count == 1 ? "" : "s") in \(seconds(elapsed)) s)\n"
    }

    func render(_ output: DiagnosticOutput) -> String {
        switch output.format {
        case .human:
            var text = HumanDiagnosticRenderer(colors: output.colors).render(diagnostics, sources: sources)
            for r in results {
                let mark = switch r.status { case .passed: "PASS"; case .failed: "FAIL"; case .skipped: "SKIP" }
                text += "\(mark)  \(place(r.span))  \(r.subject): \(r.title)\n"
            }
            return text + summary
        case .plain:
            return PlainDiagnosticRenderer().render(diagnostics, sources: sources) + summary
        case .github:
            return GitHubDiagnosticRenderer().render(diagnostics, sources: sources) + summary
        case .sarif:
            // A failing scenario is a result at its place; the log is the whole output (no summary line after it).
            return SARIFDiagnosticRenderer(currentDirectory: output.currentDirectory).render(diagnostics, sources: sources)
        case .json:
            let scenarios = results.map { r -> String in
                let at = ResolvedLocation(r.span, in: sources)
                let members = [
                    "\"title\":" + JSONDiagnosticRenderer.string(r.title),
                    "\"subject\":" + JSONDiagnosticRenderer.string(r.subject),
                    "\"status\":" + JSONDiagnosticRenderer.string(r.status.rawValue),
                    "\"file\":" + JSONDiagnosticRenderer.string(at.path),
                    "\"line\":\(at.start.line)",
                    "\"column\":\(at.start.column)",
                    "\"expected\":" + JSONDiagnosticRenderer.string(r.expected),
                    "\"actual\":" + JSONDiagnosticRenderer.string(r.actual),
                    "\"differences\":[" + r.differences.map(JSONDiagnosticRenderer.string).joined(separator: ",") + "]",
                ]
                return "    {" + members.joined(separator: ",") + "}"
            }
            let diagnosticsJSON = JSONDiagnosticRenderer().render(diagnostics, sources: sources)
                .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ")
            return "{\n  \"summary\":{\"passed\":\(passed),\"failed\":\(failed),\"skipped\":\(skipped),\"seconds\":\(seconds(elapsed))},\n"
                + "  \"scenarios\":[\n" + scenarios.joined(separator: ",\n") + (scenarios.isEmpty ? "" : "\n") + "  ],\n"
                + "  \"diagnostics\":" + diagnosticsJSON.trimmingTrailingWhitespace() + "\n}\n"
        }
    }

    /// JUnit XML: one `testsuite` per subject (`aggregate Order`, …), one `testcase` per scenario.
    func junit() -> String {
        var suites: [(String, [ScenarioResult])] = []
        for r in results {
            if let i = suites.firstIndex(where: { $0.0 == r.subject }) { suites[i].1.append(r) } else { suites.append((r.subject, [r])) }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"evdlc test\" tests=\"\(results.count)\" failures=\"\(failed)\" skipped=\"\(skipped)\" time=\"\(seconds(elapsed))\">\n"
        for (subject, cases) in suites {
            let f = cases.count { $0.status == .failed }, s = cases.count { $0.status == .skipped }
            xml += "  <testsuite name=\"\(xmlEscaped(subject))\" tests=\"\(cases.count)\" failures=\"\(f)\" skipped=\"\(s)\">\n"
            for r in cases {
                let at = ResolvedLocation(r.span, in: sources)
                xml += "    <testcase name=\"\(xmlEscaped(r.title))\" classname=\"\(xmlEscaped(subject))\" file=\"\(xmlEscaped(at.path))\" line=\"\(at.start.line)\""
                switch r.status {
                case .passed:
                    xml += "/>\n"
                case .skipped:
                    xml += ">\n      <skipped message=\"\(xmlEscaped(r.diagnostic?.message ?? "skipped"))\"/>\n    </testcase>\n"
                case .failed:
                    let text = r.diagnostic.map { PlainDiagnosticRenderer().render([$0], sources: sources) } ?? ""
                    xml += ">\n      <failure message=\"\(xmlEscaped(r.diagnostic?.message ?? "failed"))\">\(xmlEscaped(text))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private func place(_ span: Span) -> String {
        let at = ResolvedLocation(span, in: sources)
        return "\(at.path):\(at.start.line):\(at.start.column)"
    }

    private func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        let millis = Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    private func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            default:
                // XML 1.0 allows no other control characters.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\r" { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == " " { s.removeLast() }
        return String(s)
    }
}
