/// Shape parameters of one paged-attention case: simpler's `spmd_paged_attention` test parameters, plus the
/// quantities the kernel derives from them to tile the work over the chip's 24 AIC+2AIV clusters.
///
/// A request `b` attends over `contextLens[b]` cached tokens, stored in blocks of `blockSize` tokens that its row of
/// the block table names. The kernel processes `qTile` query heads at a time (one "logical block" per request and
/// head tile); the AIC computes Q·Kᵀ and P·V for the whole tile, each AIV handles half of its rows.
public struct PagedAttentionParams: Sendable, Equatable {
    /// Number of requests.
    public var batch: Int
    /// Query heads per request.
    public var numHeads: Int
    /// Key/value heads (the kernel supports 1: every query head attends to the same K and V).
    public var kvHeads: Int
    /// Elements per head vector (the kernel supports 128).
    public var headDim: Int
    /// Tokens per KV-cache block (64 or 128).
    public var blockSize: Int
    /// Context length of each request (`batch` entries).
    public var contextLens: [Int]
    /// Longest context the block table can describe; each request's row has `maxModelLen / blockSize` entries.
    public var maxModelLen: Int
    /// Softmax scale applied to Q·Kᵀ (simpler's tests use 1.0; the kernel receives it as fp32 bits).
    public var scale: Float

    public init(batch: Int, numHeads: Int, kvHeads: Int, headDim: Int, blockSize: Int, contextLens: [Int],
                maxModelLen: Int, scale: Float = 1.0) {
        self.batch = batch; self.numHeads = numHeads; self.kvHeads = kvHeads; self.headDim = headDim
        self.blockSize = blockSize; self.contextLens = contextLens; self.maxModelLen = maxModelLen; self.scale = scale
    }

    /// Parameters with the same context length for every request (simpler's `context_len`).
    public init(batch: Int, numHeads: Int, kvHeads: Int, headDim: Int, blockSize: Int, contextLen: Int,
                maxModelLen: Int, scale: Float = 1.0) {
        self.init(batch: batch, numHeads: numHeads, kvHeads: kvHeads, headDim: headDim, blockSize: blockSize,
                  contextLens: Array(repeating: contextLen, count: max(batch, 0)), maxModelLen: maxModelLen,
                  scale: scale)
    }

    /// Query rows the kernel handles per logical block: 64 when there are 64 or more heads, else 16.
    public var qTile: Int { numHeads >= 64 ? 64 : 16 }
    /// Head tiles per request.
    public var qLoop: Int { numHeads / qTile }
    /// Units of SPMD work: one per (request, head tile).
    public var logicalBlocks: Int { batch * qLoop }
    /// Entries in each request's row of the block table.
    public var maxBlocksPerRequest: Int { maxModelLen / blockSize }
    /// The longest context in the batch.
    public var maxContextLen: Int { contextLens.max() ?? 0 }
    /// KV blocks a request of context length `len` uses.
    public func blocksUsed(contextLen len: Int) -> Int { (len + blockSize - 1) / blockSize }
    /// KV-cache blocks the generator allocates: `batch × ceil(max context / blockSize)`, as simpler does.
    public var totalBlocks: Int { batch * blocksUsed(contextLen: maxContextLen) }
    /// True when all requests have the same context length.
    public var hasUniformContext: Bool { Set(contextLens).count <= 1 }

    /// Bytes of the generated inputs (query, both caches, block table, context lengths).
    public var inputByteCount: Int {
        let cache = totalBlocks * blockSize * kvHeads * headDim * 2
        return batch * numHeads * headDim * 2 + 2 * cache + batch * maxBlocksPerRequest * 4 + batch * 4
    }

    /// A one-line summary such as `batch 24, heads 16, kv 1, dim 128, block 128, context 8192, max 32768`.
    public var summary: String {
        let ctx = hasUniformContext ? "\(maxContextLen)" : contextLens.map(String.init).joined(separator: ",")
        return "batch \(batch), heads \(numHeads), kv_heads \(kvHeads), head_dim \(headDim), block \(blockSize), "
            + "context \(ctx), max_model_len \(maxModelLen)"
    }
}
