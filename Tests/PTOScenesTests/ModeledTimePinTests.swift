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
        return scene.cases.first { $0.name.lowercased().contains("small") } ?? scene.cases[0]
    }

    /// "scene/set" → (elapsed, sched, orch).
    static let pins: [String: (Double, Double, Double)] = [:]

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
