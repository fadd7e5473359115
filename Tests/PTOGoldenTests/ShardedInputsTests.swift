import Testing
import PTONumerics
import PTOCases
import PTOGolden

/// A shard's inputs on their own give the same output rows as the whole batch: the property `ptosim run|golden
/// --shard` and `ptosim merge` rely on.
@Suite struct ShardedInputsTests {
    static let params = PagedAttentionParams(batch: 9, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 64,
                                             contextLens: [200, 1, 0, 64, 65, 300, 129, 7, 450], maxModelLen: 512)

    static func rows(_ t: Tensor, _ requests: Range<Int>) -> [UInt32] {
        let n = t.shape[1] * t.shape[2]
        let bits = UnsafeRawPointer(t.f32).assumingMemoryBound(to: UInt32.self)
        return Array(UnsafeBufferPointer(start: bits + requests.lowerBound * n, count: requests.count * n))
    }

    static func bits(_ t: Tensor) -> [UInt8] { Array(UnsafeRawBufferPointer(start: t.raw, count: t.byteCount)) }

    @Test(arguments: [1, 2, 3, 4, 9])
    func shardsTileTheBatchInOrder(count: Int) throws {
        let ranges = try (0..<count).map { try BatchShard(index: $0, count: count).requests(batch: 9) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 9)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        let sizes = ranges.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func parsingRejectsBadShards() {
        #expect(throws: CaseError.self) { try BatchShard.parse("3/3") }
        #expect(throws: CaseError.self) { try BatchShard.parse("-1/3") }
        #expect(throws: CaseError.self) { try BatchShard.parse("1-3") }
        #expect(throws: CaseError.self) { try BatchShard.parse("0/0") }
        #expect((try? BatchShard.parse("2/5")) == (try? BatchShard(index: 2, count: 5)))
    }

    /// Generating only a range draws exactly the values the full generation puts there.
    @Test(arguments: [0..<3, 3..<6, 5..<9, 0..<9])
    func generatedShardEqualsTheRestrictedFullBatch(requests: Range<Int>) throws {
        let full = try PagedAttentionInputs.generate(Self.params, seed: 11)
        let cut = try full.restricted(to: requests)
        let drawn = try PagedAttentionInputs.generate(Self.params, seed: 11, requests: requests, workers: 2)
        for (a, b) in [(cut.query, drawn.query), (cut.keyCache, drawn.keyCache), (cut.valueCache, drawn.valueCache),
                       (cut.blockTable, drawn.blockTable), (cut.contextLens, drawn.contextLens)] {
            #expect(a.shape == b.shape && Self.bits(a) == Self.bits(b))
        }
        #expect(drawn.params.contextLens == Array(Self.params.contextLens[requests]))
        // Only the blocks the range uses are present.
        let used = requests.map { Self.params.blocksUsed(contextLen: Self.params.contextLens[$0]) }.reduce(0, +)
        #expect(drawn.numBlocks <= used)
    }

    /// Both reference formulations give the full batch's rows, bit for bit, from a shard's inputs.
    @Test(arguments: PagedAttentionFormulation.allCases)
    func referenceRowsDoNotDependOnTheShard(formulation: PagedAttentionFormulation) throws {
        let full = try PagedAttentionInputs.generate(Self.params, seed: 5)
        let whole = PagedAttentionReference.compute(formulation, full)
        for shard in 0..<3 {
            let requests = try BatchShard(index: shard, count: 3).requests(batch: Self.params.batch)
            let part = PagedAttentionReference.compute(formulation, try full.restricted(to: requests))
            #expect(Self.rows(part, 0..<requests.count) == Self.rows(whole, requests))
        }
    }
}
