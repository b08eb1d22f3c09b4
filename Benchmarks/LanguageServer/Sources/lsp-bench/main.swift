import EVDLLanguageServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Re-checking after a keystroke: a module of 5,000+ lines is open in the server; each "keystroke" is an
// incremental `didChange` that types or deletes one character inside a `decide` body (alternately breaking and
// fixing a name), and the time is what `handle` takes to apply it, re-parse the changed file, re-check the whole
// module and build the `publishDiagnostics` notifications. Then the same for hover and definition right after a
// keystroke (which also build the symbol index of the changed module).

struct Files: WorkspaceFiles {
    var texts: [String: String]
    func specFiles(under directory: String) -> [String] { texts.keys.sorted() }
    func contents(of path: String) -> [UInt8]? { texts[path].map { Array($0.utf8) } }
}

func milliseconds(_ d: Duration) -> Double {
    let (s, a) = d.components
    return Double(s) * 1000 + Double(a) / 1e15
}

/// The thread's CPU time in milliseconds (on a shared machine the steadier figure: wall time includes waiting).
func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
}

/// Wall and CPU milliseconds of a closure.
func measure(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let clock = ContinuousClock()
    let cpuStart = cpuMilliseconds()
    let wall = clock.measure(body)
    return (milliseconds(wall), cpuMilliseconds() - cpuStart)
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    func pick(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] }
    func f(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return "\(r)"
    }
    return "median \(f(pick(0.5))) ms, p90 \(f(pick(0.9))) ms, max \(f(sorted.last!)) ms (\(samples.count) samples)"
}

func run(aggregates: Int, files fileCount: Int, keystrokes: Int) {
    let texts = SpecGenerator.module(aggregates: aggregates, files: fileCount)
    var files: [String: String] = [:]
    for (i, text) in texts.enumerated() { files["/bench/spec\(i).evdl"] = text }
    let lines = texts.reduce(0) { $0 + $1.split(separator: "\n", omittingEmptySubsequences: false).count - 1 }
    let server = LanguageServer(files: Files(texts: files))
    func send(_ json: JSON) -> [JSON] { server.handle(json) }
    _ = send(["jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": ["capabilities": [:], "workspaceFolders": [["uri": "file:///bench", "name": "bench"]]]])
    // Open the file holding the middle aggregate.
    let target = (aggregates / 2) * fileCount / aggregates
    let uri = "file:///bench/spec\(target).evdl"
    let text = texts[target]
    let opened = send(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                       "params": ["textDocument": ["uri": .string(uri), "languageId": "evdl", "version": 1, "text": .string(text)]]])
    let problems = opened.flatMap { $0["params"]?["diagnostics"]?.array ?? [] }
    guard problems.isEmpty else {
        print("the generated module does not check clean: \(problems.first!.serialized)")
        return
    }
    // The keystroke: after `let count = items.count` of the first decide in the file, add or remove an `x`
    // (`items.countx` is an error, so every other keystroke publishes a diagnostic).
    let document = TextDocument(uri: uri, version: 1, text: text)
    let anchor = Array("let count = items.count".utf8)
    let bytes = document.bytes
    var at = 0
    while at + anchor.count <= bytes.count, Array(bytes[at..<(at + anchor.count)]) != anchor { at += 1 }
    let end = document.position(of: at + anchor.count)
    var version = 1
    var samples: [Double] = []
    var cpuSamples: [Double] = []
    var withError = 0
    for k in 0..<keystrokes {
        version += 1
        let typing = k % 2 == 0
        let range = typing ? TextRange(start: end, end: end) : TextRange(start: end, end: Position(line: end.line, character: end.character + 1))
        let change: JSON = ["jsonrpc": "2.0", "method": "textDocument/didChange",
                            "params": ["textDocument": ["uri": .string(uri), "version": .int(version)],
                                       "contentChanges": [["range": range.json, "text": .string(typing ? "x" : "")]]]]
        var out: [JSON] = []
        let elapsed = measure { out = send(change) }
        samples.append(elapsed.wall)
        cpuSamples.append(elapsed.cpu)
        if out.contains(where: { !($0["params"]?["diagnostics"]?.array ?? []).isEmpty }) { withError += 1 }
    }
    print("\(lines) lines in \(fileCount) file(s), \(aggregates) aggregates; the edited file has \(text.utf8.count) bytes")
    print("  keystroke → diagnostics published, CPU:  \(summary(cpuSamples)); \(withError) of \(keystrokes) published an error")
    print("  keystroke → diagnostics published, wall: \(summary(samples))")
    // Hover and definition right after a keystroke: the first request after a change builds the symbol index.
    var hovers: [Double] = []
    var definitions: [Double] = []
    let name = document.position(of: at + "let count = ".utf8.count + 1)
    for k in 0..<(keystrokes / 4) {
        version += 1
        let typing = k % 2 == 0
        let range = typing ? TextRange(start: end, end: end) : TextRange(start: end, end: Position(line: end.line, character: end.character + 1))
        _ = send(["jsonrpc": "2.0", "method": "textDocument/didChange",
                  "params": ["textDocument": ["uri": .string(uri), "version": .int(version)],
                             "contentChanges": [["range": range.json, "text": .string(typing ? "x" : "")]]]])
        let params: JSON = ["textDocument": ["uri": .string(uri)], "position": name.json]
        var answer: [JSON] = []
        hovers.append(measure { answer = send(["jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": params]) }.cpu)
        if answer.first?["result"] == .null { print("hover found nothing"); return }
        definitions.append(measure { answer = send(["jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": params]) }.cpu)
        if answer.first?["result"] == .null { print("definition found nothing"); return }
    }
    print("  hover, first request after a keystroke (builds the index), CPU: \(summary(hovers))")
    print("  definition, next request (index reused), CPU: \(summary(definitions))")
}

let arguments = CommandLine.arguments.dropFirst()
let keystrokes = arguments.compactMap { Int($0) }.first ?? 200
print("evdlc lsp: re-checking after a keystroke (goal: under 20 ms for a 5,000-line module)")
if arguments.contains("--phases") {
    phases(aggregates: 136, files: 1, rounds: 30)
    phases(aggregates: 136, files: 10, rounds: 30)
}
run(aggregates: 136, files: 1, keystrokes: keystrokes)
run(aggregates: 136, files: 10, keystrokes: keystrokes)
run(aggregates: 272, files: 20, keystrokes: keystrokes)
