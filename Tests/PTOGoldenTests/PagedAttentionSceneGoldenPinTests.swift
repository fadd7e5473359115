import Testing
import PTOCases
import PTONumerics
import PTOGolden

/// Pins the bytes of the golden-module scenes' golden (`PagedAttentionSceneGolden`, FNV-1a over `out`) on shapes like
/// Case1's and Case2's with requests of unequal length (padded last blocks, block indices past a short request), so
/// a change that only makes it faster is proved to compute the same values. The pinned figures were taken before
/// its per-element `exp` calls became one bulk `VectorMath.exp` per row.
@Suite struct PagedAttentionSceneGoldenPinTests {
    static func fnv1a(_ t: Tensor) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let bytes = t.raw.assumingMemoryBound(to: UInt8.self)
        for i in 0..<t.byteCount { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3 }
        return h
    }

    @Test(arguments: [
        (16, 128, [300, 129, 1], UInt64(0xcfd9_71d3_1cf2_964b)),
        (64, 64, [200, 65], UInt64(0x1847_73b4_1913_1bc1)),
    ])
    func goldenKeepsItsBytes(_ heads: Int, _ block: Int, _ lens: [Int], _ pinned: UInt64) throws {
        let p = PagedAttentionSceneParams(batch: lens.count, numHeads: heads, kvHeadNum: 1, headDim: 128,
                                          blockSize: block, contextLens: lens, maxModelLen: 1024)
        let args = try PagedAttentionSceneInputs.make(p, seed: 9)
        let h = Self.fnv1a(try PagedAttentionSceneGolden.out(args, p))
        #expect(h == pinned, "heads \(heads), block \(block): checksum 0x\(String(h, radix: 16))")
        #expect(Self.fnv1a(try PagedAttentionSceneGolden.out(args, p, workers: 1)) == h)
    }
}
