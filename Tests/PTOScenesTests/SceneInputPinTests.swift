import Testing
import PTOCases
import PTONumerics
@testable import PTOScenes

/// Pins the bytes the scene input generators produce (FNV-1a over every tensor argument, in order), so a change that
/// makes generation faster (threads, vector paths, other chunking) is proved to draw exactly the same values. The
/// pinned figures were taken from the generators before any such change.
@Suite struct SceneInputPinTests {
    static func fnv1a(_ args: SceneArgs) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for t in args.tensors {
            let bytes = t.tensor.raw.assumingMemoryBound(to: UInt8.self)
            for i in 0..<t.tensor.byteCount { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3 }
        }
        for s in args.scalars { h = (h ^ s.bits) &* 0x100_0000_01B3 }
        return h
    }

    @Test(arguments: [
        ("batch_paged_attention", "CaseVarSeq4", UInt64(0x6e1f_474d_16d5_f5bf)),
        ("batch_paged_attention", "CaseSmall1", UInt64(0x4d65_202b_7257_1418)),
        ("paged_attention", "CaseVarSeq2", UInt64(0xb724_dc57_f6ce_5d2e)),
        ("alternating_matmul_add", "default", UInt64(0x8a0a_d0b1_cd2d_3f66)),
        ("benchmark_bgemm", "Bgemm64", UInt64(0x11e1_c227_6509_3aee)),
    ])
    func sceneArgumentsKeepTheirBytes(_ scene: String, _ caseName: String, _ pinned: UInt64) throws {
        let s = try SceneCatalogue.scene(named: scene)
        let args = try s.makeArgs(try s.sceneCase(named: caseName), seed: 7)
        let h = Self.fnv1a(args)
        #expect(h == pinned, "\(scene) \(caseName): checksum 0x\(String(h, radix: 16))")
        // Any thread count draws the same values.
        #expect(Self.fnv1a(try s.makeArgs(try s.sceneCase(named: caseName), seed: 7)) == h)
    }

    /// The unroll scenes' generator (`PagedAttentionInputs.generate`) on a shape small enough for a test, over two
    /// generation chunks so a chunk boundary is covered, on one and on two workers.
    @Test func pagedAttentionInputsKeepTheirBytes() throws {
        let p = PagedAttentionParams(batch: 2, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLen: 4200, maxModelLen: 8192, scale: 1.0)
        for workers in [1, 2] {
            let inputs = try PagedAttentionInputs.generate(p, seed: 3, workers: workers)
            // The arguments in the unroll scenes' order: the five inputs, a zeroed fp32 `out`, the scale.
            var args = SceneArgs()
            for (name, t) in [("query", inputs.query), ("key_cache", inputs.keyCache), ("value_cache", inputs.valueCache),
                              ("block_table", inputs.blockTable), ("context_lens", inputs.contextLens)] {
                args.add(name, t)
            }
            args.add("out", Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim]))
            args.add("scale", float: p.scale)
            let h = Self.fnv1a(args)
            #expect(h == 0x05a7_9d06_f4b9_6dd6, "workers \(workers): checksum 0x\(String(h, radix: 16))")
        }
    }

    /// A few single values of the uniform bf16 fill, at even and odd positions and across a draw boundary.
    @Test func uniformBF16FillKeepsItsValues() {
        let rng = CounterRNG(seed: 42, stream: 12)
        var out = [UInt16](repeating: 0, count: 7)
        out.withUnsafeMutableBufferPointer { rng.fillUniformBF16($0.baseAddress!, count: 7, firstElement: 1_000_001,
                                                                  low: -0.5, high: 0.5) }
        #expect(out == [0x3dce, 0x3efd, 0xbe94, 0x3e7e, 0xbbc3, 0xbed6, 0xbef5], "\(out.map { "0x" + String($0, radix: 16) })")
    }
}
