/// The parameters of the paged-attention scenes that share simpler's common paged-attention golden module
/// (`simpler_setup/goldens/paged_attention.py`): `paged_attention`, `batch_paged_attention` and the unrolled
/// variants. One request `b` attends over `contextLens[b]` cached tokens stored in blocks of `blockSize` tokens, which
/// its row of the block table names; the heads are processed `qTile` (at most 128) at a time.
///
/// This is the host-side description only; which shapes a scene's kernels actually handle is the kernels' business
/// (simpler's kernels dispatch on a few fixed tile shapes, and a case outside them runs and computes something else,
/// as it would on the chip).
public struct PagedAttentionSceneParams: Sendable, Equatable {
    public var batch: Int
    public var numHeads: Int
    public var kvHeadNum: Int
    public var headDim: Int
    public var blockSize: Int
    /// Context length per request (`context_lens_list` repeated or cut to `batch`, else `context_len` everywhere).
    public var contextLens: [Int]
    public var maxModelLen: Int
    /// Softmax scale: the golden module fixes it at 1.0.
    public var scale: Float { 1.0 }

    public init(batch: Int, numHeads: Int, kvHeadNum: Int, headDim: Int, blockSize: Int, contextLens: [Int],
                maxModelLen: Int) {
        self.batch = batch
        self.numHeads = numHeads
        self.kvHeadNum = kvHeadNum
        self.headDim = headDim
        self.blockSize = blockSize
        self.contextLens = contextLens
        self.maxModelLen = maxModelLen
    }

    /// Reads a scene case's parameters and checks them as the golden module does (one-line `CaseError`).
    public init(_ c: SceneCase) throws {
        let batch = try c.int("batch")
        let contextLen = try c.int("context_len")
        let dtype = c.value("dtype").map(\.description) ?? "bfloat16"
        func fail(_ m: String) -> CaseError { CaseError(.invalidParameter, "case \(c.name): \(m)") }
        guard dtype == "bfloat16" else { throw fail("dtype '\(dtype)' is not supported (the kernels are bfloat16)") }
        guard contextLen >= 1 else { throw fail("context_len must be at least 1 (got \(contextLen))") }
        guard batch >= 1, batch <= 1 << 20 else { throw fail("batch must be between 1 and \(1 << 20) (got \(batch))") }
        var lens = Array(repeating: contextLen, count: batch)
        if c.value("context_lens_list") != nil {
            let list = try c.ints("context_lens_list")
            guard !list.isEmpty else { throw fail("context_lens_list is empty") }
            // The golden repeats a short list and cuts a long one to the batch.
            lens = (0..<batch).map { list[$0 % list.count] }
        }
        self.init(batch: batch, numHeads: try c.int("num_heads"), kvHeadNum: try c.int("kv_head_num"),
                  headDim: try c.int("head_dim"), blockSize: try c.int("block_size"), contextLens: lens,
                  maxModelLen: try c.int("max_model_len"))
        try validate(caseName: c.name)
    }

    /// The golden module's own constraints, and what its tensors need to exist.
    public func validate(caseName: String) throws {
        func fail(_ m: String) -> CaseError { CaseError(.invalidParameter, "case \(caseName): \(m)") }
        guard kvHeadNum == 1 else { throw fail("kv_head_num must be 1 (the golden supports one KV head; got \(kvHeadNum))") }
        guard numHeads >= 1, numHeads <= 4096 else { throw fail("num_heads must be between 1 and 4096 (got \(numHeads))") }
        guard headDim >= 1, headDim <= 4096 else { throw fail("head_dim must be between 1 and 4096 (got \(headDim))") }
        guard blockSize >= 1, blockSize <= 4096 else { throw fail("block_size must be between 1 and 4096 (got \(blockSize))") }
        guard maxModelLen >= blockSize, maxModelLen <= 1 << 24 else {
            throw fail("max_model_len must be between block_size and \(1 << 24) (got \(maxModelLen))")
        }
        for (b, len) in contextLens.enumerated() {
            // A request with no context makes the golden divide 0 by 0.
            guard len >= 1 else { throw fail("context length \(len) of request \(b) must be at least 1") }
            guard blocks(contextLen: len) <= maxBlocksPerRequest else {
                throw CaseError(.contextBeyondBlockTable, "case \(caseName): context length \(len) of request \(b) "
                    + "needs \(blocks(contextLen: len)) blocks but the block table has \(maxBlocksPerRequest) "
                    + "(max_model_len / block_size)")
            }
        }
    }

    /// Heads per tile: `min(num_heads, 128)`.
    public var qTile: Int { min(numHeads, 128) }
    /// Head tiles per request.
    public var qLoop: Int { (numHeads + qTile - 1) / qTile }
    /// Entries of each block-table row.
    public var maxBlocksPerRequest: Int { maxModelLen / blockSize }
    /// Blocks a context of `len` tokens spans.
    public func blocks(contextLen len: Int) -> Int { (len + blockSize - 1) / blockSize }
    /// Blocks of the longest request.
    public var maxBlocks: Int { blocks(contextLen: contextLens.max() ?? 0) }
    /// KV-cache blocks the golden module allocates: `batch × maxBlocks`.
    public var totalBlocks: Int { batch * maxBlocks }
    /// Bytes of the inputs and the output.
    public var byteCount: Int {
        batch * numHeads * headDim * 2 + 2 * totalBlocks * blockSize * headDim * 2 + batch * maxBlocksPerRequest * 4
            + batch * 4 + batch * numHeads * headDim * 4
    }
}
