/// The rules the kernel (and its host-side orchestration) imposes on a case. Each broken rule is reported as one
/// line naming the parameter, the rule and the value. (Whether the case fits in the host's memory is a separate
/// question: `MemoryEstimate`.)
extension PagedAttentionParams {
    /// Largest accepted batch, head count and model length: far beyond any real case, small enough that every
    /// derived size fits comfortably in 64 bits.
    public static let limits = (batch: 1 << 20, numHeads: 1 << 12, maxModelLen: 1 << 24)

    /// Checks every rule; throws the first one broken.
    public func validate() throws(CaseError) {
        func fail(_ message: String) -> CaseError { CaseError(.invalidParameter, message) }
        guard batch >= 1 else { throw fail("batch must be at least 1 (got \(batch)): the batch is empty") }
        guard batch <= Self.limits.batch else { throw fail("batch \(batch) exceeds the limit \(Self.limits.batch)") }
        guard numHeads >= 1, numHeads <= Self.limits.numHeads else {
            throw fail("num_heads must be between 1 and \(Self.limits.numHeads) (got \(numHeads))")
        }
        if numHeads < 64 {
            guard numHeads % 16 == 0 else {
                throw fail("num_heads \(numHeads) is not a multiple of 16 (below 64 heads the kernel tiles 16 at a time)")
            }
        } else {
            guard numHeads % 64 == 0 else {
                throw fail("num_heads \(numHeads) is not a multiple of 64 (from 64 heads the kernel tiles 64 at a time)")
            }
        }
        guard kvHeads == 1 else { throw fail("kv_heads must be 1 (got \(kvHeads))") }
        guard headDim == 128 else { throw fail("head_dim must be 128 (got \(headDim))") }
        guard blockSize == 64 || blockSize == 128 else { throw fail("block_size must be 64 or 128 (got \(blockSize))") }
        guard maxModelLen >= 1, maxModelLen <= Self.limits.maxModelLen else {
            throw fail("max_model_len must be between 1 and \(Self.limits.maxModelLen) (got \(maxModelLen))")
        }
        guard contextLens.count == batch else {
            throw fail("\(contextLens.count) context lengths given for a batch of \(batch)")
        }
        guard scale.isFinite, scale > 0 else { throw fail("scale must be a positive finite number (got \(scale))") }
        for (b, len) in contextLens.enumerated() {
            guard len >= 0 else { throw fail("context length \(len) of request \(b) is negative") }
            guard len <= maxModelLen else {
                throw CaseError(.contextBeyondBlockTable,
                                "context length \(len) of request \(b) exceeds max_model_len \(maxModelLen)")
            }
            guard blocksUsed(contextLen: len) <= maxBlocksPerRequest else {
                throw CaseError(.contextBeyondBlockTable, "context length \(len) of request \(b) needs \(blocksUsed(contextLen: len)) blocks but the "
                           + "block table has \(maxBlocksPerRequest) per request (max_model_len / block_size)")
            }
        }
    }
}
