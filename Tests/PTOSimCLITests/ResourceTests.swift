import Foundation
import PTOTestSupport
import Testing

/// Memory, disk and interrupts, through the built binary: a case too large for the machine is refused before it is
/// allocated, a full disk or an unwritable directory is a one-line error, and Ctrl-C leaves no partial output.
@Suite(.serialized) struct ResourceTests {
    let dir = TemporaryDirectory("ptosim-res")

    func ptosim(_ args: [String], environment: [String: String] = [:], shellSetup: String? = nil) throws
        -> MeasuredProcess.Result {
        try MeasuredProcess.run(Subprocess.ptosimBinary, args, environment: environment, shellSetup: shellSetup)
    }

    func expectUserError(_ r: MeasuredProcess.Result, _ prefix: String, _ context: String = "") {
        #expect(r.status == 2, "\(context) status \(r.status): \(r.stderr)")
        #expect(r.stderr.hasPrefix("ptosim: error: \(prefix)"), "\(context) \(r.stderr)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1 && r.stdout.isEmpty, "\(context) \(r.stderr)")
    }

    // MARK: Memory

    /// Case1's inputs alone are 1.08 GB; under a 1 GiB budget every command refuses it at once, having touched
    /// only its own startup memory.
    @Test(arguments: [["golden", "--case", "Case1", "--out", "OUT"], ["run", "--case", "Case1"], ["check", "--case", "Case1"]])
    func caseAboveTheBudgetIsRefusedBeforeAllocation(_ args: [String]) throws {
        defer { dir.remove() }
        let out = dir.file("c1.safetensors")
        let r = try ptosim(args.map { $0 == "OUT" ? out : $0 }, environment: ["PTOSIM_MEMORY_LIMIT": "1G"])
        expectUserError(r, "ptosim \(args[0]) needs an estimated ", args[0])
        #expect(r.stderr.contains("(ptosim itself 33.55 MB, inputs 1.08 GB, out 2.10 MB"), "\(r.stderr)")
        #expect(r.stderr.contains("but only 1.07 GB is available (PTOSIM_MEMORY_LIMIT=1G); use a smaller batch or context length"))
        #expect(r.seconds < TestTiming.bound(2), "\(r.seconds) s")
        #expect(dir.entries().isEmpty)
        // The peak resident memory of the refused run: its startup, nothing of the gigabyte (ASan adds its own).
        let peak = try MeasuredProcess.peakResidentBytes(Subprocess.ptosimBinary, args.map { $0 == "OUT" ? out : $0 },
                                                         environment: ["PTOSIM_MEMORY_LIMIT": "1G"])
        if let peak { #expect(peak < (TestTiming.underAddressSanitizer ? 400 : 100) << 20, "peak RSS \(peak) bytes") }
        #expect(dir.entries().isEmpty)
    }

    /// Without an override the budget is the machine's: a 9 PB case is refused against MemAvailable (or the cgroup).
    @Test func caseAboveTheMachineIsRefused() throws {
        let r = try ptosim(["golden", "--batch", "1048576", "--num-heads", "4096", "--context-len", "16777216",
                            "--max-model-len", "16777216"])
        expectUserError(r, "ptosim golden needs an estimated 9.01 PB of memory (ptosim itself 33.55 MB, inputs 9.01 PB")
        #expect(r.stderr.contains("is available (MemAvailable in /proc/meminfo)")
                || r.stderr.contains("is available (the cgroup's memory limit)"), "\(r.stderr)")
        #expect(r.seconds < TestTiming.bound(2), "\(r.seconds) s")
    }

    // MARK: Disk

    /// Under a file-size limit every write fails with EFBIG: reported, and the temporary files removed. The
    /// safetensors file is reserved whole up front: 1,892,448 bytes of tensors (query 98,304, caches 2 × 786,432,
    /// block table 24,576, context_lens 96, out 196,608) after a 784-byte header.
    @Test(arguments: [
        (["golden", "--case", "SmallCase1", "--context-len", "128", "--out", "OUT.safetensors"],
         "cannot reserve 1893232 bytes: File too large"),
        (["golden", "--case", "SmallCase1", "--context-len", "128", "--out", "OUT", "--format", "npy"], "write failed: File too large"),
        (["run", "--case", "SmallCase1", "--context-len", "64", "--no-kernel-reference", "--out", "OUT.safetensors"], "write failed: File too large"),
    ])
    func fileSizeLimitIsAWriteError(_ args: [String], _ message: String) throws {
        defer { dir.remove() }
        let r = try ptosim(args.map { $0.replacingOccurrences(of: "OUT", with: dir.file("out")) }, shellSetup: "ulimit -f 64")
        #expect(r.status == 2, "\(r.status): \(r.stderr)")
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("ptosim: error: \(dir.file("out"))") && last.contains(message), "\(r.stderr)")
        #expect(dir.entries().isEmpty, "no partial output: \(dir.entries())")
    }

    /// A real full file system: a 256 KiB tmpfs (needs root to mount; skipped elsewhere).
    @Test(.enabled(if: TinyFileSystem.canMount))
    func fullFileSystemIsAWriteError() throws {
        defer { dir.remove() }
        let fs = try #require(TinyFileSystem(at: dir.file("mnt"), kilobytes: 256))
        defer { fs.unmount() }
        for (args, message) in [
            (["golden", "--case", "SmallCase1", "--context-len", "128", "--out", fs.path + "/x.safetensors"],
             "cannot reserve 1893232 bytes"),
            (["golden", "--case", "SmallCase1", "--context-len", "128", "--out", fs.path + "/set", "--format", "npy"],
             "write failed: No space left on device"),
        ] {
            let r = try ptosim(args)
            #expect(r.status == 2 && r.stderr.contains("No space left on device") && r.stderr.contains(message),
                    "\(r.status): \(r.stderr)")
            #expect(TinyFileSystem.entries(fs.path).isEmpty, "no partial output: \(TinyFileSystem.entries(fs.path))")
        }
    }

    @Test(.enabled(if: TinyFileSystem.canMount))
    func readOnlyDirectoryIsRefusedUpFront() throws {
        defer { dir.remove() }
        let fs = try #require(TinyFileSystem(at: dir.file("ro"), kilobytes: 64, readOnly: true))
        defer { fs.unmount() }
        let r = try ptosim(["golden", "--case", "SmallCase1", "--out", fs.path + "/x.safetensors"])
        expectUserError(r, "--out \(fs.path)/x.safetensors: directory \(fs.path) is not writable")
        #expect(r.seconds < TestTiming.bound(2))
    }

    // MARK: Interrupts

    /// Ctrl-C half a second in: status 130, and neither the output nor a temporary file (or directory) remains.
    @Test(arguments: [
        ["golden", "--case", "Case1", "--out", "OUT.safetensors"],
        ["golden", "--case", "Case1", "--out", "OUT", "--format", "npy"],
        ["run", "--case", "Case1", "--out", "OUT.safetensors"],
    ])
    func interruptLeavesNoPartialOutput(_ args: [String]) throws {
        defer { dir.remove() }
        let r = try Subprocess.runInterrupted(Subprocess.ptosimBinary,
                                              args.map { $0.replacingOccurrences(of: "OUT", with: dir.file("out")) },
                                              after: 0.5)
        #expect(r.status == 130, "\(args): \(r.stderr)")
        #expect(dir.entries().isEmpty, "\(dir.entries())")
    }
}

/// A tmpfs of a few kilobytes mounted for one test (root only), to fill a real file system.
final class TinyFileSystem {
    let path: String

    /// True when this process may mount file systems (root, with mount(8) available and permitted).
    static let canMount: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = TemporaryDirectory("ptosim-mount-probe")
        defer { probe.remove() }
        guard let fs = TinyFileSystem(at: probe.file("m"), kilobytes: 16) else { return false }
        fs.unmount()
        return true
    }()

    init?(at path: String, kilobytes: Int, readOnly: Bool = false) {
        self.path = path
        mkdir(path, 0o755)
        let options = "size=\(kilobytes)k" + (readOnly ? ",ro" : "")
        guard let r = try? Subprocess.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]), r.status == 0 else {
            rmdir(path)
            return nil
        }
    }

    func unmount() {
        _ = try? Subprocess.run("/bin/umount", [path])
        rmdir(path)
    }

    static func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}
