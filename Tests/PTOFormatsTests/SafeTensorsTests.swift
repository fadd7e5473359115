import Testing
import PTONumerics
import PTOTestSupport
@testable import PTOFormats

/// Hand-assembled safetensors files: a header JSON and a data section, for both valid and broken layouts.
enum SafeTensorsBytes {
    static func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        let n = declaredLength ?? UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + json + data
    }
}

@Suite struct SafeTensorsTests {
    let dir = TemporaryDirectory("ptosim-st")

    @Test func roundTripKeepsBytesShapesAndMetadata() throws {
        defer { dir.remove() }
        let f = Tensor(f32: [1.5, -2, .infinity, 0], shape: [2, 2])
        let b = Tensor(bf16Bits: [0x3F80, 0xC000, 0x7FC0], shape: [3])
        let i = Tensor(i32: [7, -1], shape: [1, 2])
        let l = Tensor(i64: [128, 2, -3, 4], shape: [4])
        let empty = Tensor(dtype: .f32, shape: [0, 4])
        let path = dir.file("t.safetensors")
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("b", b), ("f", f), ("i", i), ("l", l), ("e", empty)],
                                                    metadata: ["scale": "1.0", "q\"uote": "x\ny"]), to: path)
        let back = try SafeTensorsReader.read(path)
        #expect(back.metadata == ["scale": "1.0", "q\"uote": "x\ny"])
        #expect(Set(back.names) == ["b", "f", "i", "l", "e"])
        for (name, t) in [("b", b), ("f", f), ("i", i), ("l", l), ("e", empty)] {
            #expect(back[name]?.isBitwiseEqual(to: t) == true, "\(name)")
        }
        #expect(dir.entries() == ["t.safetensors"], "no temporary file may remain")
    }

    /// The exact bytes of a one-tensor file: length, padded header, data (checked by hand against the format).
    @Test func headerBytesAreExact() throws {
        defer { dir.remove() }
        let path = dir.file("one.safetensors")
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("x", Tensor(i32: [1, 2], shape: [2]))]), to: path)
        let header = #"{"x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}"#  // 54 bytes, padded to 56
        let expected = [56, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [32, 32] + [1, 0, 0, 0, 2, 0, 0, 0]
        #expect(dir.read("one.safetensors") == expected)
    }

    /// A tensor at an offset not aligned for its dtype is copied, and reads correctly.
    @Test func misalignedTensorIsCopied() throws {
        defer { dir.remove() }
        let header = #"{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        let path = dir.write("m.safetensors", SafeTensorsBytes.file(header: padded, data: [0x80, 0x3F, 0, 0, 0x40, 0x40]))
        let t = try SafeTensorsReader.read(path)
        #expect(t["a"]?.floatValue(at: 0) == 1 && t["b"]?.floatValue(at: 0) == 3)
    }

    static let broken: [(String, [UInt8], FormatError.Kind)] = [
        ("short", [1, 2, 3], .truncated),
        ("length past end", SafeTensorsBytes.file(header: "{}", data: [], declaredLength: 99), .truncated),
        ("not json", SafeTensorsBytes.file(header: "{nope}", data: []), .malformedHeader),
        ("array header", SafeTensorsBytes.file(header: "[1,2]", data: []), .invalidHeader),
        ("metadata not strings", SafeTensorsBytes.file(header: #"{"__metadata__":{"a":1}}"#, data: []), .invalidHeader),
        ("f16", SafeTensorsBytes.file(header: #"{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: [0, 0]), .unsupportedDType),
        ("size", SafeTensorsBytes.file(header: #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), .sizeMismatch),
        ("backwards", SafeTensorsBytes.file(header: #"{"x":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, data: []), .offsetOutOfRange),
        ("out of range", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"I32","shape":[1],"data_offsets":[100,104]}}"#, data: [0, 0, 0, 0, 0, 0, 0, 0]), .offsetOutOfRange),
        ("cut data", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0]), .truncated),
        ("overlap", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"I32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8)), .overlappingTensors),
        ("same offset", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 4)), .overlappingTensors),
        ("gap", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8)), .uncoveredBytes),
        ("trailing", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 6)), .uncoveredBytes),
        ("duplicate", SafeTensorsBytes.file(header: #"{"x":{"dtype":"I32","shape":[0],"data_offsets":[0,0]},"x":{"dtype":"I32","shape":[0],"data_offsets":[0,0]}}"#, data: []), .duplicateTensor),
        ("huge shape", SafeTensorsBytes.file(header: #"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), .sizeMismatch),
        ("bad shape", SafeTensorsBytes.file(header: #"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), .invalidHeader),
    ]

    @Test(arguments: broken.indices)
    func malformedFilesGiveTheirOwnError(_ index: Int) {
        defer { dir.remove() }
        let (label, bytes, kind) = Self.broken[index]
        let path = dir.write("bad.safetensors", bytes)
        do {
            _ = try SafeTensorsReader.read(path)
            Issue.record("\(label): accepted")
        } catch {
            #expect(error.kind == kind, "\(label): \(error)")
            #expect(error.description.hasPrefix(path), "\(label): message must name the file: \(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingFileAndDirectoryAreIOErrors() {
        defer { dir.remove() }
        #expect(throws: FormatError.self) { try SafeTensorsReader.read(dir.file("absent")) }
        do { _ = try SafeTensorsReader.read(dir.path) } catch { #expect(error.kind == .io) }
    }

    @Test func readsTheFixtureHeaders() throws {
        let header = try SafeTensorsReader.header(Fixtures.path("varlen_q16_bs128"))
        let query = try #require(header.entries.first { $0.name == "query" })
        #expect(query.dtype == .bf16 && query.shape == [5, 16, 128])
        #expect(header.metadata["seed"] == "7")
    }
}

@Suite struct SafeTensorsMappedWriterTests {
    let dir = TemporaryDirectory("ptosim-mapped")

    /// Filling the mapped tensors gives byte for byte the file `SafeTensorsWriter` writes for the same tensors.
    @Test func buildsTheSameBytesAsTheStreamingWriter() throws {
        defer { dir.remove() }
        let specs: [SafeTensorsWriter.Spec] = [("b", .bf16, [3]), ("f", .f32, [2, 2]), ("i", .i32, [1])]
        let metadata = ["params": "{\"a\":1}"]
        let builder = try SafeTensorsMappedWriter(destination: dir.file("m.safetensors"), tensors: specs, metadata: metadata)
        let b = builder.tensor("b"), f = builder.tensor("f"), i = builder.tensor("i")
        for k in 0..<3 { b.bf16[k] = UInt16(0x3F80 + k) }
        for k in 0..<4 { f.f32[k] = Float(k) - 1.5 }
        i.i32[0] = -9
        #expect(dir.entries().count == 1 && dir.entries()[0].hasPrefix(".m.safetensors.tmp-"), "only a temporary file before commit")
        try builder.commit()
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("b", b), ("f", f), ("i", i)], metadata: metadata),
                                    to: dir.file("s.safetensors"))
        #expect(dir.read("m.safetensors") == dir.read("s.safetensors"))
        #expect(dir.entries() == ["m.safetensors", "s.safetensors"])
        #expect(f.f32[3] == 1.5, "tensors stay valid after commit")
    }

    @Test func abandonedBuildLeavesNothing() throws {
        defer { dir.remove() }
        do {
            let builder = try SafeTensorsMappedWriter(destination: dir.file("x.safetensors"), tensors: [("a", .f32, [4])], metadata: [:])
            builder.tensor("a").f32[0] = 1
        }
        #expect(dir.entries().isEmpty)
    }
}
