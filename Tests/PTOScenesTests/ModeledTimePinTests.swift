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
        "alternating_matmul_add/calibrated": (9.239128323004126, 9.239128323004126, 2.0434599999999996),
        "alternating_matmul_add/history": (9.239128323004126, 9.239128323004126, 2.0434599999999996),
        "alternating_matmul_add/predicting": (13.469558323004122, 13.469558323004122, 6.273889999999999),
        "alternating_matmul_add/pto-fitted-dma": (13.695237726183716, 13.695237726183716, 2.0434599999999996),
        "alternating_matmul_add/public": (9.239128323004126, 9.239128323004126, 2.0434599999999996),
        "batch_paged_attention/calibrated": (28.38966619184612, 28.38966619184612, 17.794330000000002),
        "batch_paged_attention/history": (28.31399051617045, 28.31399051617045, 17.794330000000002),
        "batch_paged_attention/predicting": (32.659015110765104, 32.659015110765104, 22.024760000000004),
        "batch_paged_attention/pto-fitted-dma": (28.21568148019124, 28.21568148019124, 17.794330000000002),
        "batch_paged_attention/public": (26.39785497255272, 26.39785497255272, 17.794330000000002),
        "benchmark_bgemm/calibrated": (1201.824325041442, 1201.824325041442, 1168.8100000000227),
        "benchmark_bgemm/history": (1201.824325041442, 1201.824325041442, 1168.8100000000227),
        "benchmark_bgemm/predicting": (1206.054755041442, 1206.054755041442, 1173.0404300000223),
        "benchmark_bgemm/pto-fitted-dma": (1230.3142059013012, 1230.3142059013012, 1168.8100000000227),
        "benchmark_bgemm/public": (1201.824325041442, 1201.824325041442, 1168.8100000000227),
        "paged_attention/calibrated": (26.36120846582689, 26.36120846582689, 15.443529999999997),
        "paged_attention/history": (26.289316573935, 26.289316573935, 15.443529999999997),
        "paged_attention/predicting": (30.628611438799926, 30.628611438799926, 19.673959999999997),
        "paged_attention/pto-fitted-dma": (26.42797005455384, 26.42797005455384, 15.443529999999997),
        "paged_attention/public": (24.544640307460526, 24.544640307460526, 15.443529999999997),
        "paged_attention_unroll/calibrated": (25.934528423252967, 25.934528423252967, 11.79662),
        "paged_attention_unroll/history": (25.82282202999747, 25.82282202999747, 11.79662),
        "paged_attention_unroll/predicting": (30.224309774604418, 30.224309774604418, 16.027050000000003),
        "paged_attention_unroll/pto-fitted-dma": (31.93051232395669, 31.93051232395669, 11.79662),
        "paged_attention_unroll/public": (24.04788495305679, 24.04788495305679, 11.79662),
        "paged_attention_unroll_manual_scope/calibrated": (23.23512842325297, 23.23512842325297, 7.353620000000002),
        "paged_attention_unroll_manual_scope/history": (23.12342202999747, 23.12342202999747, 7.353620000000002),
        "paged_attention_unroll_manual_scope/predicting": (27.524909774604417, 27.524909774604417, 11.58405),
        "paged_attention_unroll_manual_scope/pto-fitted-dma": (29.23111232395668, 29.23111232395668, 7.353620000000002),
        "paged_attention_unroll_manual_scope/public": (21.348484953056804, 21.348484953056804, 7.353620000000002),
        "spmd_basic/calibrated": (5.770623513513515, 5.770623513513515, 0.81091),
        "spmd_basic/history": (5.7649478378378385, 5.7649478378378385, 0.81091),
        "spmd_basic/predicting": (10.003972432432434, 10.003972432432434, 5.04134),
        "spmd_basic/pto-fitted-dma": (5.507758648648649, 5.507758648648649, 0.81091),
        "spmd_basic/public": (5.507758648648649, 5.507758648648649, 0.81091),
        "spmd_batch_dispatch_oob/calibrated": (13.905626756756755, 13.905626756756755, 1.67334),
        "spmd_batch_dispatch_oob/history": (13.898059189189187, 13.898059189189187, 1.67334),
        "spmd_batch_dispatch_oob/predicting": (18.13994864864865, 18.13994864864865, 5.90377),
        "spmd_batch_dispatch_oob/pto-fitted-dma": (13.555140270270272, 13.555140270270272, 1.67334),
        "spmd_batch_dispatch_oob/public": (13.555140270270272, 13.555140270270272, 1.67334),
        "spmd_multiblock_aiv/calibrated": (25.04600513513513, 25.04600513513513, 4.183350000000001),
        "spmd_multiblock_aiv/history": (25.034653783783778, 25.034653783783778, 4.183350000000001),
        "spmd_multiblock_aiv/predicting": (29.282272972972976, 29.282272972972976, 8.413780000000001),
        "spmd_multiblock_aiv/pto-fitted-dma": (24.520275405405407, 24.520275405405407, 4.183350000000001),
        "spmd_multiblock_aiv/public": (24.520275405405407, 24.520275405405407, 4.183350000000001),
        "spmd_multiblock_mix/calibrated": (20.926005135135135, 20.926005135135135, 4.183350000000001),
        "spmd_multiblock_mix/history": (20.914653783783784, 20.914653783783784, 4.183350000000001),
        "spmd_multiblock_mix/predicting": (25.16227297297298, 25.16227297297298, 8.413780000000001),
        "spmd_multiblock_mix/pto-fitted-dma": (20.400275405405406, 20.400275405405406, 4.183350000000001),
        "spmd_multiblock_mix/public": (20.400275405405406, 20.400275405405406, 4.183350000000001),
        "spmd_paged_attention/calibrated": (22.48111308111816, 22.48111308111816, 2.01957),
        "spmd_paged_attention/history": (22.258547167499383, 22.258547167499383, 2.01957),
        "spmd_paged_attention/predicting": (27.871524509350365, 27.871524509350365, 6.25),
        "spmd_paged_attention/pto-fitted-dma": (36.84481458986103, 36.84481458986103, 2.01957),
        "spmd_paged_attention/public": (17.379164180545317, 17.379164180545317, 2.01957),
        "spmd_starvation/calibrated": (46.8086537837838, 46.8086537837838, 16.733400000000003),
        "spmd_starvation/history": (46.770815945945955, 46.770815945945955, 16.733400000000003),
        "spmd_starvation/predicting": (51.05854324324322, 51.05854324324322, 20.963829999999998),
        "spmd_starvation/pto-fitted-dma": (45.05622135135135, 45.05622135135135, 16.733400000000003),
        "spmd_starvation/public": (45.05622135135135, 45.05622135135135, 16.733400000000003),
        "spmd_sync_start/calibrated": (13.445626756756756, 13.445626756756756, 3.34668),
        "spmd_sync_start/history": (13.438059189189188, 13.438059189189188, 3.34668),
        "spmd_sync_start/predicting": (17.67994864864865, 17.67994864864865, 7.57711),
        "spmd_sync_start/pto-fitted-dma": (13.09514027027027, 13.09514027027027, 3.34668),
        "spmd_sync_start/public": (13.09514027027027, 13.09514027027027, 3.34668),
        "spmd_sync_start_aiv/calibrated": (14.405626756756757, 14.405626756756757, 3.34668),
        "spmd_sync_start_aiv/history": (14.398059189189187, 14.398059189189187, 3.34668),
        "spmd_sync_start_aiv/predicting": (18.63994864864865, 18.63994864864865, 7.57711),
        "spmd_sync_start_aiv/pto-fitted-dma": (14.05514027027027, 14.05514027027027, 3.34668),
        "spmd_sync_start_aiv/public": (14.05514027027027, 14.05514027027027, 3.34668),
        "spmd_sync_start_edge/calibrated": (16.610815945945944, 16.610815945945944, 4.183350000000001),
        "spmd_sync_start_edge/history": (16.601356486486484, 16.601356486486484, 4.183350000000001),
        "spmd_sync_start_edge/predicting": (20.846110810810814, 20.846110810810814, 8.413780000000001),
        "spmd_sync_start_edge/pto-fitted-dma": (16.172707837837837, 16.172707837837837, 4.183350000000001),
        "spmd_sync_start_edge/public": (16.172707837837837, 16.172707837837837, 4.183350000000001),
        "spmd_sync_start_stress/calibrated": (117.35508621621632, 117.35508621621632, 45.18018000000001),
        "spmd_sync_start_stress/history": (117.25292405405416, 117.25292405405416, 45.18018000000001),
        "spmd_sync_start_stress/predicting": (121.63805675675664, 121.63805675675664, 49.41061),
        "spmd_sync_start_stress/pto-fitted-dma": (112.62351864864864, 112.62351864864864, 45.18018000000001),
        "spmd_sync_start_stress/public": (112.62351864864864, 112.62351864864864, 45.18018000000001),
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
