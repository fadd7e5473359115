/// Shape parameters of one paged-attention case (simpler's spmd_paged_attention test parameters).
public struct PagedAttentionParams: Sendable, Equatable {
    public var batch: Int
    public var numHeads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var blockSize: Int
    public var contextLens: [Int]
    public var maxModelLen: Int
    public init(batch: Int, numHeads: Int, kvHeads: Int, headDim: Int, blockSize: Int, contextLens: [Int], maxModelLen: Int) {
        self.batch = batch; self.numHeads = numHeads; self.kvHeads = kvHeads; self.headDim = headDim
        self.blockSize = blockSize; self.contextLens = contextLens; self.maxModelLen = maxModelLen
    }
}
