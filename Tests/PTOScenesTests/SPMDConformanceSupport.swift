import PTOCases
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// Runs an SPMD conformance scene on its only case and judges what the runtime recorded.
enum SPMDConformanceSupport {
    /// The task a scene's orchestration is expected to submit: shape, block count, sync-start flag.
    struct Submitted: Equatable, CustomStringConvertible {
        let shape: ResourceShape
        let blockNum: Int
        let syncStart: Bool
        var description: String { "\(shape) x\(blockNum)\(syncStart ? " sync" : "")" }
    }

    /// Runs `scene` on Case1 (24 clusters) in `mode` and compares its output with the golden.
    static func run(_ scene: any Scene, mode: LaunchMode = .functional, threads: Int = 2) throws
        -> (run: SceneRun, comparison: SceneComparison) {
        let c = try scene.sceneCase(named: "Case1")
        let args = try scene.makeArgs(c, seed: 1)
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(threads: threads, mode: mode))
        let cmp = try SceneComparison.compare("output", actual: try args.tensor("output"),
                                              expected: try scene.golden(args, c)["output"]!, tolerance: scene.tolerance)
        return (run, cmp)
    }

    /// The tasks as the runtime recorded them.
    static func submitted(_ report: RunReport) -> [Submitted] {
        report.tasks.map { Submitted(shape: $0.shape, blockNum: $0.launch.blockNum, syncStart: $0.launch.requireSyncStart) }
    }

    /// Problems with the schedule the runtime recorded, one line each: a task that ran before the task it depends on
    /// completed, a core held by two blocks at once, a task that did not run every block once, a sync-start cohort
    /// whose first block started (or ended) before its last block held its core.
    static func scheduleProblems(_ report: RunReport) -> [String] {
        var problems = report.orderingViolations().map { "task \($0.consumer) ran before its producer \($0.producer)" }
        var holds: [CoreID: [(start: Int, end: Int, task: TaskID)]] = [:]
        for t in report.tasks {
            if t.blocks.map(\.blockIdx).sorted() != Array(0..<t.launch.blockNum) {
                problems.append("task \(t.id) ran blocks \(t.blocks.map(\.blockIdx)) of \(t.launch.blockNum)")
            }
            if t.launch.requireSyncStart && t.launch.blockNum > 1 {
                let lastPlaced = t.blocks.map(\.dispatchEvent).max() ?? 0
                if lastPlaced > (t.blocks.map(\.startEvent).min() ?? 0) || lastPlaced > (t.blocks.map(\.endEvent).min() ?? 0) {
                    problems.append("sync-start task \(t.id): a block started before the whole cohort held its cores")
                }
            }
            for b in t.blocks {
                let cores = b.core.map { [$0] }
                    ?? [CoreID(.aic, b.cluster), CoreID(.aiv, 2 * b.cluster), CoreID(.aiv, 2 * b.cluster + 1)]
                for core in cores { holds[core, default: []].append((b.dispatchEvent, b.endEvent, t.id)) }
            }
        }
        for (core, spans) in holds {
            let sorted = spans.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
                problems.append("core \(core) held by tasks \(a.task) and \(b.task) at once")
            }
        }
        return problems
    }

    /// Most blocks of the tasks `include` selects holding cores at one moment.
    static func maxResident(_ report: RunReport, where include: (TaskRecord) -> Bool) -> Int {
        var edges: [(Int, Int)] = []
        for t in report.tasks where include(t) {
            for b in t.blocks { edges += [(b.dispatchEvent, 1), (b.endEvent, -1)] }
        }
        var now = 0, most = 0
        for (_, d) in edges.sorted(by: { $0.0 < $1.0 }) {
            now += d
            most = max(most, now)
        }
        return most
    }
}
