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
        "alternating_matmul_add/calibrated": (9.290398323004126, 9.290398323004126, 2.1460000000000004),
        "alternating_matmul_add/history": (9.290398323004126, 9.290398323004126, 2.1460000000000004),
        "alternating_matmul_add/predicting": (13.830198323004124, 13.830198323004124, 6.685799999999999),
        "alternating_matmul_add/pto-fitted-dma": (13.746507726183715, 13.746507726183715, 2.1460000000000004),
        "alternating_matmul_add/public": (9.290398323004126, 9.290398323004126, 2.1460000000000004),
        "batch_paged_attention/calibrated": (27.279486191846118, 27.279486191846118, 16.297),
        "batch_paged_attention/history": (27.203810516170446, 27.203810516170446, 16.297),
        "batch_paged_attention/predicting": (31.858205110765102, 31.858205110765102, 20.836799999999997),
        "batch_paged_attention/pto-fitted-dma": (27.105501480191244, 27.105501480191244, 16.297),
        "batch_paged_attention/public": (25.287674972552722, 25.287674972552722, 16.297),
        "benchmark_bgemm/calibrated": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "benchmark_bgemm/history": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "benchmark_bgemm/predicting": (1244.626075041423, 1244.626075041423, 1211.7398000000037),
        "benchmark_bgemm/pto-fitted-dma": (1268.5761559012822, 1268.5761559012822, 1207.2000000000037),
        "benchmark_bgemm/public": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "paged_attention/calibrated": (26.461748465826894, 26.461748465826894, 15.4918),
        "paged_attention/history": (26.389856573935003, 26.389856573935003, 15.4918),
        "paged_attention/predicting": (31.03852143879992, 31.03852143879992, 20.031599999999997),
        "paged_attention/pto-fitted-dma": (26.528510054553834, 26.528510054553834, 15.4918),
        "paged_attention/public": (24.645180307460528, 24.645180307460528, 15.4918),
        "paged_attention_unroll/calibrated": (25.803978423252975, 25.803978423252975, 11.485000000000003),
        "paged_attention_unroll/history": (25.692272029997472, 25.692272029997472, 11.485000000000003),
        "paged_attention_unroll/predicting": (30.40312977460442, 30.40312977460442, 16.024800000000003),
        "paged_attention_unroll/pto-fitted-dma": (31.7999623239567, 31.7999623239567, 11.485000000000003),
        "paged_attention_unroll/public": (23.91733495305679, 23.91733495305679, 11.485000000000003),
        "paged_attention_unroll_manual_scope/calibrated": (23.10457842325297, 23.10457842325297, 7.0420000000000025),
        "paged_attention_unroll_manual_scope/history": (22.99287202999747, 22.99287202999747, 7.0420000000000025),
        "paged_attention_unroll_manual_scope/predicting": (27.703729774604415, 27.703729774604415, 11.581799999999996),
        "paged_attention_unroll_manual_scope/pto-fitted-dma": (29.100562323956684, 29.100562323956684, 7.0420000000000025),
        "paged_attention_unroll_manual_scope/public": (21.217934953056805, 21.217934953056805, 7.0420000000000025),
        "spmd_basic/calibrated": (5.873413513513514, 5.873413513513514, 0.9137000000000002),
        "spmd_basic/history": (5.867737837837838, 5.867737837837838, 0.9137000000000002),
        "spmd_basic/predicting": (10.416132432432434, 10.416132432432434, 5.453499999999999),
        "spmd_basic/pto-fitted-dma": (5.610548648648649, 5.610548648648649, 0.9137000000000002),
        "spmd_basic/public": (5.610548648648649, 5.610548648648649, 0.9137000000000002),
        "spmd_batch_dispatch_oob/calibrated": (13.982656756756755, 13.982656756756755, 1.8274000000000004),
        "spmd_batch_dispatch_oob/history": (13.975089189189188, 13.975089189189188, 1.8274000000000004),
        "spmd_batch_dispatch_oob/predicting": (18.52634864864865, 18.52634864864865, 6.367199999999999),
        "spmd_batch_dispatch_oob/pto-fitted-dma": (13.632170270270269, 13.632170270270269, 1.8274000000000004),
        "spmd_batch_dispatch_oob/public": (13.632170270270269, 13.632170270270269, 1.8274000000000004),
        "spmd_multiblock_aiv/calibrated": (25.12303513513513, 25.12303513513513, 4.568499999999999),
        "spmd_multiblock_aiv/history": (25.11168378378378, 25.11168378378378, 4.568499999999999),
        "spmd_multiblock_aiv/predicting": (29.668672972972978, 29.668672972972978, 9.1083),
        "spmd_multiblock_aiv/pto-fitted-dma": (24.597305405405404, 24.597305405405404, 4.568499999999999),
        "spmd_multiblock_aiv/public": (24.597305405405404, 24.597305405405404, 4.568499999999999),
        "spmd_multiblock_mix/calibrated": (21.003035135135132, 21.003035135135132, 4.568499999999999),
        "spmd_multiblock_mix/history": (20.99168378378378, 20.99168378378378, 4.568499999999999),
        "spmd_multiblock_mix/predicting": (25.548672972972977, 25.548672972972977, 9.1083),
        "spmd_multiblock_mix/pto-fitted-dma": (20.477305405405406, 20.477305405405406, 4.568499999999999),
        "spmd_multiblock_mix/public": (20.477305405405406, 20.477305405405406, 4.568499999999999),
        "spmd_paged_attention/calibrated": (22.171743081118162, 22.171743081118162, 1.7102),
        "spmd_paged_attention/history": (21.949177167499382, 21.949177167499382, 1.7102),
        "spmd_paged_attention/predicting": (27.871524509350365, 27.871524509350365, 6.249999999999998),
        "spmd_paged_attention/pto-fitted-dma": (36.53544458986103, 36.53544458986103, 1.7102),
        "spmd_paged_attention/public": (17.06979418054532, 17.06979418054532, 1.7102),
        "spmd_starvation/calibrated": (46.88568378378379, 46.88568378378379, 18.273999999999997),
        "spmd_starvation/history": (46.84784594594595, 46.84784594594595, 18.273999999999997),
        "spmd_starvation/predicting": (51.44494324324322, 51.44494324324322, 22.813799999999993),
        "spmd_starvation/pto-fitted-dma": (45.13325135135135, 45.13325135135135, 18.273999999999997),
        "spmd_starvation/public": (45.13325135135135, 45.13325135135135, 18.273999999999997),
        "spmd_sync_start/calibrated": (13.522656756756755, 13.522656756756755, 3.6548),
        "spmd_sync_start/history": (13.515089189189188, 13.515089189189188, 3.6548),
        "spmd_sync_start/predicting": (18.06634864864865, 18.06634864864865, 8.1946),
        "spmd_sync_start/pto-fitted-dma": (13.17217027027027, 13.17217027027027, 3.6548),
        "spmd_sync_start/public": (13.17217027027027, 13.17217027027027, 3.6548),
        "spmd_sync_start_aiv/calibrated": (14.482656756756755, 14.482656756756755, 3.6548),
        "spmd_sync_start_aiv/history": (14.475089189189188, 14.475089189189188, 3.6548),
        "spmd_sync_start_aiv/predicting": (19.02634864864865, 19.02634864864865, 8.1946),
        "spmd_sync_start_aiv/pto-fitted-dma": (14.132170270270269, 14.132170270270269, 3.6548),
        "spmd_sync_start_aiv/public": (14.132170270270269, 14.132170270270269, 3.6548),
        "spmd_sync_start_edge/calibrated": (16.687845945945945, 16.687845945945945, 4.568499999999999),
        "spmd_sync_start_edge/history": (16.678386486486485, 16.678386486486485, 4.568499999999999),
        "spmd_sync_start_edge/predicting": (21.232510810810815, 21.232510810810815, 9.1083),
        "spmd_sync_start_edge/pto-fitted-dma": (16.249737837837838, 16.249737837837838, 4.568499999999999),
        "spmd_sync_start_edge/public": (16.249737837837838, 16.249737837837838, 4.568499999999999),
        "spmd_sync_start_stress/calibrated": (117.43211621621633, 117.43211621621633, 49.33979999999998),
        "spmd_sync_start_stress/history": (117.32995405405417, 117.32995405405417, 49.33979999999998),
        "spmd_sync_start_stress/predicting": (122.02445675675663, 122.02445675675663, 53.87959999999999),
        "spmd_sync_start_stress/pto-fitted-dma": (112.70054864864865, 112.70054864864865, 49.33979999999998),
        "spmd_sync_start_stress/public": (112.70054864864865, 112.70054864864865, 49.33979999999998),
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
