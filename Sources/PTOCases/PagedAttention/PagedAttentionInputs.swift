import PTONumerics

/// The GM tensors one paged-attention launch reads, as simpler's orchestration passes them to the kernel (its args
/// 0–4 plus the fp32 `scale`), and optionally a reference output that came with them.
///
/// Construction checks that the tensors agree with each other and with the kernel's rules (see
/// `init(params:query:keyCache:valueCache:blockTable:contextLens:out:)`), so code that receives a value of this type
/// may index the caches through the block table without further checks.
public struct PagedAttentionInputs: Sendable {
    /// The case parameters (for loaded inputs: derived from the tensor shapes).
    public let params: PagedAttentionParams
    /// bf16 `[batch, numHeads, headDim]`.
    public let query: Tensor
    /// bf16 `[numBlocks, blockSize, kvHeads, headDim]`.
    public let keyCache: Tensor
    /// bf16 `[numBlocks, blockSize, kvHeads, headDim]`.
    public let valueCache: Tensor
    /// i32 `[batch, maxBlocksPerRequest]`: row `b` lists the cache blocks of request `b` in token order.
    public let blockTable: Tensor
    /// i32 `[batch]`.
    public let contextLens: Tensor
    /// fp32 `[batch, numHeads, headDim]`: a reference output that came with the inputs (for example torch's golden
    /// in a fixture), if any.
    public var out: Tensor?
    /// Problems that do not stop a run (non-finite values in Q, K or V), one line each.
    public var warnings: [String] = []

    /// The softmax scale.
    public var scale: Float { params.scale }
    /// KV-cache blocks present (the caches' first dimension; may exceed what the block table uses).
    public var numBlocks: Int { keyCache.shape.first ?? 0 }

    /// Checks and wraps existing tensors. `params` must describe them: its batch, heads and head_dim are the query's
    /// shape, block size and kv_heads the caches', `maxModelLen / blockSize` the block table's width, and its context
    /// lengths the `contextLens` tensor's values. Block ids of the blocks a request uses must lie in
    /// `[0, numBlocks)`; the unused tail of a row may hold anything.
    public init(params: PagedAttentionParams, query: Tensor, keyCache: Tensor, valueCache: Tensor,
                blockTable: Tensor, contextLens: Tensor, out: Tensor? = nil) throws(CaseError) {
        try params.validate()
        let p = params
        func expect(_ t: Tensor, _ name: String, _ dtype: DType, _ shape: [Int]) throws(CaseError) {
            guard t.dtype == dtype, t.shape == shape else {
                throw CaseError(.inconsistentTensors, "\(name) is \(t.signature), expected \(dtype.rawValue)\(shape)")
            }
        }
        try expect(query, "query", .bf16, [p.batch, p.numHeads, p.headDim])
        let blocks = keyCache.shape.first ?? 0
        try expect(keyCache, "key_cache", .bf16, [blocks, p.blockSize, p.kvHeads, p.headDim])
        try expect(valueCache, "value_cache", .bf16, [blocks, p.blockSize, p.kvHeads, p.headDim])
        try expect(blockTable, "block_table", .i32, [p.batch, p.maxBlocksPerRequest])
        try expect(contextLens, "context_lens", .i32, [p.batch])
        if let out { try expect(out, "out", .f32, [p.batch, p.numHeads, p.headDim]) }
        for b in 0..<p.batch where Int(contextLens.i32[b]) != p.contextLens[b] {
            throw CaseError(.inconsistentTensors, "context_lens[\(b)] is \(contextLens.i32[b]) but the parameters say "
                            + "\(p.contextLens[b])")
        }
        try Self.checkBlockTable(blockTable, params: p, numBlocks: blocks)
        self.params = params
        self.query = query
        self.keyCache = keyCache
        self.valueCache = valueCache
        self.blockTable = blockTable
        self.contextLens = contextLens
        self.out = out
    }

    /// Every block a request uses must exist in the caches.
    static func checkBlockTable(_ table: Tensor, params p: PagedAttentionParams, numBlocks: Int) throws(CaseError) {
        let ids = table.i32
        for b in 0..<p.batch {
            for j in 0..<p.blocksUsed(contextLen: p.contextLens[b]) {
                let id = Int(ids[b * p.maxBlocksPerRequest + j])
                guard id >= 0, id < numBlocks else {
                    throw CaseError(.blockOutOfRange, "block_table[\(b), \(j)] = \(id) is outside [0, \(numBlocks)) "
                                    + "(request \(b) uses its first \(p.blocksUsed(contextLen: p.contextLens[b])) entries)")
                }
            }
        }
    }

    /// The cache block holding tokens `[j·blockSize, (j+1)·blockSize)` of request `b` (for `j` below
    /// `blocksUsed(contextLen:)`; checked at construction).
    @inlinable public func blockID(request b: Int, block j: Int) -> Int {
        Int(blockTable.i32[b * params.maxBlocksPerRequest + j])
    }

    /// Context length of request `b`.
    @inlinable public func contextLen(request b: Int) -> Int { Int(contextLens.i32[b]) }
}
