import Testing
import PTOCases
import PTONumerics
@testable import PTOScenes

/// `SceneReuse`, which lets `ptosim suite` generate the inputs and references of rows with the same inputs once: the
/// keys are equal exactly where the generated arguments are, runs that share give the same outputs as runs that do
/// not, and the shared inputs come out of the runs unchanged.
@Suite struct SceneReuseTests {
    static let unroll = PagedAttentionUnrollScene(scopeMode: .auto)
    static let manual = PagedAttentionUnrollScene(scopeMode: .manual)
    static let batch = BatchPagedAttentionScene()

    /// Case1's shape (16 heads, head_dim 128, blocks of 128) shrunk to two requests of 300 tokens.
    static func small(_ scene: some Scene, batch: Int = 2) throws -> SceneCase {
        try scene.sceneCase(named: "Case1").with("batch", .int(batch)).with("context_len", .int(300))
    }

    static func expectSameTensors(_ a: SceneArgs, _ b: SceneArgs, _ what: String) {
        #expect(a.tensors.map(\.name) == b.tensors.map(\.name), "\(what)")
        for (x, y) in zip(a.tensors, b.tensors) {
            #expect(x.tensor.isBitwiseEqual(to: y.tensor), "\(what): tensor \(x.name) differs")
        }
        #expect(a.scalars.map(\.bits) == b.scalars.map(\.bits), "\(what): scalars differ")
    }

    @Test func equalKeysMeanBitIdenticalArgumentsAndOtherParametersOrSeedsGiveOtherKeys() throws {
        let scenes: [any Scene] = [Self.unroll, Self.manual, Self.batch]
        let keys = try scenes.map { try $0.argumentsKey(try Self.small($0), seed: 5) }
        #expect(keys[0] != nil && keys.allSatisfy { $0 == keys[0] })
        let reference = try Self.unroll.makeArgs(try Self.small(Self.unroll), seed: 5)
        for s in scenes.dropFirst() {
            Self.expectSameTensors(try s.makeArgs(try Self.small(s), seed: 5), reference, s.name)
        }
        #expect(try Self.unroll.argumentsKey(try Self.small(Self.unroll), seed: 6) != keys[0])
        #expect(try Self.unroll.argumentsKey(try Self.small(Self.unroll, batch: 3), seed: 5) != keys[0])
        let case2 = try Self.unroll.sceneCase(named: "Case2")
        #expect(try Self.unroll.argumentsKey(case2, seed: 5) != Self.unroll.argumentsKey(try Self.unroll.sceneCase(named: "Case1"), seed: 5))
        // The same goldens; the exact references only where the kernels are the same.
        #expect(try Self.unroll.goldenKey(try Self.small(Self.unroll)) == Self.batch.goldenKey(try Self.small(Self.batch)))
        #expect(try Self.unroll.exactReferenceKey(try Self.small(Self.unroll))
                == Self.manual.exactReferenceKey(try Self.small(Self.manual)))
        #expect(try Self.batch.exactReferenceKey(try Self.small(Self.batch)) == nil)
        // spmd_paged_attention draws from other streams: it shares nothing.
        let spmd = SpmdPagedAttentionScene()
        #expect(try spmd.argumentsKey(try spmd.sceneCase(named: "Case1"), seed: 5) == nil)
    }

    @Test func groupedPutsEqualKeysTogetherAtTheFirstOnesPlace() {
        #expect(SceneReuse.grouped(["a", nil, "b", "a", nil, "b", "a", "c"]) == [0, 3, 6, 1, 2, 5, 4, 7])
        #expect(SceneReuse.grouped([]) == [])
        #expect(SceneReuse.grouped([nil, nil]) == [0, 1])
    }

    @Test func sharedRunsGiveTheOutputsOfSeparateRunsAndLeaveTheInputsUnchanged() throws {
        let scenes: [any Scene] = [Self.unroll, Self.manual, Self.batch]
        let launch = SceneLaunch(clusters: 4, threads: 2)
        let reuse = SceneReuse()
        var shared: [SceneOutcome] = []
        for s in scenes {
            shared.append(try SceneFrontEnd.execute(SceneJob(scene: s, sceneCase: try Self.small(s), seed: 5,
                                                             launch: launch), reuse: reuse))
        }
        #expect(reuse.counts == SceneReuse.Counts(argumentsMade: 1, argumentsReused: 2, goldensMade: 1,
                                                  goldensReused: 2, exactReferencesMade: 1, exactReferencesReused: 1))
        let fresh = try Self.unroll.makeArgs(try Self.small(Self.unroll), seed: 5)
        for (s, o) in zip(scenes, shared) {
            let alone = try SceneFrontEnd.execute(SceneJob(scene: s, sceneCase: try Self.small(s), seed: 5,
                                                           launch: launch))
            #expect(o.passed && alone.passed, "\(s.name): \(o.failures) \(alone.failures)")
            #expect(o.vsExact?.count == 1, "\(s.name) was held to its exact reference")
            let out = try o.run.args.tensor("out")
            #expect(out.isBitwiseEqual(to: try alone.run.args.tensor("out")), "\(s.name): shared run differs")
            // Each run wrote an `out` of its own, and none of them wrote an input.
            #expect(shared.filter { (try? $0.run.args.tensor("out")) === out }.count == 1)
            for name in ["query", "key_cache", "value_cache", "block_table", "context_lens"] {
                #expect(try o.run.args.tensor(name).isBitwiseEqual(to: try fresh.tensor(name)), "\(s.name): \(name)")
            }
        }
    }
}
