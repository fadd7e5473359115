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

    /// Generates a validated input set for `params` from `seed` on `workers` threads.
    public static func generate(_ params: PagedAttentionParams, seed: UInt64,
                                workers: Int = Parallel.defaultWorkers) throws(CaseError) -> PagedAttentionInputs {
        try params.validate()
        let p = params
        let query = Tensor(dtype: .bf16, shape: [p.batch, p.numHeads, p.headDim])
        let cacheShape = [p.totalBlocks, p.blockSize, p.kvHeads, p.headDim]
        let keyCache = Tensor(dtype: .bf16, shape: cacheShape)
        let valueCache = Tensor(dtype: .bf16, shape: cacheShape)

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

        let blockTable = Tensor(dtype: .i32, shape: [p.batch, p.maxBlocksPerRequest])
        CounterRNG(seed: seed, stream: Stream.blockTable.rawValue)
            .fillIntegers(blockTable.i32, count: blockTable.count, firstElement: 0, below: UInt32(max(p.totalBlocks, 1)))
        let contextLens = Tensor(i32: p.contextLens.map { Int32($0) }, shape: [p.batch])
        return try PagedAttentionInputs(params: p, query: query, keyCache: keyCache, valueCache: valueCache,
                                        blockTable: blockTable, contextLens: contextLens)
    }
}
