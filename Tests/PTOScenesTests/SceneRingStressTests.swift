import Testing
import PTOCases
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// A multi-task scene under ring sizes small enough that every ring resource wraps (simpler's ring-stress idea,
/// scaled to a small case): back-pressure changes when tasks run, never what they compute, so the output is
/// bit-identical to an unconstrained run and to a one-cluster, one-thread run, and within the golden's tolerance.
@Suite struct SceneRingStressTests {
    static let scene = PagedAttentionUnrollScene(scopeMode: .auto)

    static func run(_ config: RuntimeConfig) throws -> (out: [UInt32], run: SceneRun, args: SceneArgs) {
        let c = try scene.sceneCase(named: "Case1").with("batch", .int(6)).with("context_len", .int(300))
        let args = try scene.makeArgs(c, seed: 4)
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(runtime: config))
        let out = try args.tensor("out")
        return ((0..<out.count).map { out.f32[$0].bitPattern }, run, args)
    }

    @Test func ringStressSizesGiveTheSameBits() throws {
        let stress = try RuntimeConfig.resolve(clusters: 24, hostThreads: 2, taskWindow: .all(8), heap: .all(256 << 10),
                                               depPool: .all(16), environment: [:])
        let constrained = try Self.run(stress)
        let free = try Self.run(RuntimeConfig(clusters: 24, hostThreads: 2))
        let serial = try Self.run(RuntimeConfig(clusters: 1, hostThreads: 1))
        #expect(constrained.out == free.out)
        #expect(serial.out == free.out)
        let wraps = constrained.run.runtime.rings.map { $0.taskWindowWraps + $0.heapWraps + $0.depPoolWraps }
        #expect(wraps.reduce(0, +) > 0, "\(constrained.run.runtime.rings)")
        let c = try Self.scene.sceneCase(named: "Case1").with("batch", .int(6)).with("context_len", .int(300))
        let golden = try Self.scene.golden(constrained.args, c)
        let cmp = try SceneComparison.compare("out", actual: try constrained.args.tensor("out"), expected: golden["out"]!,
                                              tolerance: Self.scene.tolerance)
        #expect(cmp.passed, "\(cmp.mismatches) elements outside the tolerance")
    }
}
