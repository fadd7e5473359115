import Testing
import PTONumerics
import PTOTestSupport
@testable import PTOFormats
#if canImport(Glibc)
import Glibc
#endif

/// Where outputs may not go, and what a failed write leaves behind (nothing).
@Suite struct OutputDestinationTests {
    let dir = TemporaryDirectory("ptosim-dest")

    /// Renaming over a device node or a FIFO would replace the node itself (root may): refused before any write.
    @Test func specialFilesAreNeverReplaced() throws {
        defer { dir.remove() }
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: FormatError(.io, "\(fifo): is a FIFO, not a regular file; give a file path to write to")) {
            try AtomicFileWriter(destination: fifo)
        }
        #expect(throws: FormatError(.io, "/dev/null: is a character device, not a regular file; give a file path to write to")) {
            try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("x", Tensor(i32: [1], shape: [1]))]), to: "/dev/null")
        }
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
        #expect(dir.entries() == ["pipe"])
    }

    /// A destination that is a symbolic link replaces the file it points to, and the link stays.
    @Test func symbolicLinksAreWrittenThrough() throws {
        defer { dir.remove() }
        dir.write("target.bin", [1])
        #expect(symlink(dir.file("target.bin"), dir.file("link.bin")) == 0)
        let w = try AtomicFileWriter(destination: dir.file("link.bin"))
        try w.write([7, 8])
        try w.commit()
        #expect(dir.read("target.bin") == [7, 8])
        var st = stat()
        #expect(lstat(dir.file("link.bin"), &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
        #expect(dir.entries() == ["link.bin", "target.bin"])
    }

    /// A full disk: /dev/full fails every write with ENOSPC, reported with the destination's name.
    @Test func writeErrorsNameTheFileAndTheOSReason() {
        let fd = open("/dev/full", O_WRONLY)
        guard fd >= 0 else { return }  // no /dev/full on this OS
        defer { close(fd) }
        let bytes: [UInt8] = [1, 2, 3]
        #expect(throws: FormatError(.io, "out.safetensors: write failed: No space left on device")) {
            try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0.baseAddress!, count: 3, path: "out.safetensors") }
        }
    }

    /// A .npy set that fails part-way leaves neither its files nor the directory it created.
    @Test func failedNPYDirectoryLeavesNothing() {
        defer { dir.remove() }
        let out = dir.file("set")
        #expect(throws: FormatError.self) {
            try NPYDirectory.write([("a", Tensor(f32: [1], shape: [1])), ("no/such/dir", Tensor(f32: [2], shape: [1]))],
                                   metadata: [:], to: out)
        }
        #expect(dir.entries().isEmpty)
    }

    /// Names and header text quoted from a file cannot break the one-line message.
    @Test func hostileNamesStayOnOneLine() {
        defer { dir.remove() }
        let header = #"{"a\nb\u001b[2J":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#
        let path = dir.write("bad.safetensors", SafeTensorsBytes.file(header: header, data: [0, 0]))
        #expect(throws: FormatError(.unsupportedDType, "\(path): tensor 'a\\nb\\u{1B}[2J': dtype F16 is not supported "
                                    + "(expected BF16, F32, I32 or I64)")) {
            try SafeTensorsReader.read(path)
        }
        let npy = NPYTests.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)\n\u{7}, }", data: [0, 0, 0, 0])
        do {
            _ = try NPYFile.read(dir.write("bad.npy", npy))
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .malformedHeader && !error.description.contains("\n") && error.description.contains("\\u{7}"))
        }
    }
}
