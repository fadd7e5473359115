import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTORuntime
@testable import PTOScenes

/// The runtime timed model on real scenes: it keeps the core side of the one-task model, costs the orchestration
/// per submit, starts no block before its producers have completed and the scheduler has seen it, and derives
/// Elapsed, Sched and Orch from its threads' stamps.
@Suite struct RuntimeTimedModelTests {
    static func timed(_ scene: any Scene, _ sceneCase: SceneCase, _ p: TimingParameters) throws
        -> (SceneRun, SceneTimedResult) {
        let chip = TimedChip(options: .init(parameters: p, schedule: .nominal))
        let run = try SceneRunner.run(scene, sceneCase, args: scene.makeArgs(sceneCase, seed: 3),
                                      launch: SceneLaunch(threads: 1, mode: .timed(chip)))
        return (run, try #require(run.timed))
    }

    /// What the cost model charges one submit: the orchestration's own code, the submit, the copy of each argument
    /// (tensor or scalar), each lookup, insert and distinct producer, and the heap allocation.
    static func submitNs(_ t: TaskRecord, _ m: TimingParameters.RuntimeModel) -> Double {
        m.userCodeNs.value + m.submitNs.value + Double(t.directions.count + t.scalarCount) * m.paramCopyArgNs.value
            + Double(t.tensorMapLookups) * m.tensormapLookupNs.value
            + Double(t.tensorMapInserts) * m.tensormapInsertNs.value
            + Double(Set(t.producers).count) * m.depEdgeNs.value + m.heapAllocNs.value
    }

    @Test func withFreeDispatchTheCoresRunAsInTheOneTaskModel() throws {
        var p = try TimingParameters.builtIn(.public)
        p.runtimeModel.schedDispatchNs.value = 0
        let (run, timed) = try Self.timed(SpmdPagedAttentionSceneTests.scene, SpmdPagedAttentionSceneTests.sceneCase, p)
        let legacy = try PagedAttentionKernel.runTimed(SpmdPagedAttentionSceneTests.inputs, options: .init(threads: 1),
                                                       timing: .init(parameters: p, schedule: .nominal))
        // Every block starts at once in both, so HBM is shared the same way: the same kernel window and output.
        #expect(abs(timed.run.kernelCycles - legacy.run.kernelCycles) <= 1e-9 * legacy.run.kernelCycles)
        let out = try run.args.tensor("out")
        #expect((0..<out.count).allSatisfy { out.f32[$0].bitPattern == legacy.out.f32[$0].bitPattern })
        // The first block starts after orch start, the one submit, the dispatch latency and the cold core start.
        let m = p.runtimeModel
        let task = try #require(run.runtime.tasks.first)
        #expect(run.runtime.tasks.count == 1)
        let submit = Self.submitNs(task, m)
        let firstStartUs = (m.orchStartAfterSchedNs.value + m.orchFixedNs.value + submit
                            + p.runtime.dispatchNs.value) / 1000 + p.runtime.coreStartUs.value
        #expect(abs(timed.run.microseconds(timed.run.startCycles) - firstStartUs) < 1e-6)
        // Orch: the fixed cost, the submit and the end of the runtime's outer scope, which releases the task.
        let orchNs = m.orchFixedNs.value + submit + m.scopeEndNs.value + m.scopeEndTaskNs.value
        #expect(abs(timed.modeled.orchMicros - orchNs / 1000) < 1e-9)
        // Sched spans from the schedulers' start to the last completion they see; Elapsed is the union with Orch.
        let runtime = try #require(timed.runtime)
        let lastEnd = runtime.coreSpans.map(\.endNs).max() ?? 0
        #expect(timed.modeled.schedMicros * 1000 >= lastEnd + p.runtime.completionNs.value - 1e-6)
        #expect(timed.modeled.elapsedMicros == max(timed.modeled.schedMicros, runtime.orchEndNs / 1000))
    }

    @Test func orchestrationCostsEachSubmitAndNoTaskStartsBeforeItsProducers() throws {
        let p = try TimingParameters.builtIn(.public)
        let scene = try SceneCatalogue.scene(named: "spmd_starvation")
        let (run, timed) = try Self.timed(scene, try scene.sceneCase(named: "Case1"), p)
        let tasks = run.runtime.tasks
        #expect(tasks.count == 20)
        // Public set: no fixed cost; each submit its operations, each scope its begin, its end and a release per
        // task (every task is released once, by its innermost scope; the runtime's outer scope ends last).
        let m = p.runtimeModel
        let scopes = run.runtime.orchestrationSteps.filter { if case .scopeBegin = $0 { true } else { false } }.count
        let orchNs = tasks.map { Self.submitNs($0, m) }.reduce(0, +) + Double(scopes) * m.scopeBeginNs.value
            + Double(scopes + 1) * m.scopeEndNs.value + Double(tasks.count) * m.scopeEndTaskNs.value
        #expect(abs(timed.modeled.orchMicros - orchNs / 1000) < 1e-9)
        var index: [TaskID: Int] = [:]
        for (i, t) in tasks.enumerated() { index[t.id] = i }
        let spans = Dictionary(grouping: try #require(timed.runtime).coreSpans, by: \.task)
        for (i, t) in tasks.enumerated() {
            let start = try #require(spans[i]?.map(\.startNs).min())
            #expect(spans[i]?.count == t.launch.blockNum * (t.shape == .mix ? 3 : 1))
            for producer in t.producers {
                let end = try #require(spans[index[producer]!]?.map(\.endNs).max())
                #expect(start >= end + p.runtime.completionNs.value, "task \(i) started before producer \(producer)")
            }
        }
        #expect(timed.run.faults.isEmpty)
    }
}
