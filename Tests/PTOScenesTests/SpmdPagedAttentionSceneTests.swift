import Foundation
import Testing
import PTOCases
import PTOCore
import PTOGolden
import PTOKernels
import PTONumerics
@testable import PTOScenes

/// spmd_paged_attention on the generic layer gives what the kernel's own launch gives: the same output bits, the
/// same race findings (including with a label dropped by the host rather than by the kernel's plan), the same
/// core-side timing (`RuntimeTimedModelTests`); and its sync catalogue, recorded from what the cores issue, is the
/// kernel's hand-written list.
@Suite struct SpmdPagedAttentionSceneTests {
    static let scene = SpmdPagedAttentionScene()
    /// A partial last block, a multi-block request, an empty request, two logical blocks on some hardware blocks.
    static let sceneCase = SceneCase(name: "Test", params: [
        ("batch", .int(26)), ("num_heads", .int(16)), ("kv_head_num", .int(1)), ("head_dim", .int(128)),
        ("block_size", .int(128)), ("context_lens_list", .ints([700, 129] + Array(repeating: 256, count: 23) + [0])),
        ("max_model_len", .int(1024)), ("dtype", .string("bfloat16")),
    ])
    static let inputs: PagedAttentionInputs = try! PagedAttentionInputs.generate(scene.params(sceneCase), seed: 3)

    static func sceneRun(_ mode: LaunchMode, _ options: SceneOptions = SceneOptions(), record: Bool = false) throws
        -> SceneRun {
        try SceneRunner.run(scene, sceneCase, args: scene.makeArgs(sceneCase, seed: 3),
                            launch: SceneLaunch(threads: 1, mode: mode, options: options, recordSyncs: record))
    }

    @Test func outputEqualsTheKernelLaunchBitForBit() throws {
        let run = try Self.sceneRun(.functional)
        let legacy = try PagedAttentionKernel.run(Self.inputs, options: .init(threads: 1))
        let out = try run.args.tensor("out")
        #expect(out.shape == legacy.out.shape)
        #expect((0..<out.count).allSatisfy { out.f32[$0].bitPattern == legacy.out.f32[$0].bitPattern })
        #expect(run.runtime.tasks.count == 1)
    }

    @Test func frontEndPassesOnTheGoldenAndTheExactReference() throws {
        let outcome = try SceneFrontEnd.execute(SceneJob(scene: Self.scene, sceneCase: Self.sceneCase, seed: 3,
                                                         launch: SceneLaunch(threads: 1)))
        #expect(outcome.passed, "\(outcome.failures)")
        #expect(outcome.vsExact?.allSatisfy(\.exact) == true)
    }

    @Test(arguments: [(EventScheme.perSlot, Set<String>()), (.shared, Set(["aic.qk.fix-s"])), (.perSlot, Set(["aiv.sf.v-mte3"]))])
    func checkedFindingsEqualTheKernelCheck(scheme: EventScheme, dropped: Set<String>) throws {
        let options = SceneOptions(droppedSyncs: dropped, variants: ["events": scheme.rawValue])
        let report = SceneCheckReport(try Self.sceneRun(.checked(overlappingPipes: []), options).outcomes)
        let legacy = PagedAttentionKernel.check(Self.inputs, plan: SyncPlan(scheme: scheme, dropped: dropped)).report
        #expect(report.signatures.sorted() == legacy.signatures.sorted())
        #expect(report.findings.map(\.occurrences).reduce(0, +) == legacy.findings.map(\.occurrences).reduce(0, +))
        #expect(report.findings.map(\.blocks).sorted() == legacy.findings.map(\.blocks).sorted())
    }

    /// The labels the kernel's source passes to its sync calls (`plan.pair/set/wait/barrier(..., "label")`).
    static func sourceLabels() throws -> Set<String> {
        let dir = URLPath.package + "/Sources/PTOKernels/PagedAttention/"
        var out: Set<String> = []
        for file in ["PagedAttentionCube+Steps.swift", "PagedAttentionVector+Steps.swift", "PagedAttentionVector.swift",
                     "PagedAttentionCube.swift"] {
            let text = try String(contentsOfFile: dir + file, encoding: .utf8)
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

    @Test func recordedCatalogueIsEverySyncSiteOfTheSource() throws {
        var union: Set<String> = []
        for scheme in EventScheme.allCases {
            let run = try Self.sceneRun(.functional, SceneOptions(addedSyncs: ["pij-mte3-v"],
                                                                  variants: ["events": scheme.rawValue]), record: true)
            let recorded = run.syncCatalogue.map(\.name)
            #expect(Set(recorded).count == recorded.count)
            let legacy = try PagedAttentionKernel.syncCatalogue(Self.inputs, plan: SyncPlan(scheme: scheme, added: ["pij-mte3-v"]))
            #expect(Set(recorded) == Set(legacy.map(\.name)))
            union.formUnion(recorded)
        }
        // Every label the kernel source spells out in a sync call, and nothing else (the case reaches every path).
        #expect(union == (try Self.sourceLabels()))
    }

    @Test func droppingALabelNoKernelIssuesIsRefused() {
        #expect(throws: UnknownSyncLabel.self) {
            try Self.sceneRun(.functional, SceneOptions(droppedSyncs: ["aic.no-such-sync"]))
        }
    }

    @Test func unknownVariantsAndSyncsAreRefused() {
        #expect(throws: SceneError.self) { try Self.scene.validate(SceneOptions(variants: ["events": "both"])) }
        #expect(throws: SceneError.self) { try Self.scene.validate(SceneOptions(variants: ["colour": "red"])) }
        #expect(throws: SceneError.self) { try Self.scene.validate(SceneOptions(addedSyncs: ["nope"])) }
    }
}

/// The package root, from this file's path.
enum URLPath {
    static let package: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
}
