import Testing
import PTOTestSupport
@testable import PTOFormats

@Suite(.serialized) struct AtomicFileWriterTests {
    let dir = TemporaryDirectory("ptosim-atomic")

    @Test func commitReplacesTheDestinationAtOnce() throws {
        defer { dir.remove() }
        let path = dir.write("out.bin", [9, 9, 9])
        let w = try AtomicFileWriter(destination: path)
        try w.write([1, 2])
        #expect(dir.read("out.bin") == [9, 9, 9], "the old file stays until commit")
        #expect(InterruptCleanup.registeredPaths.contains(w.temporaryPath))
        try w.commit()
        #expect(dir.read("out.bin") == [1, 2])
        #expect(dir.entries() == ["out.bin"])
        #expect(!InterruptCleanup.registeredPaths.contains(w.temporaryPath))
    }

    @Test func abandonedOrDroppedWritersLeaveNothing() throws {
        defer { dir.remove() }
        do {
            let w = try AtomicFileWriter(destination: dir.file("a.bin"))
            try w.write([1])
            w.abandon()
        }
        do {
            let w = try AtomicFileWriter(destination: dir.file("b.bin"))
            try w.write([1])
        }
        #expect(dir.entries().isEmpty)
    }

    /// What the SIGINT handler runs: registered temporary files are deleted (only this test's, since other tests
    /// write files concurrently).
    @Test func interruptCleanupRemovesRegisteredFiles() throws {
        defer { dir.remove() }
        let w = try AtomicFileWriter(destination: dir.file("c.bin"))
        try w.write([1, 2, 3])
        #expect(dir.entries().count == 1)
        InterruptCleanup.removeRegisteredFiles { $0.hasPrefix(dir.path) }
        #expect(dir.entries().isEmpty)
        w.abandon()
    }

    @Test func unwritableDestinationsFailWithTheirPath() {
        defer { dir.remove() }
        #expect(throws: FormatError.self) { try AtomicFileWriter(destination: dir.file("missing/x.bin")) }
        do { _ = try AtomicFileWriter(destination: dir.path) } catch { #expect(error.description.contains("is a directory")) }
    }

    @Test func severalFilesCommitTogether() throws {
        defer { dir.remove() }
        let a = try AtomicFileWriter(destination: dir.file("a")), b = try AtomicFileWriter(destination: dir.file("b"))
        try a.write([1]); try b.write([2])
        try AtomicFileWriter.commit([a, b])
        #expect(dir.entries() == ["a", "b"] && dir.read("b") == [2])
    }
}
