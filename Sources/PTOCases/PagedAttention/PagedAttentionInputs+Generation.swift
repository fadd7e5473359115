import PTONumerics

/// Seeded input generation with simpler's distributions (`generate_inputs` in its paged-attention golden):
/// query ~ U(−0.5, 0.5), key ~ U(−0.5, 0.5), value ~ U(−1, 1), each rounded to bf16 (nearest-even, as torch's
/// `.to(bfloat16)`); block_table uniform on [0, total_blocks) over the whole table; scale from the parameters.
///
/// Every element is a pure function of (seed, tensor, index) through `CounterRNG`, so the result does not depend on
/// the number of threads. The values are PTOSim's own (they cannot reproduce torch's generator), the distributions
/// are simpler's. Threads write straight into the tensors, whose pages they are the first to touch.
extension PagedAttentionInputs {
    /// The `CounterRNG` stream of each generated tensor.
    public enum Stream: UInt64, Sendable {
        case query = 1, keyCache = 2, valueCache = 3, blockTable = 4
    }

    /// Elements per parallel work item: large enough to amortize scheduling, small enough to balance two threads.
    static let generationChunk = 1 << 20

    /// Where generated tensors live: given a name, dtype and shape, returns a tensor of that dtype and shape (by
    /// default a new host tensor; `PagedAttentionFileBuild` hands out storage inside the output file).
    public typealias Allocator = (_ name: String, _ dtype: DType, _ shape: [Int]) -> Tensor

    /// The five input tensors' names, dtypes and shapes for `params`, in kernel-argument order.
    public static func tensorSpecs(_ p: PagedAttentionParams) -> [(name: String, dtype: DType, shape: [Int])] {
        let cache = [p.totalBlocks, p.blockSize, p.kvHeads, p.headDim]
        return [(TensorName.query, .bf16, [p.batch, p.numHeads, p.headDim]), (TensorName.keyCache, .bf16, cache),
                (TensorName.valueCache, .bf16, cache), (TensorName.blockTable, .i32, [p.batch, p.maxBlocksPerRequest]),
                (TensorName.contextLens, .i32, [p.batch])]
    }

    /// Generates a validated input set for `params` from `seed` on `workers` threads, into tensors from `allocate`.
    public static func generate(_ params: PagedAttentionParams, seed: UInt64, workers: Int = Parallel.defaultWorkers,
                                allocate: Allocator? = nil) throws(CaseError) -> PagedAttentionInputs {
        try params.validate()
        // Tensors map their memory lazily, so an oversized case would fail only when touched, in the OOM killer.
        if allocate == nil { try MemoryEstimate([.init("inputs", params.inputByteCount)]).check(what: "generating the inputs") }
        let p = params
        let allocate = allocate ?? { _, dtype, shape in Tensor(dtype: dtype, shape: shape) }
        let made = tensorSpecs(p).map { allocate($0.name, $0.dtype, $0.shape) }
        let (query, keyCache, valueCache, blockTable, contextLens) = (made[0], made[1], made[2], made[3], made[4])

        // One list of (tensor, stream, range) items over all three bf16 tensors, handed out to the workers.
        struct Item: Sendable { let tensor: Tensor; let stream: Stream; let low: Float; let high: Float; let range: Range<Int> }
        var items: [Item] = []
        for (tensor, stream, low, high) in [(query, Stream.query, Float(-0.5), Float(0.5)),
                                            (keyCache, .keyCache, -0.5, 0.5), (valueCache, .valueCache, -1, 1)] {
            var start = 0
            while start < tensor.count {
                let end = min(tensor.count, start + generationChunk)
                items.append(Item(tensor: tensor, stream: stream, low: low, high: high, range: start..<end))
                start = end
            }
        }
        let work = items
        Parallel.forEach(work.count, workers: workers) { i, _ in
            let item = work[i]
            let rng = CounterRNG(seed: seed, stream: item.stream.rawValue)
            rng.fillUniformBF16(item.tensor.bf16 + item.range.lowerBound, count: item.range.count,
                                firstElement: item.range.lowerBound, low: item.low, high: item.high)
        }

        CounterRNG(seed: seed, stream: Stream.blockTable.rawValue)
            .fillIntegers(blockTable.i32, count: blockTable.count, firstElement: 0, below: UInt32(max(p.totalBlocks, 1)))
        for (b, len) in p.contextLens.enumerated() { contextLens.i32[b] = Int32(len) }
        return try PagedAttentionInputs(params: p, query: query, keyCache: keyCache, valueCache: valueCache,
                                        blockTable: blockTable, contextLens: contextLens)
    }
}
