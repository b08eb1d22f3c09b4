@testable import EVDLDriver
import Testing

@Suite("Input collection")
struct InputCollectionTests {
    @Test("directories are searched recursively, sorted, skipping hidden directories and other extensions")
    func recursiveSorted() throws {
        let dir = try TemporaryDirectory()
        for name in ["Specs/b.evdl", "Specs/a.evdl", "Specs/Sub/c.evdl", "Specs/Sub/z/d.evdl", "Specs/.build/x.evdl",
                     "Specs/.hidden.evdl", "Specs/notes.md", "Specs/A.evdl"] {
            try dir.write(name, "")
        }
        let context = DriverContext(standardOutput: StringSink(), standardError: StringSink(), currentDirectory: dir.path)
        let inputs = InputCollector(context: context).collect(["Specs"])
        let paths = inputs.specFiles.map { inputs.sources[$0].path }
        #expect(paths == ["Specs/A.evdl", "Specs/Sub/c.evdl", "Specs/Sub/z/d.evdl", "Specs/a.evdl", "Specs/b.evdl"])
        #expect(inputs.diagnostics.isEmpty)
    }

    @Test("a file reached twice is read once; explicit files need no `.evdl` extension; arguments keep their order")
    func deduplicated() throws {
        let dir = try TemporaryDirectory()
        try dir.write("Specs/a.evdl", "type A {}")
        try dir.write("extra.spec", "")
        let context = DriverContext(standardOutput: StringSink(), standardError: StringSink(), currentDirectory: dir.path)
        let inputs = InputCollector(context: context).collect(["extra.spec", "Specs/", "Specs/a.evdl", "./Specs/a.evdl"])
        #expect(inputs.specFiles.map { inputs.sources[$0].path } == ["extra.spec", "Specs/a.evdl"])
        #expect(inputs.sources[inputs.specFiles[1]].bytes == Array("type A {}".utf8))
    }

    @Test("no path means the current directory")
    func defaultsToCurrentDirectory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("x.evdl", "")
        let context = DriverContext(standardOutput: StringSink(), standardError: StringSink(), currentDirectory: dir.path)
        let inputs = InputCollector(context: context).collect([])
        #expect(inputs.specFiles.map { inputs.sources[$0].path } == ["./x.evdl"])
    }
}
