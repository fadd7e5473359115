import PTOCore
import PTORuntime

extension RuntimePlan {
    /// The plan of a run the runtime recorded: its tasks in submit order (shape, blocks, producers from the
    /// TensorMap, creator and explicit edges, its arguments and the TensorMap lookups and inserts they cost, ring and
    /// heap placement) and the orchestration's steps.
    public init(report: RunReport) {
        var index: [TaskID: Int] = [:]
        for (i, t) in report.tasks.enumerated() { index[t.id] = i }
        let tasks = report.tasks.map { t -> RuntimePlan.Task in
            let shape: RuntimePlan.Shape = switch t.shape {
            case .mix: .mix
            case .aic: .aic
            case .aiv: .aiv
            case .dummy: .dummy
            }
            let lookups = t.tensorMapLookups
            let inserts = t.tensorMapInserts
            return RuntimePlan.Task(key: KernelHost.timedKey(t.id), shape: shape, blockNum: t.launch.blockNum,
                                    syncStart: t.launch.requireSyncStart && t.launch.blockNum > 1,
                                    producers: t.producers.compactMap { index[$0] }, lookups: lookups,
                                    inserts: inserts, createdOutputs: t.heapBytes > 0 ? 1 : 0, ring: t.id.ring,
                                    local: t.id.local, heapOffset: t.heapOffset, heapBytes: t.heapBytes,
                                    arguments: t.directions.count + t.scalarCount)
        }
        let steps = report.orchestrationSteps.map { s -> RuntimePlan.Step in
            switch s {
            case .scopeBegin: .scopeBegin
            case .scopeEnd: .scopeEnd
            case let .submit(i): .submit(i)
            }
        }
        self.init(tasks: tasks, steps: steps, clusters: report.config.clusters,
                  taskWindow: report.config.rings.map(\.taskWindow))
    }
}
