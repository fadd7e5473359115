import Testing
import PTONumerics
import PTOCases
import PTOGolden
#if canImport(Glibc)
import Glibc
#endif

/// Properties of both reference formulations that need no fixture, and the kernel formulation against an
/// independent scalar implementation of its contract.
@Suite struct ReferenceFormulationTests {
    static func inputs(_ lens: [Int], heads: Int = 16, block: Int = 64, seed: UInt64 = 1) throws -> PagedAttentionInputs {
        try PagedAttentionInputs.generate(PagedAttentionParams(batch: lens.count, numHeads: heads, kvHeads: 1, headDim: 128,
                                                               blockSize: block, contextLens: lens, maxModelLen: 1024),
                                          seed: seed)
    }

    /// With one token, softmax is exactly 1, so every head's output is that token's value row, bit for bit.
    @Test(arguments: PagedAttentionFormulation.allCases)
    func singleTokenOutputIsItsValueRow(_ f: PagedAttentionFormulation) throws {
        let x = try Self.inputs([1, 1])
        let out = PagedAttentionReference.compute(f, x)
        for b in 0..<2 {
            let v = x.valueCache.bf16 + x.blockID(request: b, block: 0) * 64 * 128
            for h in 0..<16 {
                for d in 0..<128 { #expect(out.f32[(b * 16 + h) * 128 + d] == BFloat16(bitPattern: v[d]).float) }
            }
        }
    }

    @Test(arguments: PagedAttentionFormulation.allCases)
    func zeroLengthContextGivesZeroRows(_ f: PagedAttentionFormulation) throws {
        let x = try Self.inputs([0, 70])
        let out = PagedAttentionReference.compute(f, x)
        #expect((0..<(16 * 128)).allSatisfy { out.f32[$0] == 0 })
        #expect((16 * 128..<out.count).contains { out.f32[$0] != 0 })
    }

    /// Results do not depend on threads or sharding: one worker, two workers, and two disjoint request ranges agree.
    @Test(arguments: PagedAttentionFormulation.allCases)
    func threadCountAndShardingDoNotChangeBits(_ f: PagedAttentionFormulation) throws {
        let x = try Self.inputs([300, 64, 129], heads: 64)
        let one = PagedAttentionReference.compute(f, x, workers: 1)
        let two = PagedAttentionReference.compute(f, x, workers: 2)
        let sharded = PagedAttentionReference.compute(f, x, requests: 0..<1, workers: 1)
        PagedAttentionReference.compute(f, x, requests: 1..<3, into: sharded, workers: 2)
        #expect(one.isBitwiseEqual(to: two) && one.isBitwiseEqual(to: sharded))
    }

    /// Q and K quantized to multiples of 1/16 make every score exact in fp32 whatever the summation order, so an
    /// independent scalar implementation of the kernel contract must agree except for the P·V sums' order (≤ 1e-6).
    @Test func kernelFormulationMatchesAnIndependentScalarImplementation() throws {
        let x = try Self.inputs([200, 64, 5], block: 64, seed: 4)
        for t in [x.query, x.keyCache] {
            for i in 0..<t.count { t.bf16[i] = BFloat16((BFloat16(bitPattern: t.bf16[i]).float * 16).rounded() / 16).bitPattern }
        }
        let out = PagedAttentionReference.kernel(x)
        var worst: Float = 0
        for b in 0..<3 {
            let expected = ScalarKernelReference.request(b, x)
            for i in 0..<expected.count { worst = max(worst, abs(expected[i] - out.f32[b * 16 * 128 + i])) }
        }
        #expect(worst <= 1e-6, "largest difference \(worst)")
    }
}

/// The kernel formulation written out with scalar loops, straight from its contract (no BLAS, no shared code).
enum ScalarKernelReference {
    /// The contract's exp: evaluated in double, rounded to float.
    static func exp(_ x: Float) -> Float { Float(Glibc.exp(Double(x))) }

    static func request(_ b: Int, _ x: PagedAttentionInputs) -> [Float] {
        let p = x.params, bs = p.blockSize, dim = 128, heads = p.numHeads
        let ctx = x.contextLen(request: b)
        func q(_ h: Int, _ d: Int) -> Float { BFloat16(bitPattern: x.query.bf16[(b * heads + h) * dim + d]).float }
        var out = [Float](repeating: 0, count: heads * dim)
        guard ctx > 0 else { return out }
        for h in 0..<heads {
            var running: Float = 0, gl: Float = 0
            var go = [Float](repeating: 0, count: dim)
            for j in 0..<(ctx + bs - 1) / bs {
                let block = x.blockID(request: b, block: j)
                func k(_ n: Int, _ d: Int) -> Float { BFloat16(bitPattern: x.keyCache.bf16[(block * bs + n) * dim + d]).float }
                func v(_ n: Int, _ d: Int) -> Float { BFloat16(bitPattern: x.valueCache.bf16[(block * bs + n) * dim + d]).float }
                var s = (0..<bs).map { n in (0..<dim).reduce(Float(0)) { $0 + q(h, $1) * k(n, $1) } }
                for n in min(bs, ctx - j * bs)..<bs { s[n] = -.infinity }
                let m = s.max()! * p.scale
                let previous = running
                running = j == 0 ? m : max(previous, m)
                let pf = s.map { BFloat16(exp($0 * p.scale - running), rounding: .tiesAwayFromZero).float }
                let l = pf.reduce(0, +)
                let o = (0..<dim).map { d in (0..<bs).reduce(Float(0)) { $0 + pf[$1] * v($1, d) } }
                let alpha: Float = j == 0 ? 1 : exp(previous - running)
                for d in 0..<dim { go[d] = go[d] * alpha + o[d] }
                gl = gl * alpha + l
            }
            for d in 0..<dim { out[h * dim + d] = go[d] / gl }
        }
        return out
    }
}
