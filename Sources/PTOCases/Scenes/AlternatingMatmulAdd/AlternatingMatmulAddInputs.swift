import PTONumerics

/// The arguments of `alternating_matmul_add` (simpler's `generate_args`): A, B, X, Y drawn as `torch.randn · 0.01`
/// (fp32, each flattened from `[batch, M or N, 128, 128]`), zeroed outputs C and Z, then the scalars `batch`, `M_val`,
/// `N_val`, `matmul_batch`, `add_batch`.
public enum AlternatingMatmulAddInputs {
    /// Generator streams of the four random tensors.
    public enum Stream: UInt64, Sendable { case a = 1, b, x, y }

    /// The scale of every random tensor.
    public static let scale: Float = 0.01

    /// The arguments of `c` under `seed`, in the orchestration's order.
    public static func makeArgs(_ c: SceneCase, seed: UInt64) throws -> SceneArgs {
        let p = try AlternatingMatmulAddParams(c)
        let mmCount = p.matmulTiles * AlternatingMatmulAddParams.tileElements
        let addCount = p.addTiles * AlternatingMatmulAddParams.tileElements
        try MemoryEstimate([.init("A, B, C", 3 * mmCount * 4), .init("X, Y, Z", 3 * addCount * 4),
                            .init("golden C, Z", (mmCount + addCount) * 4)])
            .check(what: "case \(c.name) of alternating_matmul_add")
        func normal(_ count: Int, _ stream: Stream) -> Tensor {
            let t = Tensor(dtype: .f32, shape: [count])
            SceneInputFill.normal(t, seed: seed, stream: stream.rawValue, scale: scale)
            return t
        }
        var args = SceneArgs()
        args.add("A", normal(mmCount, .a))
        args.add("B", normal(mmCount, .b))
        args.add("C", Tensor(dtype: .f32, shape: [mmCount]))
        args.add("X", normal(addCount, .x))
        args.add("Y", normal(addCount, .y))
        args.add("Z", Tensor(dtype: .f32, shape: [addCount]))
        args.add("batch", int: p.batch)
        args.add("M_val", int: p.m)
        args.add("N_val", int: p.n)
        args.add("matmul_batch", int: p.matmulBatch)
        args.add("add_batch", int: p.addBatch)
        return args
    }
}
