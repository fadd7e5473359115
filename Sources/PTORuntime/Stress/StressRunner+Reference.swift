/// The serial reference: the plan executed on the host in submit order, one task at a time, in place, with the same
/// arithmetic as the kernels.
extension StressRunner {
    /// Host buffers of the replay; freed when it goes away.
    final class Reference {
        let accumulator: UnsafeMutableBufferPointer<Float>
        let slab: UnsafeMutableBufferPointer<Float>
        private var temps: [Int: UnsafeMutableBufferPointer<Float>] = [:]

        init(plan: StressPlan, initialAccumulator: [Float]) {
            accumulator = .allocate(capacity: initialAccumulator.count)
            _ = accumulator.initialize(from: initialAccumulator)
            slab = .allocate(capacity: max(plan.slabRows, 1) * StressPlan.rowFloats)
            slab.initialize(repeating: 0)
        }

        deinit {
            accumulator.deallocate()
            slab.deallocate()
            for t in temps.values { t.deallocate() }
        }

        private func rows(_ o: StressPlan.Operand) -> [UnsafeMutablePointer<Float>] {
            let row = StressPlan.rowFloats
            switch o {
            case let .temporary(task): return [temps[task]!.baseAddress!]
            case let .accumulator(r): return r.map { accumulator.baseAddress! + $0 * row }
            case let .slab(r): return r.map { slab.baseAddress! + $0 * row }
            }
        }

        /// Executes planned task `index`.
        func execute(_ t: StressPlan.Task, index: Int) {
            let output: [UnsafeMutablePointer<Float>]
            if let target = t.target {
                output = rows(target)
            } else {
                let fresh = UnsafeMutableBufferPointer<Float>.allocate(capacity: StressPlan.rowFloats)
                fresh.initialize(repeating: 0)
                temps[index] = fresh
                output = [fresh.baseAddress!]
            }
            StressKernels.apply(t.op, inputs: t.inputs.map(rows), output: output, constant: t.constant,
                                elements: 0..<StressPlan.rowFloats)
        }
    }

    static func replay(_ plan: StressPlan, initialAccumulator: [Float]) -> Reference {
        let reference = Reference(plan: plan, initialAccumulator: initialAccumulator)
        for (i, t) in plan.tasks.enumerated() { reference.execute(t, index: i) }
        return reference
    }
}
