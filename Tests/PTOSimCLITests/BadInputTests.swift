import Foundation
import PTOTestSupport
import Testing

/// A tiny valid paged-attention input set, as raw safetensors parts that tests corrupt one at a time:
/// batch 1, 16 heads, head_dim 128, block 64, context 100 (two blocks), caches of 2 blocks.
enum TinyInputs {
    typealias Entry = (name: String, dtype: String, shape: [Int], data: [UInt8])

    static func bf16(_ count: Int) -> [UInt8] { (0..<count).flatMap { i -> [UInt8] in [UInt8(i % 128), 0x3E] } }
    static func i32(_ values: [Int32]) -> [UInt8] { values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } } }

    static var entries: [Entry] {
        [("query", "BF16", [1, 16, 128], bf16(16 * 128)), ("key_cache", "BF16", [2, 64, 1, 128], bf16(2 * 64 * 128)),
         ("value_cache", "BF16", [2, 64, 1, 128], bf16(2 * 64 * 128)), ("block_table", "I32", [1, 2], i32([1, 0])),
         ("context_lens", "I32", [1], i32([100]))]
    }

    /// The safetensors bytes of `entries` (offsets laid out in order unless `offsets` overrides one entry's).
    static func file(_ entries: [Entry] = entries, metadata: String? = nil, offsets: [String: (Int, Int)] = [:],
                     headerOverride: String? = nil, declaredLength: UInt64? = nil, cutData: Int = 0) -> [UInt8] {
        var parts: [String] = metadata.map { [#""__metadata__":\#($0)"#] } ?? []
        var data: [UInt8] = []
        for e in entries {
            let range = offsets[e.name] ?? (data.count, data.count + e.data.count)
            let shape = e.shape.map(String.init).joined(separator: ",")
            parts.append(#""\#(e.name)":{"dtype":"\#(e.dtype)","shape":[\#(shape)],"data_offsets":[\#(range.0),\#(range.1)]}"#)
            data += e.data
        }
        let header = Array((headerOverride ?? "{" + parts.joined(separator: ",") + "}").utf8)
        let n = declaredLength ?? UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + header + data.dropLast(cutData)
    }

    static func replacing(_ name: String, dtype: String? = nil, shape: [Int]? = nil, data: [UInt8]? = nil) -> [Entry] {
        entries.map { e in
            e.name == name ? (e.name, dtype ?? e.dtype, shape ?? e.shape, data ?? e.data) : e
        }
    }

    /// A `.npy` file: magic, version, 2-byte header length, the dict and the data.
    static func npy(_ dict: String, data: [UInt8], version: UInt8 = 1, magic: [UInt8] = Array("NUMPY".utf8)) -> [UInt8] {
        let d = Array(dict.utf8) + [0x0A]
        return [0x93] + magic + [version, 0, UInt8(d.count & 0xFF), UInt8(d.count >> 8)] + d + data
    }

    /// The input set as a directory of `.npy` files with `query.npy` replaced by `query`.
    static func npyDirectory(in dir: TemporaryDirectory, query: [UInt8]) -> String {
        let set = dir.file("set")
        mkdir(set, 0o755)
        for e in entries {
            let descr = e.dtype == "I32" ? "<i4" : "<u2"
            let shape = e.shape.map(String.init).joined(separator: ", ") + (e.shape.count == 1 ? "," : "")
            dir.write("set/\(e.name).npy", e.name == "query" ? query
                      : npy("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(shape)), }", data: e.data))
        }
        return set
    }
}

/// Every bad input the issue lists, through the built binary: exit code 2, one line `ptosim: error: <message>` on
/// stderr naming the problem, nothing on stdout, no file left behind, and all within seconds.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let make: @Sendable (TemporaryDirectory) -> [String]
        /// What the one-line message must say; `{dir}` stands for the test's directory.
        let message: String
        var testDescription: String { label }
    }

    static func golden(_ file: @escaping @Sendable () -> [UInt8]) -> @Sendable (TemporaryDirectory) -> [String] {
        { dir in ["golden", "--inputs", dir.write("in.safetensors", file()), "--out", dir.file("out.safetensors")] }
    }

    static func npyQuery(_ bytes: [UInt8]) -> @Sendable (TemporaryDirectory) -> [String] {
        { dir in ["golden", "--inputs", TinyInputs.npyDirectory(in: dir, query: bytes)] }
    }

    static func trace(_ instruction: String, kind: String = "aiv") -> @Sendable (TemporaryDirectory) -> [String] {
        { dir in
            let text = #"{"cores": [{"name": "c", "kind": "\#(kind)", "program": [\#(instruction)]}]}"#
            return ["check", "--trace", dir.write("t.json", Array(text.utf8))]
        }
    }

    static let query = "{'descr': '<u2', 'fortran_order': False, 'shape': (1, 16, 128), }"

    static let cases: [Case] = [
        // safetensors
        Case(label: "truncated data", make: golden { TinyInputs.file(cutData: 3) },
             message: "{dir}/in.safetensors: truncated: tensor 'context_lens' ends at data byte 69644 but the data section holds only 69641 bytes"),
        Case(label: "header length beyond the file", make: golden { TinyInputs.file(declaredLength: 1 << 40) },
             message: "{dir}/in.safetensors: truncated: header length 1099511627776 but only"),
        Case(label: "header JSON not an object", make: golden { TinyInputs.file(headerOverride: #"["query"]"#) },
             message: "{dir}/in.safetensors: header is a JSON array, expected an object"),
        Case(label: "duplicate tensor", make: golden { TinyInputs.file(TinyInputs.entries + [TinyInputs.entries[4]]) },
             message: "{dir}/in.safetensors: tensor 'context_lens' appears twice in the header"),
        Case(label: "overlapping offsets", make: golden { TinyInputs.file(offsets: ["block_table": (69628, 69636)]) },
             message: "{dir}/in.safetensors: tensors 'value_cache' [36864, 69632] and 'block_table' [69628, 69636] overlap"),
        Case(label: "data_offsets out of range", make: golden { TinyInputs.file(offsets: ["context_lens": (70000, 70004)]) },
             message: "{dir}/in.safetensors: tensor 'context_lens': data_offsets [70000, 70004] lie outside the 69644-byte data section"),
        Case(label: "byte count disagrees with shape", make: golden { TinyInputs.file(offsets: ["context_lens": (69640, 69648)]) },
             message: "{dir}/in.safetensors: tensor 'context_lens': I32[1] needs 4 bytes but data_offsets [69640, 69648] hold 8"),
        Case(label: "dtype wrong for its role", make: golden { TinyInputs.file(TinyInputs.replacing("query", dtype: "F32", shape: [1, 16, 64])) },
             message: "{dir}/in.safetensors: tensor 'query' is f32[1, 16, 64], expected bf16 of rank 3"),
        Case(label: "unknown dtype", make: golden { TinyInputs.file(TinyInputs.replacing("query", dtype: "F8_E4M3", shape: [1, 16, 256])) },
             message: "{dir}/in.safetensors: tensor 'query': dtype F8_E4M3 is not supported (expected BF16, F32, I32 or I64)"),
        // .npy
        Case(label: "npy bad magic", make: npyQuery(TinyInputs.npy(query, data: TinyInputs.bf16(2048), magic: Array("NUMPX".utf8))),
             message: "{dir}/set/query.npy: not a .npy file (bad magic string)"),
        Case(label: "npy bad version", make: npyQuery(TinyInputs.npy(query, data: TinyInputs.bf16(2048), version: 7)),
             message: "{dir}/set/query.npy: .npy version 7.0 is not supported (expected 1.0, 2.0 or 3.0)"),
        Case(label: "npy unparsable header", make: npyQuery(TinyInputs.npy("{'descr': '<u2', 'shape': [1, 16, 128]}", data: TinyInputs.bf16(2048))),
             message: "{dir}/set/query.npy: .npy header is not a Python dict literal: {'descr': '<u2', 'shape': [1, 16, 128]}"),
        Case(label: "npy fortran order", make: npyQuery(TinyInputs.npy(query.replacingOccurrences(of: "False", with: "True"), data: TinyInputs.bf16(2048))),
             message: "{dir}/set/query.npy: fortran_order is True; PTOSim reads only C-ordered (row-major) arrays"),
        Case(label: "npy shape × itemsize ≠ data", make: npyQuery(TinyInputs.npy(query, data: TinyInputs.bf16(2047))),
             message: "{dir}/set/query.npy: truncated: shape [1, 16, 128] of '<u2' needs 4096 data bytes but the file holds 4094"),
        // trace JSON
        Case(label: "trace unknown op", make: trace(#"{"op": "set_flg", "src": "MTE2", "dst": "V", "event": 0}"#),
             message: "{dir}/t.json: core 'c' program[0]: unknown op 'set_flg'"),
        Case(label: "trace unknown pipe", make: trace(#"{"op": "TADD", "pipe": "VEC"}"#),
             message: "{dir}/t.json: core 'c' program[0]: unknown pipe 'VEC' in \"pipe\" (expected S, MTE1, MTE2, MTE3, M, V or FIX)"),
        Case(label: "trace unknown space", make: trace(#"{"op": "TADD", "pipe": "V", "reads": [{"space": "L2", "offset": 0, "bytes": 4}]}"#),
             message: "{dir}/t.json: core 'c' program[0]: reads[0]: unknown space 'L2' (expected GM, L1, L0A, L0B, L0C or UB)"),
        Case(label: "trace negative offset", make: trace(#"{"op": "TADD", "pipe": "V", "writes": [{"space": "UB", "offset": -32, "bytes": 4}]}"#),
             message: "{dir}/t.json: core 'c' program[0]: writes[0]: \"offset\" must not be negative, got -32"),
        Case(label: "trace overflowing offset", make: trace(#"{"op": "TLOAD", "pipe": "MTE2", "reads": [{"space": "GM", "offset": 9223372036854775800, "bytes": 64}]}"#),
             message: "{dir}/t.json: core 'c' program[0]: reads[0]: offset 9223372036854775800 + bytes 64 overflows"),
        Case(label: "trace offset beyond int64", make: trace(#"{"op": "TLOAD", "pipe": "MTE2", "reads": [{"space": "GM", "offset": 1e30, "bytes": 64}]}"#),
             message: "{dir}/t.json: core 'c' program[0]: reads[0]: \"offset\" must be an integer, got 1e30"),
        // case inputs
        Case(label: "block id outside the cache", make: golden { TinyInputs.file(TinyInputs.replacing("block_table", data: TinyInputs.i32([1, 2]))) },
             message: "{dir}/in.safetensors: block_table[0, 1] = 2 is outside [0, 2) (request 0 uses its first 2 entries)"),
        Case(label: "negative block id", make: golden { TinyInputs.file(TinyInputs.replacing("block_table", data: TinyInputs.i32([-1, 0]))) },
             message: "{dir}/in.safetensors: block_table[0, 0] = -1 is outside [0, 2) (request 0 uses its first 2 entries)"),
        Case(label: "context above the block table", make: golden { TinyInputs.file(TinyInputs.replacing("context_lens", data: TinyInputs.i32([129]))) },
             message: "{dir}/in.safetensors: context length 129 of request 0 exceeds max_model_len 128"),
        Case(label: "negative context", make: golden { TinyInputs.file(TinyInputs.replacing("context_lens", data: TinyInputs.i32([-5]))) },
             message: "{dir}/in.safetensors: context length -5 of request 0 is negative"),
        Case(label: "caches disagree", make: golden { TinyInputs.file(TinyInputs.replacing("value_cache", shape: [1, 128, 1, 128])) },
             message: "{dir}/in.safetensors: value_cache is bf16[1, 128, 1, 128], expected bf16[2, 64, 1, 128]"),
        Case(label: "block table rows ≠ batch", make: golden { TinyInputs.file(TinyInputs.replacing("block_table", shape: [2, 1])) },
             message: "{dir}/in.safetensors: block_table is i32[2, 1] but query's batch is 1 (expected one row per request)"),
        Case(label: "head_dim 64 in a file", make: golden { TinyInputs.file(TinyInputs.replacing("query", shape: [1, 16, 64], data: TinyInputs.bf16(16 * 64))) },
             message: "{dir}/in.safetensors: head_dim must be 128 (got 64)"),
        Case(label: "scale metadata -1", make: golden { TinyInputs.file(metadata: #"{"scale":"-1"}"#) },
             message: "{dir}/in.safetensors: scale must be a positive finite number (got -1.0)"),
        Case(label: "scale metadata nan", make: golden { TinyInputs.file(metadata: #"{"scale":"nan"}"#) },
             message: "{dir}/in.safetensors: scale must be a positive finite number (got nan)"),
        Case(label: "--head-dim 64", make: { _ in ["golden", "--case", "SmallCase1", "--head-dim", "64"] },
             message: "head_dim must be 128 (got 64)"),
        Case(label: "--block-size 32", make: { _ in ["run", "--case", "SmallCase1", "--block-size", "32"] },
             message: "block_size must be 64 or 128 (got 32)"),
        Case(label: "--num-heads 24", make: { _ in ["check", "--batch", "2", "--num-heads", "24", "--context-len", "64"] },
             message: "num_heads 24 is not a multiple of 16 (below 64 heads the kernel tiles 16 at a time)"),
        Case(label: "--kv-heads 2", make: { _ in ["golden", "--case", "Case2", "--kv-heads", "2"] },
             message: "kv_heads must be 1 (got 2)"),
        Case(label: "--scale 0", make: { _ in ["run", "--case", "SmallCase1", "--scale", "0"] },
             message: "scale must be a positive finite number (got 0.0)"),
        Case(label: "--scale -1", make: { _ in ["golden", "--case", "SmallCase1", "--scale", "-1"] },
             message: "scale must be a positive finite number (got -1.0)"),
        Case(label: "--context-len -5", make: { _ in ["run", "--batch", "1", "--num-heads", "16", "--context-len", "-5"] },
             message: "context length -5 of request 0 is negative"),
        Case(label: "--scale nan", make: { _ in ["golden", "--case", "SmallCase1", "--scale", "nan"] },
             message: "scale must be a positive finite number (got nan)"),
        Case(label: "--context-lens beyond --max-model-len", make: { _ in ["golden", "--batch", "2", "--num-heads", "16", "--context-lens", "64,4097", "--max-model-len", "4096"] },
             message: "context length 4097 of request 1 exceeds max_model_len 4096"),
        Case(label: "--batch 10^12", make: { _ in ["golden", "--batch", "1000000000000", "--num-heads", "16", "--context-len", "1"] },
             message: "batch 1000000000000 exceeds the limit 1048576"),
        // outputs
        Case(label: "--out in a missing directory", make: { dir in ["golden", "--case", "SmallCase1", "--out", dir.file("no/such/x.safetensors")] },
             message: "--out {dir}/no/such/x.safetensors: directory {dir}/no/such does not exist"),
        Case(label: "--out a FIFO", make: { dir in mkfifo(dir.file("fifo"), 0o600); return ["golden", "--case", "SmallCase1", "--out", dir.file("fifo")] },
             message: "--out {dir}/fifo is a FIFO, not a regular file; give a file name"),
        Case(label: "--out /dev/null", make: { _ in ["run", "--case", "SmallCase1", "--context-len", "64", "--out", "/dev/null"] },
             message: "--out /dev/null is a character device, not a regular file; give a file name"),
    ]

    @Test(arguments: cases)
    func exitsTwoWithOneLineNamingTheProblem(_ c: Case) throws {
        let dir = TemporaryDirectory("ptosim-bad")
        defer { dir.remove() }
        let args = c.make(dir)
        let before = Set(dir.entries())
        let r = try MeasuredProcess.run(Subprocess.ptosimBinary, args)
        let expected = c.message.replacingOccurrences(of: "{dir}", with: dir.path)
        #expect(r.status == 2, "\(c.label): status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr.hasPrefix("ptosim: error: \(expected)"), "\(c.label): \(r.stderr)")
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1, "\(c.label): one line: \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(c.label): \(r.stdout)")
        #expect(Set(dir.entries()) == before, "\(c.label): no output or temporary file left")
        #expect(r.seconds < TestTiming.bound(5), "\(c.label): took \(r.seconds) s")
    }
}

/// NaN and infinity in Q, K or V are legal data: a warning names the first location, and the run goes on as the
/// chip would (NaN propagates to the output).
@Suite struct NonFiniteInputTests {
    /// key_cache element [1, 3, 0, 5] (flat 1·64·128 + 3·128 + 5) set to +inf (bf16 0x7F80).
    static func withInfinity() -> [UInt8] {
        var key = TinyInputs.bf16(2 * 64 * 128)
        let flat = 64 * 128 + 3 * 128 + 5
        key[2 * flat] = 0x80
        key[2 * flat + 1] = 0x7F
        return TinyInputs.file(TinyInputs.replacing("key_cache", data: key))
    }

    @Test(arguments: [["golden"], ["check"], ["run", "--no-kernel-reference"]])
    func warnsWithTheFirstLocationAndRuns(_ command: [String]) throws {
        let dir = TemporaryDirectory("ptosim-nan")
        defer { dir.remove() }
        let path = dir.write("inf.safetensors", Self.withInfinity())
        let r = try MeasuredProcess.run(Subprocess.ptosimBinary, command + ["--inputs", path])
        let warning = "ptosim: warning: \(path): key_cache[1, 3, 0, 5] is inf (the first non-finite value in key_cache)\n"
        #expect(r.stderr.hasPrefix(warning), "\(command): \(r.stderr)")
        #expect(!r.stderr.contains("error"), "\(r.stderr)")
        switch command[0] {
        case "golden":  // block 1 holds tokens 64..<128 of the request: the inf key gives a NaN softmax row
            #expect(r.status == 0 && r.stdout.contains("nan"), "\(r.stdout)")
        case "check":  // the checker's verdict on the kernel's syncs does not depend on the data
            #expect([0, 1].contains(r.status) && !r.stdout.isEmpty, "\(r.status): \(r.stdout)")
        default:  // the kernel also ends in NaN; allclose fails as torch's does
            #expect(r.status == 1 && r.stdout.contains("FAILED"), "\(r.status): \(r.stdout)")
        }
    }
}
