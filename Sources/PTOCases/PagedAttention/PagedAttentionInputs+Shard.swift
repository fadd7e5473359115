import PTONumerics

/// The inputs of a range of requests on their own: what one shard of a batch split across machines needs. The
/// query rows and context lengths of the range, and only the KV-cache blocks those requests use (in first-use order),
/// with the block table renumbered to them. A request's attention reads nothing else, so every output row computed
/// from these inputs equals the same row computed from the whole batch, bit for bit.
extension PagedAttentionInputs {
    /// The requests `requests` of these inputs, with the blocks they use copied into compact caches.
    public func restricted(to requests: Range<Int>) throws(CaseError) -> PagedAttentionInputs {
        let p = params
        guard requests.lowerBound >= 0, requests.upperBound <= p.batch, !requests.isEmpty else {
            throw CaseError(.invalidParameter, "request range \(requests.lowerBound):\(requests.upperBound) is empty or "
                            + "outside the batch of \(p.batch)")
        }
        let layout = ShardLayout(params: p, requests: requests) { b, j in self.blockID(request: b, block: j) }
        let local = layout.tensors()
        let rowElements = p.numHeads * p.headDim, blockElements = p.blockSize * p.kvHeads * p.headDim
        local.query.bf16.update(from: query.bf16 + requests.lowerBound * rowElements, count: requests.count * rowElements)
        for (l, g) in layout.blocks.enumerated() {
            (local.keyCache.bf16 + l * blockElements).update(from: keyCache.bf16 + g * blockElements, count: blockElements)
            (local.valueCache.bf16 + l * blockElements).update(from: valueCache.bf16 + g * blockElements,
                                                              count: blockElements)
        }
        return try layout.inputs(local)
    }

    /// The inputs `generate(params, seed:)` would produce, restricted to `requests`, made without materializing
    /// the rest of the batch: every generated element is a pure function of (seed, tensor, index), so the shard
    /// draws exactly the query rows, block-table rows and cache blocks it needs.
    public static func generate(_ params: PagedAttentionParams, seed: UInt64, requests: Range<Int>,
                                workers: Int = Parallel.defaultWorkers) throws(CaseError) -> PagedAttentionInputs {
        try params.validate()
        let p = params
        guard requests.lowerBound >= 0, requests.upperBound <= p.batch, !requests.isEmpty else {
            throw CaseError(.invalidParameter, "request range \(requests.lowerBound):\(requests.upperBound) is empty or "
                            + "outside the batch of \(p.batch)")
        }
        // The rows of the full block table this shard reads, drawn at their positions in the full table's stream.
        let width = p.maxBlocksPerRequest
        var tableRows = [Int32](repeating: 0, count: requests.count * width)
        tableRows.withUnsafeMutableBufferPointer {
            CounterRNG(seed: seed, stream: Stream.blockTable.rawValue)
                .fillIntegers($0.baseAddress!, count: $0.count, firstElement: requests.lowerBound * width,
                              below: UInt32(max(p.totalBlocks, 1)))
        }
        let table = tableRows
        let layout = ShardLayout(params: p, requests: requests) { b, j in
            Int(table[(b - requests.lowerBound) * width + j])
        }
        let local = layout.tensors()
        let rowElements = p.numHeads * p.headDim, blockElements = p.blockSize * p.kvHeads * p.headDim
        CounterRNG(seed: seed, stream: Stream.query.rawValue)
            .fillUniformBF16(local.query.bf16, count: requests.count * rowElements,
                             firstElement: requests.lowerBound * rowElements, low: -0.5, high: 0.5)
        let blocks = layout.blocks
        let perItem = 32
        let key = CounterRNG(seed: seed, stream: Stream.keyCache.rawValue)
        let value = CounterRNG(seed: seed, stream: Stream.valueCache.rawValue)
        Parallel.forEach((blocks.count + perItem - 1) / perItem, workers: workers) { item, _ in
            for l in item * perItem ..< min(blocks.count, (item + 1) * perItem) {
                let first = blocks[l] * blockElements
                key.fillUniformBF16(local.keyCache.bf16 + l * blockElements, count: blockElements,
                                    firstElement: first, low: -0.5, high: 0.5)
                value.fillUniformBF16(local.valueCache.bf16 + l * blockElements, count: blockElements,
                                      firstElement: first, low: -1, high: 1)
            }
        }
        return try layout.inputs(local)
    }
}

/// Which cache blocks a range of requests uses and how they are renumbered.
private struct ShardLayout {
    let full: PagedAttentionParams
    let requests: Range<Int>
    let local: PagedAttentionParams
    /// Global block id of each local block, in first-use order.
    let blocks: [Int]
    /// The local block table, `[requests.count, maxBlocksPerRequest]`; unused tail entries are 0.
    let table: [Int32]

    init(params p: PagedAttentionParams, requests: Range<Int>, blockID: (_ request: Int, _ block: Int) -> Int) {
        full = p
        self.requests = requests
        var local = p
        local.batch = requests.count
        local.contextLens = Array(p.contextLens[requests])
        self.local = local
        var localID: [Int: Int32] = [:]
        var blocks: [Int] = []
        var table = [Int32](repeating: 0, count: requests.count * p.maxBlocksPerRequest)
        for (r, b) in requests.enumerated() {
            for j in 0..<p.blocksUsed(contextLen: p.contextLens[b]) {
                let g = blockID(b, j)
                let id: Int32
                if let known = localID[g] {
                    id = known
                } else {
                    id = Int32(blocks.count)
                    localID[g] = id
                    blocks.append(g)
                }
                table[r * p.maxBlocksPerRequest + j] = id
            }
        }
        self.blocks = blocks
        self.table = table
    }

    struct Tensors {
        let query: Tensor, keyCache: Tensor, valueCache: Tensor
    }

    func tensors() -> Tensors {
        let p = full
        let cache = [blocks.count, p.blockSize, p.kvHeads, p.headDim]
        return Tensors(query: Tensor(dtype: .bf16, shape: [requests.count, p.numHeads, p.headDim]),
                       keyCache: Tensor(dtype: .bf16, shape: cache), valueCache: Tensor(dtype: .bf16, shape: cache))
    }

    func inputs(_ t: Tensors) throws(CaseError) -> PagedAttentionInputs {
        try PagedAttentionInputs(
            params: local, query: t.query, keyCache: t.keyCache, valueCache: t.valueCache,
            blockTable: Tensor(i32: table, shape: [requests.count, full.maxBlocksPerRequest]),
            contextLens: Tensor(i32: local.contextLens.map { Int32($0) }, shape: [requests.count]))
    }
}
