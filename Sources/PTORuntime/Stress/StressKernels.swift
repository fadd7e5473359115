import Foundation

/// The kernels of the stress graph: one id per `StressPlan.Op`, elementwise over rows of `StressPlan.rowFloats`
/// floats. Each block takes an equal slice of the row's elements and, in a MIX task, each active lane a third of the
/// block's slice, so every element is written by exactly one program.
///
/// The arithmetic is shared with the serial reference (`apply`), so a correct schedule reproduces the reference
/// bit for bit; the operations are order-sensitive (x·0.5 + k, running fp32 sums), so a task that ran before its
/// producer, or two in-place updates that ran in the wrong order, change the bits.
public enum StressKernels {
    /// Tensor layout per op: inputs first, the written tensor last. Scalars: the constant's bits, the lane count
    /// (3 for MIX, else 1), and a delay in microseconds.
    public static func registry() -> KernelRegistry {
        var r = KernelRegistry()
        for op in StressPlan.Op.allCases {
            r.register(op.rawValue) { ctx in
                let (lane, lanes) = laneOf(ctx)
                let slice = range(StressPlan.rowFloats, part: ctx.blockIdx, of: ctx.blockNum)
                let mine = range(slice.count, part: lane, of: lanes)
                let elements = (slice.lowerBound + mine.lowerBound)..<(slice.lowerBound + mine.upperBound)
                if ctx.scalars[2] > 0 { Thread.sleep(forTimeInterval: Double(ctx.scalars[2]) * 1e-6) }
                let dst = ctx.tensors[ctx.tensors.count - 1]
                apply(op, inputs: ctx.tensors.dropLast().map { rows(of: $0) }, output: rows(of: dst),
                      constant: ctx.float(0), elements: elements)
            }
        }
        return r
    }

    /// Rows of a tensor argument as pointers to their first element (1-D tensors are one row).
    static func rows(of t: ChipTensor) -> [UnsafeMutablePointer<Float>] {
        t.rank == 1 ? [t.f32] : (0..<t.shape[0]).map { t.f32 + $0 * t.strides[0] }
    }

    /// The op's arithmetic on `elements` of every output row.
    static func apply(_ op: StressPlan.Op, inputs: [[UnsafeMutablePointer<Float>]],
                      output: [UnsafeMutablePointer<Float>], constant k: Float, elements: Range<Int>) {
        switch op {
        case .produce:
            let o = output[0]
            for i in elements { o[i] = k + Float(i % 97) * 0.25 }
        case .chain:
            for o in output { for i in elements { o[i] = o[i] * 0.5 + k } }
        case .accumulate:
            let x = inputs[0][0]
            for o in output { for i in elements { o[i] += x[i] * 0.25 } }
        case .fanIn:
            // Running fp32 sum in operand order, then scale: the order is part of the result.
            let o = output[0]
            let rows = inputs.flatMap { $0 }
            for i in elements { o[i] = 0 }
            for r in rows { for i in elements { o[i] += r[i] } }
            for i in elements { o[i] = o[i] * 0.5 + k }
        case .writeSlab:
            let x = inputs[0][0]
            for o in output { for i in elements { o[i] = x[i] - k } }
        }
    }

    /// This program's lane among the task's active lanes (MIX: AIC 0, AIV0 1, AIV1 2).
    private static func laneOf(_ ctx: BlockContext) -> (Int, Int) {
        // Stress MIX tasks always activate all three slots with the same kernel id.
        guard ctx.scalars.count > 1, ctx.scalars[1] == 3 else { return (0, 1) }
        return (ctx.core.type == .aic ? 0 : 1 + ctx.subBlockId, 3)
    }

    /// The `part`-th of `of` near-equal consecutive pieces of 0..<count.
    static func range(_ count: Int, part: Int, of parts: Int) -> Range<Int> {
        (count * part / parts)..<(count * (part + 1) / parts)
    }
}
