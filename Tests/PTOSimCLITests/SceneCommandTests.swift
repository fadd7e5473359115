import Foundation
import PTOTestSupport
import Testing

/// The scene commands (`scenes`, `run/check/trace --scene`, `suite`) and the command-line contract of issue #15:
/// a verdict never hides a wrong answer, a race found by `run --check-races` fails the run, options that cannot
/// work together are refused, and bad scene input is one line with exit 2.
@Suite("ptosim scene commands")
struct SceneCommandTests {
    /// A small spmd_paged_attention case: a multi-block request, a partial block, an empty request.
    static let small = ["--scene", "spmd_paged_attention", "--case", "SmallCase1", "--param", "batch=4",
                        "--param", "context_lens_list=700,129,0,256", "--param", "max_model_len=1024"]

    func ptosim(_ args: [String]) throws -> Subprocess.Result { try Subprocess.run(Subprocess.ptosimBinary, args) }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func scenesListsEverySceneWithItsCasesAndParameters() throws {
        let r = try ptosim(["scenes", "--json"])
        #expect(r.status == 0)
        let scenes = try #require(try json(r.stdout)["scenes"] as? [[String: Any]])
        let spmd = try #require(scenes.first { $0["name"] as? String == "spmd_paged_attention" })
        let cases = try #require(spmd["cases"] as? [[String: Any]])
        #expect(cases.map { $0["name"] as? String } == ["Case1", "Case2", "SmallCase1"])
        #expect((cases[0]["params"] as? [String: Any])?["batch"] as? Int == 256)
    }

    @Test func runSceneWritesInputsAndOutputsUnderTheGoldensNames() throws {
        let dir = TemporaryDirectory("ptosim-scene")
        defer { dir.remove() }
        let path = dir.file("out.safetensors")
        let r = try ptosim(["run"] + Self.small + ["--json", "--out", path])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["passed"] as? Bool == true)
        #expect((o["outputs"] as? [[String: Any]])?.first?["differ_from_exact_reference"] as? Int == 0)
        let header = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: header.prefix(4096), as: UTF8.self)
        for name in ["query", "key_cache", "value_cache", "block_table", "context_lens", "out"] {
            #expect(text.contains("\"\(name)\""), "\(name)")
        }
    }

    @Test func unknownSceneCaseOrBadParameterIsOneLineExitTwo() throws {
        for args in [["run", "--scene", "no_such_scene"],
                     ["run", "--scene", "spmd_paged_attention", "--case", "Case9"],
                     ["run"] + Self.small + ["--param", "num_heads=17"],
                     ["run"] + Self.small + ["--param", "colour=3"],
                     ["run"] + Self.small + ["--variant", "events=both"],
                     ["check"] + Self.small + ["--drop-sync", "aic.no-such-sync"],
                     ["suite", "--example", "no_such_scene"]] {
            let r = try ptosim(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix("ptosim: error:") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    /// The runtime timed model times single-core (AIV) tasks and launches of several tasks.
    @Test func timedRunsOfMultiTaskAndSingleCoreScenesPass() throws {
        for scene in ["spmd_multiblock_aiv", "spmd_multiblock_mix"] {
            let r = try ptosim(["run", "--scene", scene, "--timing"])
            #expect(r.status == 0, "\(scene): \(r.stderr)")
            #expect(r.stdout.contains("PASSED") && r.stdout.contains("modeled a2a3 time"), "\(r.stdout)")
        }
    }

    @Test func checkSceneReportsH13AndTheAddedSyncClosesIt() throws {
        let open = try ptosim(["check"] + Self.small + ["--json"])
        #expect(open.status == 1)
        let hazards = try #require(try json(open.stdout)["hazards"] as? [[String: Any]])
        #expect(hazards.count == 1)
        let closed = try ptosim(["check"] + Self.small + ["--add-sync", "pij-mte3-v"])
        #expect(closed.status == 0, "\(closed.stdout)")
    }

    /// `--list-syncs` is recorded from what the cores issue: over both event schemes (with the addable sync) it is
    /// every label the kernel's source passes to a sync call.
    @Test func listSyncsMatchesTheSyncSitesOfTheSource() throws {
        var listed: Set<String> = []
        for scheme in ["per-slot", "shared"] {
            let r = try ptosim(["check"] + Self.small + ["--list-syncs", "--json", "--events", scheme,
                                                         "--add-sync", "pij-mte3-v"])
            #expect(r.status == 0)
            let o = try json(r.stdout)
            let syncs = try #require(o["syncs"] as? [[String: Any]])
            listed.formUnion(syncs.compactMap { $0["label"] as? String })
            #expect(o["addable"] as? [String] == ["pij-mte3-v"])
        }
        #expect(listed == (try SourceSyncLabels.pagedAttention()))
    }

    @Test func necessityJudgesOnlyIssuedSyncs() throws {
        let r = try ptosim(["check"] + Self.small + ["--necessity", "--json", "--add-sync", "pij-mte3-v"])
        #expect(r.status == 0)
        let syncs = try #require(try json(r.stdout)["syncs"] as? [[String: Any]])
        #expect(syncs.allSatisfy { ($0["issued"] as? Int ?? 0) > 0 })
        #expect(syncs.contains { $0["label"] as? String == "pij-mte3-v" && $0["verdict"] as? String == "required" })
    }

    // MARK: The command-line contract

    @Test func aRunThatDiffersFromTheExactReferenceFails() throws {
        let args = ["run", "--case", "SmallCase1", "--schedule", "random", "--schedule-seed", "5",
                    "--cost-model", "public"]
        let exact = try ptosim(args)
        #expect(exact.status == 1)
        #expect(exact.stdout.contains("FAILED: 6144 elements differ from the kernel-formulation reference"))
        #expect(!exact.stdout.contains("PASSED"))
        let tolerance = try ptosim(args + ["--verdict", "tolerance"])
        #expect(tolerance.status == 0)
        #expect(tolerance.stdout.contains("PASSED"))
    }

    /// The adversarial schedule targets H13 on the one-task kernel and corrupts one 8 × 128 tile, as on the board
    /// before #708 (multi-task scenes: `AdversarialSceneCommandTests`).
    @Test func adversarialScheduleCorruptsOneTile() throws {
        let one = try ptosim(["run", "--case", "SmallCase1", "--timing", "--schedule", "adversarial"])
        #expect(one.status == 1)
        #expect(one.stdout.contains("FAILED: 1024 elements differ from the kernel-formulation reference"))
        #expect(one.stdout.contains("adversarial: block 0: WAR"))
    }

    @Test func aHazardFoundByRunCheckRacesFailsTheRun() throws {
        let legacy = try ptosim(["run", "--batch", "4", "--num-heads", "16", "--context-lens", "700,129,0,256",
                                 "--max-model-len", "1024", "--check-races"])
        #expect(legacy.status == 1)
        #expect(legacy.stdout.contains("FAILED: race checker: WAR UB aiv.sf.tpush-pij"))
        let scene = try ptosim(["run"] + Self.small + ["--check-races"])
        #expect(scene.status == 1)
        #expect(scene.stdout.contains("FAILED: race checker"))
        let fixed = try ptosim(["run"] + Self.small + ["--check-races", "--add-sync", "pij-mte3-v"])
        #expect(fixed.status == 0)
    }

    @Test func optionsThatCannotWorkTogetherAreRefused() throws {
        for extra in [["--timing", "--check-races"], ["--schedule", "adversarial", "--check-races"],
                      ["--schedule", "random", "--schedule-seed", "1", "--check-races"]] {
            for base in [["run", "--case", "SmallCase1"], ["run"] + Self.small] {
                let r = try ptosim(base + extra)
                #expect(r.status == 2, "\(base + extra)")
                #expect(r.stderr.hasPrefix("ptosim: error:") && r.stderr.contains("--check-races"))
            }
        }
        let r = try ptosim(["run"] + Self.small + ["--inputs", "x.safetensors"])
        #expect(r.status == 2)
    }

    @Test func runSceneTimingGivesModeledTimes() throws {
        let r = try ptosim(["run"] + Self.small + ["--timing", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let modeled = try #require(try json(r.stdout)["modeled_us"] as? [String: Any])
        #expect((modeled["elapsed"] as? Double ?? 0) > 0)
    }

    @Test func traceSceneWritesATimeline() throws {
        let dir = TemporaryDirectory("ptosim-scene-trace")
        defer { dir.remove() }
        let path = dir.file("t.json")
        let r = try ptosim(["trace"] + Self.small + ["--out", path, "--blocks", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let trace = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(trace is [String: Any] || trace is [Any])
    }

    @Test func suiteListsTheNineRowsOfTheOnBoardTable() throws {
        let r = try ptosim(["suite", "--list"])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.count == 9)
        #expect(rows.contains("spmd_paged_attention (Case1)\tported"))
        #expect(rows.allSatisfy { $0.hasSuffix("\tported") || $0.hasSuffix("\tnot ported") })
    }
}

/// The labels the paged-attention kernel's source passes to its sync calls.
enum SourceSyncLabels {
    static func pagedAttention() throws -> Set<String> {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PTOKernels/PagedAttention").path
        var out: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for call in ["plan.pair(", "plan.set(", "plan.wait(", "plan.barrier("] {
                for piece in text.components(separatedBy: call).dropFirst() {
                    let line = piece.prefix { $0 != "\n" }
                    if let q = line.firstIndex(of: "\""), let e = line[line.index(after: q)...].firstIndex(of: "\"") {
                        out.insert(String(line[line.index(after: q)..<e]))
                    }
                }
            }
        }
        return out
    }
}
