import PTONumerics
@testable import PTORuntime

/// The kernels of simpler's spmd_* system tests, in Swift: every program writes `Float(blockIdx)` into element 0 of
/// one 16-float "cache line" of an fp32 output. A MIX block owns three lines (AIC, AIV0, AIV1), a single-core AIV block
/// one. Scalar 0 is the base line relative to the tensor argument's region.
enum CacheLineKernels {
    static let floatsPerLine = 16
    static let mixAIC = 0, mixAIV0 = 1, mixAIV1 = 2, writeAIV = 3, writeAIC = 4
    static let mix = MixedKernels(aic: mixAIC, aiv0: mixAIV0, aiv1: mixAIV1)

    static func registry() -> KernelRegistry {
        var r = KernelRegistry()
        r.register(mixAIC) { ctx in write(ctx, line: ctx.blockIdx * 3) }
        // AIV0 and AIV1 slots could share one id; the lane is what places the write, as in simpler's kernel.
        r.register(mixAIV0) { ctx in write(ctx, line: ctx.blockIdx * 3 + 1 + ctx.subBlockId) }
        r.register(mixAIV1) { ctx in write(ctx, line: ctx.blockIdx * 3 + 1 + ctx.subBlockId) }
        r.register(writeAIV) { ctx in write(ctx, line: ctx.blockIdx) }
        r.register(writeAIC) { ctx in write(ctx, line: ctx.blockIdx) }
        return r
    }

    private static func write(_ ctx: BlockContext, line: Int) {
        let out = ctx.tensor(0)
        out.f32[(ctx.int(0) + line) * floatsPerLine] = Float(ctx.blockIdx)
    }

    /// One task of a test: its shape, width, base line and cohort flag.
    struct Task {
        var shape: ResourceShape
        var blockNum: Int
        var baseLine: Int
        var syncStart = false
        var lines: Int { blockNum * (shape == .mix ? 3 : 1) }
    }

    /// Lays tasks out back to back from line 0.
    static func layout(_ specs: [(ResourceShape, Int, Bool)]) -> [Task] {
        var line = 0
        return specs.map { shape, blockNum, sync in
            defer { line += blockNum * (shape == .mix ? 3 : 1) }
            return Task(shape: shape, blockNum: blockNum, baseLine: line, syncStart: sync)
        }
    }

    /// Expected output: every line each block owns holds its block index; everything else stays 0.
    static func golden(_ tasks: [Task]) -> [Float] {
        let lines = tasks.map { $0.baseLine + $0.lines }.max() ?? 0
        var out = [Float](repeating: 0, count: lines * floatsPerLine)
        for t in tasks {
            for b in 0..<t.blockNum {
                for slot in 0..<(t.shape == .mix ? 3 : 1) {
                    out[(t.baseLine + b * (t.shape == .mix ? 3 : 1) + slot) * floatsPerLine] = Float(b)
                }
            }
        }
        return out
    }

    /// Runs `tasks`, each INOUT on either the whole output (simpler's form: the TensorMap serialises them) or on its
    /// own lines only (disjoint views: tasks run concurrently).
    static func run(_ tasks: [Task], clusters: Int, disjoint: Bool, threads: Int = 2) throws -> ([Float], RunReport) {
        let lines = tasks.map { $0.baseLine + $0.lines }.max() ?? 0
        let output = Tensor(dtype: .f32, shape: [lines * floatsPerLine])
        let runtime = try Runtime(config: RuntimeConfig(clusters: clusters, hostThreads: threads), kernels: registry())
        let report = try runtime.run { orch in
            let whole = try ChipTensor(external: output, name: "output")
            for t in tasks {
                var args = TaskArgs()
                if disjoint {
                    args.addInout(try whole.view(shape: [t.lines * floatsPerLine], offsets: [t.baseLine * floatsPerLine]))
                    args.addScalar(0)
                } else {
                    args.addInout(whole)
                    args.addScalar(t.baseLine)
                }
                args.launchSpec = LaunchSpec(blockNum: t.blockNum, requireSyncStart: t.syncStart)
                switch t.shape {
                case .mix: try orch.submit(mix, args)
                case .aiv: try orch.submitAIV(writeAIV, args)
                case .aic: try orch.submitAIC(writeAIC, args)
                case .dummy: try orch.submitDummy(args)
                }
            }
        }
        return (Array(UnsafeBufferPointer(start: output.f32, count: output.count)), report)
    }
}
