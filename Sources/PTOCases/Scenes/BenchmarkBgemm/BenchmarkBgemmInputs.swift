import PTONumerics

/// The arguments of `benchmark_bgemm` (simpler's `generate_args`): A and B drawn as `torch.randn · 0.01` (fp32,
/// flattened from `[num_groups, grid_k, incore_loop, tile, tile]`), C zeroed (flattened from
/// `[incore_loop · num_groups, tile, tile]`) and the int64 `config` tensor `[tile_size, grid_k, num_groups,
/// incore_loop]` that the orchestration and both kernels read.
public enum BenchmarkBgemmInputs {
    /// Generator streams of the two random tensors.
    public enum Stream: UInt64, Sendable { case a = 1, b }

    /// The scale of both random tensors.
    public static let scale: Float = 0.01

    /// The arguments of `c` under `seed`, in the orchestration's order.
    public static func makeArgs(_ c: SceneCase, seed: UInt64) throws -> SceneArgs {
        let p = try BenchmarkBgemmParams(c)
        try MemoryEstimate([.init("A, B", 2 * p.abElements * 4), .init("C and its golden", 2 * p.cElements * 4)])
            .check(what: "case \(c.name) of benchmark_bgemm")
        func normal(_ stream: Stream) -> Tensor {
            let t = Tensor(dtype: .f32, shape: [p.abElements])
            SceneInputFill.normal(t, seed: seed, stream: stream.rawValue, scale: scale)
            return t
        }
        var args = SceneArgs()
        args.add("A", normal(.a))
        args.add("B", normal(.b))
        args.add("C", Tensor(dtype: .f32, shape: [p.cElements]))
        args.add("config", Tensor(i64: p.config, shape: [4]))
        return args
    }
}
