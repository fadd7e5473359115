import Testing
import PTONumerics
import PTOFormats
import PTOCases
import PTOTestSupport
@testable import PTOSimCLI

/// `--shard` and `ptosim merge`, through the built binary: three shards as separate processes give, once merged,
/// the unsharded run's `out` bit for bit; bad sets of shards are refused with one-line errors.
@Suite struct ShardMergeTests {
    static let caseArguments = ["--batch", "7", "--num-heads", "16", "--context-lens", "300,1,129,0,700,128,64",
                                "--max-model-len", "1024", "--seed", "3"]

    static func ptosim(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.ptosimBinary, arguments)
    }

    static func outBits(_ path: String) throws -> [UInt8] {
        let out = try #require(try SafeTensorsReader.read(path)["out"])
        return Array(UnsafeRawBufferPointer(start: out.raw, count: out.byteCount))
    }

    @Test(arguments: ["run", "golden"])
    func threeShardProcessesMergeToTheUnshardedOutput(command: String) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for i in 0..<3 {
            let r = try Self.ptosim([command] + Self.caseArguments + ["--shard", "\(i)/3", "--out", dir.file("s\(i).st")])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let full = try Self.ptosim([command] + Self.caseArguments + ["--out", dir.file("full.st")])
        #expect(full.status == 0, "\(full.stderr)")
        let merge = try Self.ptosim(["merge", "--out", dir.file("merged.st"), dir.file("s2.st"), dir.file("s0.st"),
                                     dir.file("s1.st")])
        #expect(merge.status == 0, "\(merge.stderr)")
        let merged = try Self.outBits(dir.file("merged.st"))
        #expect(merged.count == 7 * 16 * 128 * 4)
        #expect(merged == (try Self.outBits(dir.file("full.st"))))
        let metadata = try SafeTensorsReader.read(dir.file("merged.st")).metadata
        #expect(metadata["merged_shards"] == "3" && metadata["shard"] == nil && metadata["seed"] == "3")
        #expect(metadata["params"]?.contains("\"batch\":7") == true)
    }

    /// Shards of an input file: each process maps the file and copies out its requests and the blocks they use.
    @Test func shardsOfAnInputFileMergeToTheUnshardedOutput() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let made = try Self.ptosim(["golden"] + Self.caseArguments + ["--out", dir.file("inputs.st")])
        #expect(made.status == 0, "\(made.stderr)")
        for i in 0..<3 {
            let r = try Self.ptosim(["run", "--inputs", dir.file("inputs.st"), "--shard", "\(i)/3", "--out",
                                     dir.file("s\(i).st")])
            #expect(r.status == 0 && r.stdout.contains("max |out - the file's out|"), "\(r.stderr)")
        }
        let full = try Self.ptosim(["run", "--inputs", dir.file("inputs.st"), "--out", dir.file("full.st")])
        #expect(full.status == 0, "\(full.stderr)")
        let merge = try Self.ptosim(["merge", "--out", dir.file("merged.st")] + (0..<3).map { dir.file("s\($0).st") })
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try Self.outBits(dir.file("merged.st")) == (try Self.outBits(dir.file("full.st"))))
    }

    @Test func gapsOverlapsAndStrangersAreRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for i in 0..<3 {
            let r = try Self.ptosim(["golden"] + Self.caseArguments + ["--shard", "\(i)/3", "--out", dir.file("s\(i).st")])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let other = try Self.ptosim(["golden"] + Self.caseArguments + ["--seed", "4", "--shard", "1/3", "--out",
                                                                        dir.file("other.st")])
        #expect(other.status == 0, "\(other.stderr)")
        let cases: [([String], String)] = [
            (["s0.st", "s2.st"], "ptosim: error: requests 2:4 of the batch of 7 are in no shard: \(dir.file("s0.st")) "
                + "ends at request 2 and \(dir.file("s2.st")) starts at 4\n"),
            (["s0.st", "s1.st"], "ptosim: error: requests 4:7 of the batch of 7 are in no shard (the last one, "
                + "\(dir.file("s1.st")), ends at 4)\n"),
            (["s0.st", "s1.st", "s1.st", "s2.st"], "ptosim: error: shards overlap: \(dir.file("s1.st")) holds requests "
                + "2:4 and \(dir.file("s1.st")) holds 2:4 (the same file given twice)\n"),
            (["s0.st", "other.st", "s2.st"], "ptosim: error: \(dir.file("other.st")) and \(dir.file("s0.st")) come from "
                + "different runs: metadata 'seed' is '4' vs '3'\n"),
        ]
        for (files, message) in cases {
            let r = try Self.ptosim(["merge", "--out", dir.file("m.st")] + files.map(dir.file))
            #expect(r.status == 2 && r.stderr == message, "\(files): \(r.stderr)")
            #expect(!dir.entries().contains("m.st"))
        }
    }

    @Test func theShardComesFromTheSchedulersEnvironment() throws {
        let slurm = ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"]
        #expect(try ShardOptions.fromEnvironment(slurm, count: nil) == BatchShard(index: 1, count: 3))
        #expect(try ShardOptions.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], count: 4) == BatchShard(index: 2, count: 4))
        #expect(throws: UsageError.self) { try ShardOptions.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], count: nil) }
        #expect(throws: UsageError.self) { try ShardOptions.fromEnvironment([:], count: 3) }
        #expect(throws: UsageError.self) { try ShardOptions.fromEnvironment(slurm, count: 4) }
        #expect(throws: CaseError.self) { try ShardOptions.fromEnvironment(["JOB_COMPLETION_INDEX": "4"], count: 4) }
        var options = try ShardOptions.parse(["--shard", "auto", "--shard-count", "4"])
        #expect(try options.resolve(environment: ["JOB_COMPLETION_INDEX": "3"]) == BatchShard(index: 3, count: 4))
        options = try ShardOptions.parse(["--shard", "2/5"])
        #expect(try options.resolve(environment: slurm) == BatchShard(index: 2, count: 5))
    }
}
