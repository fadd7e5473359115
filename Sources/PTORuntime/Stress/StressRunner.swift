import PTONumerics

/// Runs a `StressPlan` through the runtime and checks it twice over: every task must have started after each of its
/// expected producers completed (expected from a row-level last-writer table over the plan, independent of the
/// TensorMap), and the accumulator and slab buffers must equal a serial replay of the plan bit for bit.
public enum StressRunner {
    /// Runs `plan` on `runtime`.
    public static func run(_ plan: StressPlan, on runtime: Runtime) throws -> StressReport {
        let row = StressPlan.rowFloats
        let accumulator = Tensor(dtype: .f32, shape: [StressPlan.accumulatorRows, row])
        let slab = Tensor(dtype: .f32, shape: [max(plan.slabRows, 1), row])
        _ = UnsafeMutableBufferPointer(start: accumulator.f32, count: accumulator.count)
            .update(from: initialAccumulator())
        var ids: [TaskID] = []
        let report = try runtime.run { orch in
            let acc = try ChipTensor(external: accumulator, name: "acc")
            let slabs = try ChipTensor(external: slab, name: "slab")
            var temps: [Int: ChipTensor] = [:]
            func operand(_ o: StressPlan.Operand) throws -> ChipTensor {
                switch o {
                case let .temporary(task): return temps[task]!
                case let .accumulator(rows): return try acc.view(shape: [rows.count, row], offsets: [rows.lowerBound, 0])
                case let .slab(rows): return try slabs.view(shape: [rows.count, row], offsets: [rows.lowerBound, 0])
                }
            }
            for step in plan.steps {
                switch step {
                case .beginScope: try orch.beginScope()
                case .endScope: try orch.endScope()
                case let .task(t):
                    var args = TaskArgs()
                    for input in t.inputs { args.addInput(try operand(input)) }
                    switch t.target {
                    case let .accumulator(rows)?: args.addInout(try operand(.accumulator(rows: rows)))
                    case let .slab(rows)?: args.addOutput(try operand(.slab(rows: rows)))
                    default: args.addOutput(TensorCreateInfo(shape: [row], name: "tmp\(ids.count)"))
                    }
                    args.addScalar(t.constant)
                    args.addScalar(t.shape == .mix ? 3 : 1)
                    args.addScalar(t.delayMicros)
                    for d in t.explicitDependencies { args.addDependency(ids[d]) }
                    args.launchSpec = LaunchSpec(blockNum: t.blockNum, requireSyncStart: t.syncStart)
                    let id = t.op.rawValue
                    let kernels = t.shape == .aic ? MixedKernels(aic: id)
                        : t.shape == .aiv ? MixedKernels(aiv0: id) : MixedKernels(aic: id, aiv0: id, aiv1: id)
                    let out = try orch.submit(kernels, args)
                    if t.target == nil { temps[ids.count] = out[0] }
                    ids.append(out.taskID)
                }
            }
        }
        let reference = replay(plan, initialAccumulator: initialAccumulator())
        var mismatches = 0
        for (tensor, expected) in [(accumulator, reference.accumulator), (slab, reference.slab)] {
            for i in 0..<expected.count where tensor.f32[i].bitPattern != expected[i].bitPattern { mismatches += 1 }
        }
        return StressReport(run: report, violations: violations(plan, ids: ids, report: report),
                            mismatches: mismatches)
    }

    /// The accumulator's starting contents.
    static func initialAccumulator() -> [Float] {
        (0..<(StressPlan.accumulatorRows * StressPlan.rowFloats)).map { Float($0 % 13) * 0.125 }
    }

    /// Counts (task, expected producer) pairs where the task started before the producer completed.
    static func violations(_ plan: StressPlan, ids: [TaskID], report: RunReport) -> Int {
        var accWriter = [Int?](repeating: nil, count: StressPlan.accumulatorRows)
        var slabWriter = [Int?](repeating: nil, count: max(plan.slabRows, 1))
        var count = 0
        for (i, t) in plan.tasks.enumerated() {
            var expected = Set(t.explicitDependencies)
            for input in t.inputs {
                switch input {
                case let .temporary(task): expected.insert(task)
                case let .slab(rows): for r in rows { if let w = slabWriter[r] { expected.insert(w) } }
                case .accumulator: break
                }
            }
            if case let .accumulator(rows)? = t.target { for r in rows { if let w = accWriter[r] { expected.insert(w) } } }
            guard let me = report.record(ids[i]) else { count += expected.count; continue }
            let started = me.blocks.map(\.startEvent).min() ?? me.events.ready
            for p in expected {
                guard let producer = report.record(ids[p]), producer.events.complete > 0,
                      producer.events.complete < started else { count += 1; continue }
            }
            switch t.target {
            case let .accumulator(rows)?: for r in rows { accWriter[r] = i }
            case let .slab(rows)?: for r in rows { slabWriter[r] = i }
            default: break
            }
        }
        return count
    }
}
