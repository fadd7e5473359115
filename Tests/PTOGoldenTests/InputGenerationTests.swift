import Testing
import PTONumerics
import PTOCases

@Suite struct InputGenerationTests {
    static let params = PagedAttentionParams(batch: 3, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 64,
                                             contextLens: [65, 1, 200], maxModelLen: 512)

    @Test func shapesAndDistributionsFollowSimpler() throws {
        let inputs = try PagedAttentionInputs.generate(Self.params, seed: 9)
        let p = Self.params
        #expect(p.totalBlocks == 3 * 4)  // batch × ceil(200 / 64)
        #expect(inputs.query.signature == "bf16[3, 16, 128]")
        #expect(inputs.keyCache.signature == "bf16[12, 64, 1, 128]" && inputs.valueCache.shape == inputs.keyCache.shape)
        #expect(inputs.blockTable.signature == "i32[3, 8]" && inputs.contextLens.floatArray() == [65, 1, 200])
        #expect(inputs.scale == 1 && inputs.out == nil)
        let q = inputs.query.floatArray(), k = inputs.keyCache.floatArray(), v = inputs.valueCache.floatArray()
        #expect(q.allSatisfy { $0 >= -0.5 && $0 <= 0.5 } && k.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
        #expect(v.allSatisfy { $0 >= -1 && $0 <= 1 } && v.contains { $0 < -0.5 } && v.contains { $0 > 0.5 })
        // Every element is its stream's value: bf16 (nearest-even) of low + (high − low)·u.
        let rng = CounterRNG(seed: 9, stream: PagedAttentionInputs.Stream.valueCache.rawValue)
        for i in [0, 1, 777, v.count - 1] {
            #expect(inputs.valueCache.bf16[i] == BFloat16(-1 + 2 * rng.pairedUnitFloat(element: i)).bitPattern)
        }
        let ids = (0..<inputs.blockTable.count).map { inputs.blockTable.i32[$0] }
        #expect(ids.allSatisfy { $0 >= 0 && $0 < 12 } && Set(ids).count > 6)
    }

    @Test func sameSeedSameBytesForAnyThreadCount() throws {
        let one = try PagedAttentionInputs.generate(Self.params, seed: 5, workers: 1)
        let two = try PagedAttentionInputs.generate(Self.params, seed: 5, workers: 2)
        let other = try PagedAttentionInputs.generate(Self.params, seed: 6, workers: 2)
        for (a, b) in zip(one.namedTensors(out: nil), two.namedTensors(out: nil)) {
            #expect(a.tensor.isBitwiseEqual(to: b.tensor), "\(a.name)")
        }
        #expect(!one.keyCache.isBitwiseEqual(to: other.keyCache))
    }

    @Test func invalidParametersAreRejectedBeforeAllocation() {
        var p = Self.params
        p.blockSize = 32
        #expect(throws: CaseError.self) { try PagedAttentionInputs.generate(p, seed: 1) }
        p = Self.params
        p.batch = 1 << 20
        p.contextLens = Array(repeating: 512, count: p.batch)
        #expect(throws: CaseError.self) { try PagedAttentionInputs.generate(p, seed: 1) }  // far beyond memory
    }
}
