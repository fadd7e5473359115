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
        "batch_paged_attention/calibrated": (26.30948619184612, 26.30948619184612, 16.297),
        "batch_paged_attention/history": (25.263810516170444, 25.263810516170444, 16.297),
        "batch_paged_attention/predicting": (30.888205110765103, 30.888205110765103, 20.836799999999997),
        "batch_paged_attention/pto-fitted-dma": (26.13550148019124, 26.13550148019124, 16.297),
        "batch_paged_attention/public": (23.347674972552717, 23.347674972552717, 16.297),
        "benchmark_bgemm/calibrated": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "benchmark_bgemm/history": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "benchmark_bgemm/predicting": (1244.626075041423, 1244.626075041423, 1211.7398000000037),
        "benchmark_bgemm/pto-fitted-dma": (1268.6660427072966, 1268.6660427072966, 1207.2000000000037),
        "benchmark_bgemm/public": (1240.0862750414233, 1240.0862750414233, 1207.2000000000037),
        "paged_attention/calibrated": (26.47298089825931, 26.47298089825931, 15.4918),
        "paged_attention/history": (26.389856573935003, 26.389856573935003, 15.4918),
        "paged_attention/predicting": (31.067267384745882, 31.067267384745882, 20.031599999999997),
        "paged_attention/pto-fitted-dma": (26.5783945251759, 26.5783945251759, 15.4918),
        "paged_attention/public": (22.70518030746052, 22.70518030746052, 15.4918),
        "paged_attention_unroll/calibrated": (24.833978423252976, 24.833978423252976, 11.485000000000003),
        "paged_attention_unroll/history": (24.722272029997473, 24.722272029997473, 11.485000000000003),
        "paged_attention_unroll/predicting": (29.433129774604414, 29.433129774604414, 16.024800000000003),
        "paged_attention_unroll/pto-fitted-dma": (30.829962323956693, 30.829962323956693, 11.485000000000003),
        "paged_attention_unroll/public": (22.09733495305679, 22.09733495305679, 11.485000000000003),
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
        "spmd_batch_dispatch_oob/calibrated": (13.422656756756755, 13.422656756756755, 1.8274000000000004),
        "spmd_batch_dispatch_oob/history": (13.415089189189187, 13.415089189189187, 1.8274000000000004),
        "spmd_batch_dispatch_oob/predicting": (17.96634864864865, 17.96634864864865, 6.367199999999999),
        "spmd_batch_dispatch_oob/pto-fitted-dma": (13.07217027027027, 13.07217027027027, 1.8274000000000004),
        "spmd_batch_dispatch_oob/public": (13.07217027027027, 13.07217027027027, 1.8274000000000004),
        "spmd_multiblock_aiv/calibrated": (22.063035135135134, 22.063035135135134, 4.568499999999999),
        "spmd_multiblock_aiv/history": (22.051683783783783, 22.051683783783783, 4.568499999999999),
        "spmd_multiblock_aiv/predicting": (26.608672972972975, 26.608672972972975, 9.1083),
        "spmd_multiblock_aiv/pto-fitted-dma": (21.537305405405405, 21.537305405405405, 4.568499999999999),
        "spmd_multiblock_aiv/public": (21.537305405405405, 21.537305405405405, 4.568499999999999),
        "spmd_multiblock_mix/calibrated": (19.423035135135134, 19.423035135135134, 4.568499999999999),
        "spmd_multiblock_mix/history": (19.411683783783783, 19.411683783783783, 4.568499999999999),
        "spmd_multiblock_mix/predicting": (23.96867297297298, 23.96867297297298, 9.1083),
        "spmd_multiblock_mix/pto-fitted-dma": (18.897305405405405, 18.897305405405405, 4.568499999999999),
        "spmd_multiblock_mix/public": (18.897305405405405, 18.897305405405405, 4.568499999999999),
        "spmd_paged_attention/calibrated": (22.171743081118162, 22.171743081118162, 1.7102),
        "spmd_paged_attention/history": (21.949177167499382, 21.949177167499382, 1.7102),
        "spmd_paged_attention/predicting": (27.871524509350365, 27.871524509350365, 6.249999999999998),
        "spmd_paged_attention/pto-fitted-dma": (36.53544458986103, 36.53544458986103, 1.7102),
        "spmd_paged_attention/public": (17.06979418054532, 17.06979418054532, 1.7102),
        "spmd_starvation/calibrated": (45.91568378378379, 45.91568378378379, 18.273999999999997),
        "spmd_starvation/history": (45.87784594594595, 45.87784594594595, 18.273999999999997),
        "spmd_starvation/predicting": (50.47494324324323, 50.47494324324323, 22.813799999999993),
        "spmd_starvation/pto-fitted-dma": (44.16325135135135, 44.16325135135135, 18.273999999999997),
        "spmd_starvation/public": (44.16325135135135, 44.16325135135135, 18.273999999999997),
        "spmd_sync_start/calibrated": (13.482656756756755, 13.482656756756755, 3.6548),
        "spmd_sync_start/history": (13.475089189189188, 13.475089189189188, 3.6548),
        "spmd_sync_start/predicting": (18.02634864864865, 18.02634864864865, 8.1946),
        "spmd_sync_start/pto-fitted-dma": (13.13217027027027, 13.13217027027027, 3.6548),
        "spmd_sync_start/public": (13.13217027027027, 13.13217027027027, 3.6548),
        "spmd_sync_start_aiv/calibrated": (14.402656756756755, 14.402656756756755, 3.6548),
        "spmd_sync_start_aiv/history": (14.395089189189187, 14.395089189189187, 3.6548),
        "spmd_sync_start_aiv/predicting": (18.946348648648648, 18.946348648648648, 8.1946),
        "spmd_sync_start_aiv/pto-fitted-dma": (14.05217027027027, 14.05217027027027, 3.6548),
        "spmd_sync_start_aiv/public": (14.05217027027027, 14.05217027027027, 3.6548),
        "spmd_sync_start_edge/calibrated": (16.607845945945947, 16.607845945945947, 4.568499999999999),
        "spmd_sync_start_edge/history": (16.598386486486483, 16.598386486486483, 4.568499999999999),
        "spmd_sync_start_edge/predicting": (21.15251081081081, 21.15251081081081, 9.1083),
        "spmd_sync_start_edge/pto-fitted-dma": (16.16973783783784, 16.16973783783784, 4.568499999999999),
        "spmd_sync_start_edge/public": (16.16973783783784, 16.16973783783784, 4.568499999999999),
        "spmd_sync_start_stress/calibrated": (116.77211621621633, 116.77211621621633, 49.33979999999998),
        "spmd_sync_start_stress/history": (116.66995405405417, 116.66995405405417, 49.33979999999998),
        "spmd_sync_start_stress/predicting": (121.36445675675662, 121.36445675675662, 53.87959999999999),
        "spmd_sync_start_stress/pto-fitted-dma": (112.04054864864865, 112.04054864864865, 49.33979999999998),
        "spmd_sync_start_stress/public": (112.04054864864865, 112.04054864864865, 49.33979999999998),
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
