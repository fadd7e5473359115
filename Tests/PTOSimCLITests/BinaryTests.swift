import Testing
import PTOTestSupport

/// The built `ptosim` binary: exit codes, one-line errors on stderr, and files that numpy loads.
@Suite struct BinaryTests {
    let dir = TemporaryDirectory("ptosim-cli")

    func ptosim(_ args: String...) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.ptosimBinary, args)
    }

    @Test func casesListsEveryCase() throws {
        let r = try ptosim("cases")
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout.contains("Case1 ") && r.stdout.contains("Case2 ") && r.stdout.contains("SmallCase1 "))
    }

    @Test(arguments: [
        (["golden", "--case", "Case7"], "unknown case 'Case7'"),
        (["golden", "--case", "Case1", "--num-heads", "40"], "num_heads 40 is not a multiple of 16"),
        (["golden", "--case", "Case1", "--block-size", "256"], "block_size must be 64 or 128 (got 256)"),
        (["golden", "--case", "Case1", "--batch", "zero"], "The value 'zero' is invalid for '--batch <batch>'"),
        (["golden", "--inputs", "/nonexistent/file.safetensors"], "/nonexistent/file.safetensors: cannot open"),
        (["golden", "--case", "SmallCase1", "--out", "/nonexistent/dir/x.safetensors"], "directory /nonexistent/dir does not exist"),
        (["golden", "--frobnicate"], "Unknown option '--frobnicate'"),
    ])
    func userErrorsExitTwoWithOneLine(_ args: [String], _ message: String) throws {
        let r = try Subprocess.run(Subprocess.ptosimBinary, args)
        #expect(r.status == 2, "\(args): status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr.hasPrefix("ptosim: error: ") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stdout.isEmpty)
    }

    @Test func malformedInputFileExitsTwo() throws {
        defer { dir.remove() }
        let path = dir.write("cut.safetensors", [200, 0, 0, 0, 0, 0, 0, 0, 0x7B])
        let r = try ptosim("golden", "--inputs", path)
        #expect(r.status == 2 && r.stderr == "ptosim: error: \(path): truncated: header length 200 but only 1 bytes follow it\n")
    }

    /// Ctrl-C ends the run with status 130 and leaves nothing in the output directory (the in-process test of
    /// `InterruptCleanup` covers deletion of a temporary file that already exists).
    @Test func interruptLeavesNoOutput() throws {
        defer { dir.remove() }
        let r = try Subprocess.runInterrupted(Subprocess.ptosimBinary,
                                              ["golden", "--case", "Case1", "--out", dir.file("c1.safetensors")], after: 1)
        #expect(r.status == 130, "\(r.stderr)")
        #expect(dir.entries().isEmpty)
    }

    /// The issue's acceptance check: a file written by `ptosim golden` loads in numpy, with the documented tensors.
    @Test(arguments: ["safetensors", "npy"])
    func goldenWritesFilesNumpyLoads(_ format: String) throws {
        defer { dir.remove() }
        let out = dir.file(format == "npy" ? "set" : "x.safetensors")
        let r = try ptosim("golden", "--case", "SmallCase1", "--context-len", "200", "--out", out, "--format", format)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "nothing on stderr when it is not a terminal: \(r.stderr)")
        #expect(dir.entries() == [format == "npy" ? "set" : "x.safetensors"], "no temporary files remain")
        guard let python = Subprocess.pythonWithNumPy() else {
            Issue.record("no python3 with numpy (tried python3 and /usr/bin/python3); `make test` installs python3-numpy")
            return
        }
        let script = format == "npy" ? """
            import sys, json, numpy as np
            d = sys.argv[1]
            shapes = [list(np.load(d + '/' + n + '.npy').shape) for n in ['query', 'key_cache', 'value_cache', 'block_table', 'context_lens', 'out']]
            o = np.load(d + '/out.npy'); print(shapes, o.dtype, bool(np.isfinite(o).all()), json.load(open(d + '/metadata.json'))['seed'])
            """ : """
            import sys, json, struct, numpy as np
            raw = open(sys.argv[1], 'rb').read(); n = struct.unpack('<Q', raw[:8])[0]; h = json.loads(raw[8:8 + n])
            shapes = [h[k]['shape'] for k in ['query', 'key_cache', 'value_cache', 'block_table', 'context_lens', 'out']]
            s, t = h['out']['data_offsets']; o = np.frombuffer(raw[8 + n + s:8 + n + t], dtype=np.float32)
            print(shapes, o.dtype, bool(np.isfinite(o).all()), h['__metadata__']['seed'])
            """
        let py = try Subprocess.run(python, ["-c", script, out])
        #expect(py.status == 0, "\(py.stderr)")
        #expect(py.stdout == "[[24, 16, 128], [48, 128, 1, 128], [48, 128, 1, 128], [24, 256], [24], [24, 16, 128]] float32 True 42\n")
    }
}
