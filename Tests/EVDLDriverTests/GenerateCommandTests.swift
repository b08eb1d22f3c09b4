@testable import EVDLDriver
import EVDLGenerator
import Foundation
import Testing

@Suite("evdlc generate")
struct GenerateCommandTests {
    private func modificationDate(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test("the writer creates the directory, then rewrites only files whose content changed")
    func writesOnlyChangedFiles() throws {
        let dir = try TemporaryDirectory()
        let out = dir.path + "/Generated/Nested"
        let writer = GeneratedFileWriter(directory: out, displayDirectory: "Generated/Nested")
        let first = [GeneratedFile(name: "a.evdl.swift", contents: "let a = 1\n"), GeneratedFile(name: "b.evdl.swift", contents: "let b = 1\n")]
        #expect(writer.write(first) == WriteReport(written: ["a.evdl.swift", "b.evdl.swift"]))

        // Push the dates into the past so that a rewrite would be visible.
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        for name in ["a.evdl.swift", "b.evdl.swift"] {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: out + "/" + name)
        }
        #expect(writer.write(first) == WriteReport(unchanged: ["a.evdl.swift", "b.evdl.swift"]))
        #expect(try modificationDate(out + "/a.evdl.swift") == past)

        let second = [first[0], GeneratedFile(name: "b.evdl.swift", contents: "let b = 2\n")]
        #expect(writer.write(second) == WriteReport(written: ["b.evdl.swift"], unchanged: ["a.evdl.swift"]))
        #expect(try modificationDate(out + "/a.evdl.swift") == past)
        #expect(try modificationDate(out + "/b.evdl.swift") != past)
        #expect(try String(contentsOfFile: out + "/b.evdl.swift", encoding: .utf8) == "let b = 2\n")
    }

    @Test("a named pipe at an output path is replaced without being opened; long names and permissions are kept")
    func pipesLongNamesAndPermissions() throws {
        let dir = try TemporaryDirectory()
        let out = dir.path + "/Generated"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(mkfifo(out + "/a.evdl.swift", 0o644) == 0)
        let long = String(repeating: "n", count: 240) + ".swift"  // 246 bytes: legal, with no room for a suffix
        let writer = GeneratedFileWriter(directory: out, displayDirectory: "Generated")
        let files = [GeneratedFile(name: "a.evdl.swift", contents: "let a = 1\n"), GeneratedFile(name: long, contents: "let n = 1\n")]
        #expect(writer.write(files) == WriteReport(written: ["a.evdl.swift", long]))
        #expect(try String(contentsOfFile: out + "/a.evdl.swift", encoding: .utf8) == "let a = 1\n")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: out + "/" + long)[.posixPermissions] as? Int)
        let mask = umask(0)
        umask(mask)
        #expect(mode == 0o666 & ~Int(mask))
        // Nothing but the outputs is left in the directory (no temporary files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.evdl.swift", long].sorted())
    }

    @Test("an output path that is a file is EVDL0904 and status 2")
    func outputIsAFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.evdl", "")
        try dir.write("Out", "i am a file")
        let run = runDriver(["generate", "a.evdl", "--output", "Out", "--format", "plain"], in: dir.path)
        #expect(run.status == .usage)
        #expect(run.output == "evdlc: error: cannot write `Out`: it is a file, not a directory [EVDL0904]\n")
    }

    @Test("errors in the inputs mean nothing is written and status 1 (or 2 for unreadable input)")
    func errorsWriteNothing() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/Empty", withIntermediateDirectories: true)
        let strict = runDriver(["generate", "Empty", "-o", "Out", "--warnings-as-errors"], in: dir.path)
        #expect(strict.status == .findings)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Out"))
        let missing = runDriver(["generate", "missing.evdl", "--output=Out"], in: dir.path)
        #expect(missing.status == .usage)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Out"))
    }

    @Test("a clean run creates the output directory and says what it wrote in human format")
    func cleanRun() throws {
        let dir = try TemporaryDirectory()
        try dir.write("Specs/types.evdl", "")
        let run = runDriver(["generate", "Specs", "--output", "Out", "--access", "public", "--format", "human"], in: dir.path)
        #expect(run.status == .success)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/Out"))
        #expect(run.output.hasPrefix("generated "))
        #expect(run.output.contains("into `Out`"))
    }
}
