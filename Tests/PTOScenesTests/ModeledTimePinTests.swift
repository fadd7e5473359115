import Foundation
import Testing
import PTOCases
import PTOCore
import PTOKernels
@testable import PTOScenes

/// Pins each built-in cost-model set's modeled Elapsed / Sched / Orch (µs) on a small case of every scene in the
/// catalogue, so a change to the runtime model, the cost model or a kernel that moves a modeled time shows here and
/// has to be re-pinned on purpose. Not a timing assertion on the host: these are the model's outputs.
@Suite struct ModeledTimePinTests {
    /// A small case per scene: its own small case where it has one, else its only case.
    static func smallCase(_ scene: any Scene) throws -> SceneCase {
        if scene.name == "spmd_paged_attention" { return SpmdPagedAttentionSceneTests.sceneCase }
        if let unroll = scene as? PagedAttentionUnrollScene { return try PagedAttentionUnrollTests.smallCase1(unroll) }
        return scene.cases.first { $0.name.lowercased().contains("small") } ?? scene.cases[0]
    }

    /// "scene/set" → (elapsed, sched, orch).
    static let pins: [String: (Double, Double, Double)] = [
        "alternating_matmul_add/calibrated": (9.239198323004127, 9.239198323004127, 2.0),
        "alternating_matmul_add/history": (9.239198323004127, 9.239198323004127, 2.0),
        "alternating_matmul_add/predicting": (14.489198323004125, 14.489198323004125, 7.25),
        "alternating_matmul_add/pto-fitted-dma": (13.695307726183714, 13.695307726183714, 2.0),
        "alternating_matmul_add/public": (9.239198323004127, 9.239198323004127, 2.0),
        "benchmark_bgemm/calibrated": (1033.5547750414187, 1033.5547750414187, 1000.0),
        "benchmark_bgemm/history": (1033.5547750414187, 1033.5547750414187, 1000.0),
        "benchmark_bgemm/predicting": (1038.8047750414187, 1038.8047750414187, 1005.2500000000001),
        "benchmark_bgemm/pto-fitted-dma": (1062.044655901277, 1062.044655901277, 1000.0),
        "benchmark_bgemm/public": (1033.5547750414187, 1033.5547750414187, 1000.0),
        "batch_paged_attention/calibrated": (24.17158619184612, 24.17158619184612, 13.0),
        "batch_paged_attention/history": (24.095910516170445, 24.095910516170445, 13.0),
        "batch_paged_attention/predicting": (29.34591051617045, 29.34591051617045, 18.25),
        "batch_paged_attention/pto-fitted-dma": (23.897601480191238, 23.897601480191238, 13.0),
        "batch_paged_attention/public": (22.07977497255272, 22.07977497255272, 13.0),
        "paged_attention/calibrated": (24.049948465826894, 24.049948465826894, 13.0),
        "paged_attention/history": (23.978056573935, 23.978056573935, 13.0),
        "paged_attention/predicting": (29.228056573935, 29.228056573935, 18.25),
        "paged_attention/pto-fitted-dma": (24.01671005455383, 24.01671005455383, 13.0),
        "paged_attention/public": (22.133380307460524, 22.133380307460524, 13.0),
        "paged_attention_unroll/calibrated": (24.248778423252972, 24.248778423252972, 10.0),
        "paged_attention_unroll/history": (24.137072029997473, 24.137072029997473, 10.0),
        "paged_attention_unroll/predicting": (29.387072029997466, 29.387072029997466, 15.25),
        "paged_attention_unroll/pto-fitted-dma": (31.214762323956695, 31.214762323956695, 10.0),
        "paged_attention_unroll/public": (22.362134953056795, 22.362134953056795, 10.0),
        "paged_attention_unroll_manual_scope/calibrated": (24.248778423252972, 24.248778423252972, 10.0),
        "paged_attention_unroll_manual_scope/history": (24.137072029997473, 24.137072029997473, 10.0),
        "paged_attention_unroll_manual_scope/predicting": (29.387072029997466, 29.387072029997466, 15.25),
        "paged_attention_unroll_manual_scope/pto-fitted-dma": (31.214762323956695, 31.214762323956695, 10.0),
        "paged_attention_unroll_manual_scope/public": (22.362134953056795, 22.362134953056795, 10.0),
        "spmd_basic/calibrated": (5.981513513513514, 5.981513513513514, 1.0),
        "spmd_basic/history": (5.9758378378378385, 5.9758378378378385, 1.0),
        "spmd_basic/predicting": (11.225837837837835, 11.225837837837835, 6.25),
        "spmd_basic/pto-fitted-dma": (5.7186486486486485, 5.7186486486486485, 1.0),
        "spmd_basic/public": (5.7186486486486485, 5.7186486486486485, 1.0),
        "spmd_batch_dispatch_oob/calibrated": (13.530756756756755, 13.530756756756755, 2.0),
        "spmd_batch_dispatch_oob/history": (13.523189189189187, 13.523189189189187, 2.0),
        "spmd_batch_dispatch_oob/predicting": (18.773189189189186, 18.773189189189186, 7.25),
        "spmd_batch_dispatch_oob/pto-fitted-dma": (13.18027027027027, 13.18027027027027, 2.0),
        "spmd_batch_dispatch_oob/public": (13.18027027027027, 13.18027027027027, 2.0),
        "spmd_multiblock_aiv/calibrated": (22.171135135135135, 22.171135135135135, 5.0),
        "spmd_multiblock_aiv/history": (22.15978378378378, 22.15978378378378, 5.0),
        "spmd_multiblock_aiv/predicting": (27.40978378378378, 27.40978378378378, 10.25),
        "spmd_multiblock_aiv/pto-fitted-dma": (21.645405405405405, 21.645405405405405, 5.0),
        "spmd_multiblock_aiv/public": (21.645405405405405, 21.645405405405405, 5.0),
        "spmd_multiblock_mix/calibrated": (19.531135135135134, 19.531135135135134, 5.0),
        "spmd_multiblock_mix/history": (19.519783783783783, 19.519783783783783, 5.0),
        "spmd_multiblock_mix/predicting": (24.76978378378378, 24.76978378378378, 10.25),
        "spmd_multiblock_mix/pto-fitted-dma": (19.005405405405405, 19.005405405405405, 5.0),
        "spmd_multiblock_mix/public": (19.005405405405405, 19.005405405405405, 5.0),
        "spmd_paged_attention/calibrated": (21.483343081118168, 21.483343081118168, 1.0),
        "spmd_paged_attention/history": (21.26077716749939, 21.26077716749939, 1.0),
        "spmd_paged_attention/predicting": (26.510777167499377, 26.510777167499377, 6.25),
        "spmd_paged_attention/pto-fitted-dma": (35.847044589861035, 35.847044589861035, 1.0),
        "spmd_paged_attention/public": (16.381394180545318, 16.381394180545318, 1.0),
        "spmd_starvation/calibrated": (46.023783783783784, 46.023783783783784, 20.0),
        "spmd_starvation/history": (45.98594594594594, 45.98594594594594, 20.0),
        "spmd_starvation/predicting": (51.235945945945964, 51.235945945945964, 25.25),
        "spmd_starvation/pto-fitted-dma": (44.27135135135135, 44.27135135135135, 20.0),
        "spmd_starvation/public": (44.27135135135135, 44.27135135135135, 20.0),
        "spmd_sync_start/calibrated": (13.590756756756756, 13.590756756756756, 4.0),
        "spmd_sync_start/history": (13.583189189189188, 13.583189189189188, 4.0),
        "spmd_sync_start/predicting": (18.833189189189188, 18.833189189189188, 9.25),
        "spmd_sync_start/pto-fitted-dma": (13.24027027027027, 13.24027027027027, 4.0),
        "spmd_sync_start/public": (13.24027027027027, 13.24027027027027, 4.0),
        "spmd_sync_start_aiv/calibrated": (14.510756756756754, 14.510756756756754, 4.0),
        "spmd_sync_start_aiv/history": (14.503189189189188, 14.503189189189188, 4.0),
        "spmd_sync_start_aiv/predicting": (19.753189189189186, 19.753189189189186, 9.25),
        "spmd_sync_start_aiv/pto-fitted-dma": (14.16027027027027, 14.16027027027027, 4.0),
        "spmd_sync_start_aiv/public": (14.16027027027027, 14.16027027027027, 4.0),
        "spmd_sync_start_edge/calibrated": (16.715945945945943, 16.715945945945943, 5.0),
        "spmd_sync_start_edge/history": (16.706486486486483, 16.706486486486483, 5.0),
        "spmd_sync_start_edge/predicting": (21.956486486486483, 21.956486486486483, 10.25),
        "spmd_sync_start_edge/pto-fitted-dma": (16.27783783783784, 16.27783783783784, 5.0),
        "spmd_sync_start_edge/public": (16.27783783783784, 16.27783783783784, 5.0),
        "spmd_sync_start_stress/calibrated": (116.88021621621633, 116.88021621621633, 54.0),
        "spmd_sync_start_stress/history": (116.77805405405417, 116.77805405405417, 54.0),
        "spmd_sync_start_stress/predicting": (122.02805405405418, 122.02805405405418, 59.25),
        "spmd_sync_start_stress/pto-fitted-dma": (112.14864864864866, 112.14864864864866, 54.0),
        "spmd_sync_start_stress/public": (112.14864864864866, 112.14864864864866, 54.0),
    ]

    static var arguments: [(String, String)] {
        SceneCatalogue.all.flatMap { s in TimingParameters.BuiltInSet.allCases.map { (s.name, $0.rawValue) } }
    }

    @Test(arguments: arguments)
    func modeledTimesArePinned(scene name: String, set: String) throws {
        let scene = try SceneCatalogue.scene(named: name)
        let sceneCase = try Self.smallCase(scene)
        let p = try TimingParameters.builtIn(try #require(TimingParameters.BuiltInSet(rawValue: set)))
        let chip = TimedChip(options: .init(parameters: p, schedule: .nominal, applyEffects: false))
        let run = try SceneRunner.run(scene, sceneCase, args: scene.makeArgs(sceneCase, seed: 3),
                                      launch: SceneLaunch(threads: 1, mode: .timed(chip)))
        let m = try #require(run.timed).modeled
        let got = (m.elapsedMicros, m.schedMicros, m.orchMicros)
        guard let pin = Self.pins["\(name)/\(set)"] else {
            Issue.record("unpinned: \"\(name)/\(set)\": (\(got.0), \(got.1), \(got.2)),")
            return
        }
        for (a, b) in [(got.0, pin.0), (got.1, pin.1), (got.2, pin.2)] {
            #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(name)/\(set): modeled \(got), pinned \(pin)")
        }
    }
}
