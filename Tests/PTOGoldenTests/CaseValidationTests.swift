import Testing
import PTOCases

@Suite struct CaseValidationTests {
    static func params(batch: Int = 2, heads: Int = 16, kv: Int = 1, dim: Int = 128, block: Int = 128,
                       lens: [Int]? = nil, maxLen: Int = 1024, scale: Float = 1) -> PagedAttentionParams {
        PagedAttentionParams(batch: batch, numHeads: heads, kvHeads: kv, headDim: dim, blockSize: block,
                             contextLens: lens ?? Array(repeating: 100, count: max(batch, 0)), maxModelLen: maxLen,
                             scale: scale)
    }

    @Test func namedCasesAndTheirTiling() throws {
        #expect(PagedAttentionCases.names == ["Case1", "Case2", "SmallCase1"])
        let c1 = try PagedAttentionCases.named("Case1").params
        #expect(c1 == PagedAttentionParams(batch: 256, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                           contextLen: 8192, maxModelLen: 32768))
        #expect((c1.qTile, c1.qLoop, c1.logicalBlocks, c1.maxBlocksPerRequest, c1.totalBlocks) == (16, 1, 256, 256, 16384))
        let c2 = try PagedAttentionCases.named("Case2").params
        #expect((c2.qTile, c2.qLoop, c2.logicalBlocks, c2.maxBlocksPerRequest, c2.totalBlocks) == (64, 1, 64, 512, 8192))
        let s1 = try PagedAttentionCases.named("smallcase1").params
        #expect((s1.batch, s1.logicalBlocks, s1.totalBlocks) == (24, 24, 1536))
        #expect(Self.params(heads: 128).qLoop == 2 && Self.params(heads: 48).qLoop == 3)
        for c in PagedAttentionCases.all { try c.params.validate() }
        // Case1: caches 2·16384·128·128·2 + query 256·16·128·2 + block table 256·256·4 + context_lens 256·4 bytes.
        #expect(c1.inputByteCount == 1_073_741_824 + 1_048_576 + 262_144 + 1_024)
    }

    @Test func unknownCaseNamesTheKnownOnes() {
        #expect(throws: CaseError(.unknownCase, "unknown case 'Case9' (known cases: Case1, Case2, SmallCase1)")) {
            try PagedAttentionCases.named("Case9")
        }
    }

    static let invalid: [(PagedAttentionParams, String, CaseError.Kind)] = [
        (params(heads: 24), "num_heads 24 is not a multiple of 16 (below 64 heads the kernel tiles 16 at a time)", .invalidParameter),
        (params(heads: 96), "num_heads 96 is not a multiple of 64 (from 64 heads the kernel tiles 64 at a time)", .invalidParameter),
        (params(heads: 0), "num_heads must be between 1 and 4096 (got 0)", .invalidParameter),
        (params(dim: 64), "head_dim must be 128 (got 64)", .invalidParameter),
        (params(block: 96), "block_size must be 64 or 128 (got 96)", .invalidParameter),
        (params(kv: 2), "kv_heads must be 1 (got 2)", .invalidParameter),
        (params(lens: [100, 2000]), "context length 2000 of request 1 exceeds max_model_len 1024", .contextBeyondBlockTable),
        (params(lens: [-1, 5]), "context length -1 of request 0 is negative", .invalidParameter),
        (params(batch: 0, lens: []), "batch must be at least 1 (got 0): the batch is empty", .invalidParameter),
        (params(lens: [1]), "1 context lengths given for a batch of 2", .invalidParameter),
        (params(scale: 0), "scale must be a positive finite number (got 0.0)", .invalidParameter),
        (params(scale: .nan), "scale must be a positive finite number (got nan)", .invalidParameter),
        (params(lens: [1000, 1000], maxLen: 1000),
         "context length 1000 of request 0 needs 8 blocks but the block table has 7 per request (max_model_len / block_size)",
         .contextBeyondBlockTable),
    ]

    @Test(arguments: invalid.indices)
    func eachBrokenRuleHasItsOwnMessage(_ i: Int) {
        let (params, message, kind) = Self.invalid[i]
        #expect(throws: CaseError(kind, message)) { try params.validate() }
    }
}
