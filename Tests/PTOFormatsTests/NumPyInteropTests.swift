import Testing
import PTONumerics
import PTOTestSupport
@testable import PTOFormats

/// NumPy, the real client, reads the files PTOSim writes: `.npy` with `np.load`, safetensors by parsing the format
/// with `json` + `np.frombuffer` (the safetensors package is not required). The script prints what it read; the test
/// compares it with the values it wrote.
@Suite struct NumPyInteropTests {
    let dir = TemporaryDirectory("ptosim-numpy")

    // Values are printed as integers (fp32 bit patterns, bf16 bit patterns, int32 values) so that the comparison
    // is exact and independent of float formatting.
    static let script = """
        import json, struct, sys
        import numpy as np
        d = sys.argv[1]
        f = np.load(d + '/f.npy'); i = np.load(d + '/i.npy'); b = np.load(d + '/b.npy')
        assert f.dtype == np.float32 and i.dtype == np.int32 and b.dtype == np.uint16, (f.dtype, i.dtype, b.dtype)
        assert f.flags['C_CONTIGUOUS']
        print('npy', list(f.shape), f.view(np.uint32).ravel().tolist(), i.ravel().tolist(), b.ravel().tolist())
        raw = open(d + '/t.safetensors', 'rb').read()
        n = struct.unpack('<Q', raw[:8])[0]; h = json.loads(raw[8:8 + n]); data = raw[8 + n:]
        kinds = {'F32': np.uint32, 'I32': np.int32, 'BF16': np.uint16}
        for name in ['f', 'i', 'b']:
            e = h[name]; s, t = e['data_offsets']
            a = np.frombuffer(data[s:t], dtype=kinds[e['dtype']]).reshape(e['shape'])
            print('st', name, list(a.shape), a.ravel().tolist())
        print('meta', h['__metadata__']['scale'])
        """

    @Test func numpyReadsWhatPTOSimWrites() throws {
        defer { dir.remove() }
        guard let python = Subprocess.pythonWithNumPy() else {
            Issue.record("no python3 with numpy found (tried python3 on PATH and /usr/bin/python3); `make test` installs python3-numpy")
            return
        }
        let f = Tensor(f32: [0.5, -1.25, 3, 1e-8, 7, -0], shape: [2, 3])
        let i = Tensor(i32: [1, -2, 2147483647], shape: [3])
        let b = Tensor(bf16Bits: [0x3F80, 0xC040, 0x3E00, 0x0001], shape: [2, 2])
        for (name, t) in [("f", f), ("i", i), ("b", b)] { try NPYFile.write(t, to: dir.file("\(name).npy")) }
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("b", b), ("f", f), ("i", i)], metadata: ["scale": "1.0"]),
                                    to: dir.file("t.safetensors"))
        let r = try Subprocess.run(python, ["-c", Self.script, dir.path])
        #expect(r.status == 0, "python failed: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func list(_ t: Tensor) -> String {
            let values: [String] = (0..<t.count).map { k in
                switch t.dtype {
                case .f32: String(t.f32[k].bitPattern)
                case .i32: String(t.i32[k])
                case .i64: String(t.i64[k])
                case .bf16: String(t.bf16[k])
                }
            }
            return "[" + values.joined(separator: ", ") + "]"
        }
        #expect(lines.first == "npy [2, 3] \(list(f)) \(list(i)) \(list(b))")
        #expect(lines.dropFirst().first == "st f [2, 3] \(list(f))")
        #expect(lines.dropFirst(2).first == "st i [3] \(list(i))")
        #expect(lines.dropFirst(3).first == "st b [2, 2] \(list(b))")
        #expect(lines.last == "meta 1.0")
    }
}
