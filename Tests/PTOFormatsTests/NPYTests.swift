import Testing
import PTONumerics
import PTOTestSupport
@testable import PTOFormats

@Suite struct NPYTests {
    let dir = TemporaryDirectory("ptosim-npy")

    @Test func roundTripEachDType() throws {
        defer { dir.remove() }
        for (name, t) in [("f", Tensor(f32: [1, -2, 3.5], shape: [3, 1])), ("i", Tensor(i32: [5, -6], shape: [2])),
                          ("l", Tensor(i64: [128, -1, Int64.max], shape: [3])),
                          ("b", Tensor(bf16Bits: [0x3F80, 0xBF00, 0, 0x7F80], shape: [2, 2])),
                          ("s", Tensor(f32: [4], shape: []))] {
            try NPYFile.write(t, to: dir.file("\(name).npy"))
            #expect(try NPYFile.read(dir.file("\(name).npy")).isBitwiseEqual(to: t), "\(name)")
        }
    }

    /// Preamble layout: magic, version 1.0, little-endian length, dict, padded so data starts at a multiple of 64
    /// (128 bytes here, as `np.save` writes for a 1-D array).
    @Test func headerLayoutIsExact() throws {
        let bytes = NPYHeader(descr: "<u2", shape: [3]).encoded()
        #expect(bytes.count == 128)  // 10-byte prefix + 58-byte dict + newline, padded to 64
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == 118)
        let text = String(decoding: bytes[10...], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<u2', 'fortran_order': False, 'shape': (3,), }"))
        #expect(text.hasSuffix(" \n"))
    }

    @Test func readsVersion2HeadersAndOtherSpellings() throws {
        defer { dir.remove() }
        let dict = Array(#"{"shape": (2L,), "fortran_order": False, "descr": "<i4"}"#.utf8) + [0x0A]
        let n = UInt32(dict.count)
        let bytes = [0x93] + Array("NUMPY".utf8) + [2, 0] + (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * UInt32($0))) }
            + dict + [9, 0, 0, 0, 0xF6, 0xFF, 0xFF, 0xFF]
        let t = try NPYFile.read(dir.write("v2.npy", bytes))
        #expect(t.shape == [2] && t.i32[0] == 9 && t.i32[1] == -10)
    }

    static func npy(_ dict: String, data: [UInt8], version: UInt8 = 1, magic: String = "NUMPY") -> [UInt8] {
        let d = Array(dict.utf8) + [0x0A]
        return [0x93] + Array(magic.utf8) + [version, 0, UInt8(d.count & 0xFF), UInt8(d.count >> 8)] + d + data
    }

    static let broken: [(String, [UInt8], FormatError.Kind)] = [
        ("magic", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0], magic: "NUMPX"), .badMagic),
        ("version", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0], version: 9), .unsupportedVersion),
        ("header", npy("{'descr': '<f4', 'fortran_order': False, 'shape': [1], }", data: [0, 0, 0, 0]), .malformedHeader),
        ("missing key", npy("{'descr': '<f4', 'shape': (1,), }", data: [0, 0, 0, 0]), .malformedHeader),
        ("fortran", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: [0, 0, 0, 0]), .fortranOrder),
        ("dtype", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]), .unsupportedDType),
        ("short data", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 0, 0]), .truncated),
        ("long data", npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0, 0]), .sizeMismatch),
        ("short preamble", [0x93, 0x4E], .truncated),
    ]

    @Test(arguments: broken.indices)
    func malformedFilesGiveTheirOwnError(_ index: Int) {
        defer { dir.remove() }
        let (label, bytes, kind) = Self.broken[index]
        let path = dir.write("bad.npy", bytes)
        do {
            _ = try NPYFile.read(path)
            Issue.record("\(label): accepted")
        } catch {
            #expect(error.kind == kind, "\(label): \(error)")
            #expect(error.description.hasPrefix(path))
        }
    }

    @Test func directoryOfArraysWithMetadata() throws {
        defer { dir.remove() }
        let out = dir.file("set")
        try NPYDirectory.write([("a", Tensor(f32: [1, 2], shape: [2]))], metadata: ["seed": "3"], to: out)
        #expect(try NPYDirectory.read(out, names: ["a", "absent"])["a"]?.floatArray() == [1, 2])
        #expect(try NPYDirectory.metadata(out) == ["seed": "3"])
    }
}
