import Foundation
import PTOTestSupport
import Testing

/// The small promises of the command line that docs/cli.md makes (issue #15's contract list): what `run --json`
/// holds and that each key is documented, one schema for `check --json` on a trace and on the kernel, one-line
/// exit-2 errors for a negative tolerance and an unreadable memory budget, `.npy` output never mixed with stale
/// files, and `render_trace.py` naming what it needs.
@Suite("Command-line contract")
struct CommandContractTests {
    /// One request, one KV block: the smallest case that runs the whole kernel.
    static let tiny = ["--batch", "1", "--num-heads", "16", "--context-len", "100", "--max-model-len", "256"]
    static let root = Fixtures.repositoryRoot

    func ptosim(_ args: [String], environment: [String: String]? = nil) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.ptosimBinary, args, environment: environment)
    }

    func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }

    /// The keys docs/cli.md's `run --json` table documents: every backticked name in the first column.
    static func documentedRunKeys() throws -> Set<String> {
        let page = try String(contentsOfFile: root + "/docs/cli.md", encoding: .utf8)
        let section = try #require(page.components(separatedBy: "\n## `ptosim run`").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        let table = try #require(section.components(separatedBy: "`--json` prints one object:").dropFirst().first)
        var keys = Set<String>()
        let rows = table.split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        for line in rows {
            let cell = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            let quoted = cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }  // between backticks
            keys.formUnion(quoted.map { String($0.element) })
        }
        return keys.subtracting(["key"])
    }

    @Test func runJSONNamesTheCaseAndEveryKeyIsDocumented() throws {
        let documented = try Self.documentedRunKeys()
        let r = try ptosim(["run"] + Self.tiny + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try object(r.stdout)
        let undocumented = Set(report.keys).subtracting(documented), missing = documented.subtracting(report.keys)
        #expect(undocumented.isEmpty && missing.isEmpty,
                "printed but undocumented: \(undocumented); documented but not printed: \(missing)")
        #expect(report["case_name"] as? String == "custom")
        #expect(report["compared_with"] as? String == "golden")

        // Against a file's own `out`, the report says so, and names the file as the case.
        let dir = TemporaryDirectory("ptosim-contract")
        defer { dir.remove() }
        let file = dir.file("tiny.safetensors")
        #expect(try ptosim(["golden"] + Self.tiny + ["--out", file]).status == 0)
        let fromFile = try object(try ptosim(["run", "--inputs", file, "--json"]).stdout)
        #expect(fromFile["case_name"] as? String == file)
        #expect(fromFile["compared_with"] as? String == "file_out")
        let named = try object(try ptosim(["run", "--case", "SmallCase1", "--batch", "1", "--context-len", "100",
                                           "--json"]).stdout)
        #expect(named["case_name"] as? String == "SmallCase1 (modified)")
    }

    /// `check --trace --json` and `check --case --json` print the same top-level keys; a kernel hazard carries the
    /// trace form's keys plus `blocks` and `occurrences`, its sites the trace form's plus `op` — as docs/cli.md says.
    @Test func checkJSONHasOneSchemaForTracesAndTheKernel() throws {
        let trace = try object(try ptosim(["check", "--trace", Self.root + "/examples/traces/ub_missing_sync.json",
                                           "--json"]).stdout)
        let kernel = try object(try ptosim(["check"] + Self.tiny + ["--drop-sync", "aiv.sf.mte2-v", "--json"]).stdout)
        let topLevel: Set = ["hazards", "deadlock", "lost_signals", "leftover_flags", "warnings"]
        #expect(Set(trace.keys) == topLevel && Set(kernel.keys) == topLevel)
        let traceHazard = try #require((trace["hazards"] as? [[String: Any]])?.first)
        let kernelHazard = try #require((kernel["hazards"] as? [[String: Any]])?.first)
        let hazardKeys: Set = ["kind", "space", "offset", "bytes", "first", "second"]
        #expect(Set(traceHazard.keys) == hazardKeys)
        #expect(Set(kernelHazard.keys) == hazardKeys.union(["blocks", "occurrences"]))
        let siteKeys: Set = ["core", "index", "pipe", "label"]
        #expect(Set(try #require(traceHazard["first"] as? [String: Any]).keys) == siteKeys)
        #expect(Set(try #require(kernelHazard["first"] as? [String: Any]).keys) == siteKeys.union(["op"]))

        let page = try String(contentsOfFile: Self.root + "/docs/cli.md", encoding: .utf8)
        let check = page.components(separatedBy: "\n## `ptosim check`")[1].components(separatedBy: "\n## ")[0]
        for key in topLevel.union(hazardKeys).union(siteKeys).union(["op", "blocks", "occurrences"]) {
            #expect(check.contains("\"\(key)\"") || check.contains("`\(key)`"),
                    "check's JSON key \(key) is undocumented")
        }
    }

    @Test func negativeToleranceGetsTheDocumentedMessage() throws {
        for form in [["--tolerance", "-1"], ["--tolerance=-1"], ["--tolerance", "nan"]] {
            let r = try ptosim(["run"] + Self.tiny + form)
            #expect(r.status == 2 && r.stdout.isEmpty)
            #expect(r.stderr == "ptosim: error: --tolerance must be a non-negative number\n", "\(form)")
        }
        let errors = try String(contentsOfFile: Self.root + "/docs/errors.md", encoding: .utf8)
        #expect(errors.contains("`--tolerance must be a non-negative number`"))
    }

    @Test func anUnreadableMemoryLimitIsAnError() throws {
        var env = ProcessInfo.processInfo.environment
        for bad in ["lots", "2GB", "-1", "1.5G"] {
            env["PTOSIM_MEMORY_LIMIT"] = bad
            let r = try ptosim(["golden"] + Self.tiny, environment: env)
            #expect(r.status == 2 && r.stdout.isEmpty)
            #expect(r.stderr == "ptosim: error: PTOSIM_MEMORY_LIMIT=\(bad) is not a size: give bytes or a whole number "
                    + "with K, M, G or T (e.g. 512M)\n")
        }
        env["PTOSIM_MEMORY_LIMIT"] = "1K"  // readable, and far too small: the estimate refuses the case
        let small = try ptosim(["golden"] + Self.tiny, environment: env)
        #expect(small.status == 2 && small.stderr.contains("(PTOSIM_MEMORY_LIMIT=1K)"), "\(small.stderr)")
    }

    /// An existing directory of earlier `.npy` output is replaced whole (a stale tensor does not survive); a
    /// directory holding anything else is refused before any work, and left untouched.
    @Test func npyOutputIsNeverMixedWithStaleFiles() throws {
        let dir = TemporaryDirectory("ptosim-contract-npy")
        defer { dir.remove() }
        let out = dir.file("set")
        #expect(try ptosim(["golden"] + Self.tiny + ["--format", "npy", "--out", out]).status == 0)
        let fresh = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(fresh.contains("out.npy") && fresh.contains("metadata.json"))
        _ = dir.write("set/stale.npy", [1, 2, 3])
        let again = try ptosim(["golden"] + Self.tiny + ["--seed", "7", "--format", "npy", "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == fresh)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["set"],
                "a staging directory was left behind")
        let metadata = try String(contentsOfFile: out + "/metadata.json", encoding: .utf8)
        #expect(metadata.contains("\"seed\":\"7\""), "\(metadata)")

        try FileManager.default.createDirectory(atPath: dir.file("mine"), withIntermediateDirectories: false)
        _ = dir.write("mine/notes.txt", Array("keep me".utf8))
        let refused = try ptosim(["golden"] + Self.tiny + ["--format", "npy", "--out", dir.file("mine")])
        #expect(refused.status == 2)
        #expect(refused.stderr == "ptosim: error: --out \(dir.file("mine")) holds 'notes.txt', which is not a .npy "
                + "file or metadata.json; --format npy replaces only a directory of its own output (give a new or "
                + "empty directory)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("mine")) == ["notes.txt"])
    }

    /// Without matplotlib (`python3 -S` leaves out site-packages), the script says what it needs in one line.
    @Test func renderTraceNamesWhatItNeeds() throws {
        let r = try Subprocess.run("/usr/bin/env", ["python3", "-S", Self.root + "/scripts/render_trace.py",
                                                    "trace.json", "out.png"])
        #expect(r.status != 0)
        #expect(r.stderr == "render_trace.py: error: needs matplotlib (pip install matplotlib, or apt install "
                + "python3-matplotlib)\n")
    }
}
