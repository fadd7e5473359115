import Foundation
import Testing
import PTOCases
import PTONumerics
@testable import PTOScenes
#if canImport(Glibc)
import Glibc
#endif

/// A measuring driver for the scene suite, not a check: with `PTOSIM_SCENE_TIMINGS=scene:Case[,scene:Case…]` set it
/// runs each named row once (inputs, golden, emulation, comparison) and prints one line per row with the wall time
/// of every phase and the process's peak RSS so far. Without the variable it does nothing. Run it in release through
/// `scripts/bench-scenes.sh`, which starts one process per row so each peak RSS is that row's own.
@Suite struct SceneSuiteTimings {
    @Test func timeRequestedRows() throws {
        guard let spec = ProcessInfo.processInfo.environment["PTOSIM_SCENE_TIMINGS"], !spec.isEmpty else { return }
        for row in spec.split(separator: ",") {
            let parts = row.split(separator: ":").map(String.init)
            guard parts.count == 2 else { Issue.record("row '\(row)' is not scene:Case"); continue }
            let scene = try SceneCatalogue.scene(named: parts[0])
            let c = try scene.sceneCase(named: parts[1])
            var t = now()
            let args = try scene.makeArgs(c, seed: 1)
            let inputs = now() - t
            t = now()
            let golden = try scene.golden(args, c)
            let goldenTime = now() - t
            t = now()
            let run = try SceneRunner.run(scene, c, args: args)
            let emulation = now() - t
            t = now()
            var passed = true
            for name in scene.outputNames {
                let cmp = try SceneComparison.compare(name, actual: try args.tensor(name), expected: golden[name]!,
                                                      tolerance: scene.tolerance)
                passed = passed && cmp.passed
            }
            let compare = now() - t
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            func f(_ x: Double) -> String { String(format: "%.3f", x) }
            print("SCENE-TIMING \(scene.name) \(c.name) tasks=\(run.runtime.tasks.count) inputs=\(f(inputs)) "
                + "golden=\(f(goldenTime)) emulation=\(f(emulation)) compare=\(f(compare)) "
                + "peak_rss_mb=\(usage.ru_maxrss / 1024) passed=\(passed ? "yes" : "no")")
            #expect(passed, "\(scene.name) \(c.name) failed its golden")
        }
    }

    func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
