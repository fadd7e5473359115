import ArgumentParser
import PTOCases
import PTOFormats
import PTOKernels
import PTOScenes

extension PTOSimCommand.Bench {
    /// `bench --scene`: min / median / max host seconds of each phase of a scene run, over --runs runs.
    func benchScene() throws {
        if phases != nil || scaling { throw UsageError("--phases and --scaling apply to the built-in cases, not --scene") }
        let scene = try SceneCatalogue.scene(named: sceneSelection.scene ?? "")
        let chosen = try cases.isEmpty ? scene.cases.filter { !$0.manual } : cases.map { try scene.sceneCase(named: $0) }
        var results: [(SceneCase, [String: [Double]])] = []
        let terminal = StandardError.isTerminal
        for c in chosen {
            var times: [String: [Double]] = [:]
            for i in 0..<runs {
                if terminal { StandardError.write("\r\u{1B}[K\(scene.name) \(c.name): run \(i + 1)/\(runs)") }
                var clock = Stopwatch()
                let args = try scene.makeArgs(c, seed: seed)
                times["inputs", default: []].append(clock.lapSeconds("inputs"))
                _ = try scene.golden(args, c)
                times["golden", default: []].append(clock.lapSeconds("golden"))
                for (phase, mode) in [("emulation", LaunchMode.functional),
                                      ("emulation+checker", .checked(overlappingPipes: []))] {
                    let launch = try sceneSelection.launch(scene, kernel: kernel, threads: execution.workers, mode: mode)
                    _ = try SceneCommandSupport.launching { try SceneRunner.run(scene, c, args: args, launch: launch) }
                    times[phase, default: []].append(clock.lapSeconds(phase))
                }
            }
            results.append((c, times))
        }
        if terminal { StandardError.write("\r\u{1B}[K") }
        let phases = ["inputs", "golden", "emulation", "emulation+checker"]
        func stats(_ xs: [Double]) -> (Double, Double, Double) {
            let s = xs.sorted()
            return (s.first ?? 0, s.isEmpty ? 0 : s[s.count / 2], s.last ?? 0)
        }
        if json {
            print(JSONValue.object([("scene", .string(scene.name)), ("runs", .number("\(runs)")),
                                    ("cases", .array(results.map { c, t in
                .object([("case", .string(c.name)), ("seconds", .object(phases.map { p in
                    let (lo, med, hi) = stats(t[p] ?? [])
                    return (p, .object([("min", .number("\(lo)")), ("median", .number("\(med)")), ("max", .number("\(hi)"))]))
                }))])
            }))]).serialized)
            return
        }
        print("\(scene.name): host seconds over \(runs) run(s), min / median / max")
        for (c, t) in results {
            print("  \(c.name)")
            for p in phases {
                let (lo, med, hi) = stats(t[p] ?? [])
                print("    " + p.padding(18) + " \(fixed(lo, 3)) / \(fixed(med, 3)) / \(fixed(hi, 3))")
            }
        }
    }
}

extension String {
    fileprivate func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
