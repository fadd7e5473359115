import Testing
import PTONumerics
import PTOCases
import PTOGolden
@testable import PTOKernels

/// The emulated kernel against the two references. Against the kernel formulation the output must be bit-identical:
/// the reference computes every QK and PV tile with the same Matmul call shapes and the same fp32 operation order as
/// the emulated instructions, so any difference means a tile was stale, early or misplaced.
@Suite struct PagedAttentionPrecisionTests {
    static func inputs(batch: Int, heads: Int, blockSize: Int, contexts: [Int], seed: UInt64 = 7,
                       maxModelLen: Int = 2048) throws -> PagedAttentionInputs {
        let p = PagedAttentionParams(batch: batch, numHeads: heads, kvHeads: 1, headDim: 128, blockSize: blockSize,
                                     contextLens: contexts, maxModelLen: maxModelLen)
        return try PagedAttentionInputs.generate(p, seed: seed)
    }

    static func bitwiseMismatches(_ a: Tensor, _ b: Tensor) -> (count: Int, first: Int) {
        var n = 0, first = -1
        let x = UnsafeRawPointer(a.f32).assumingMemoryBound(to: UInt32.self)
        let y = UnsafeRawPointer(b.f32).assumingMemoryBound(to: UInt32.self)
        for i in 0..<a.count where x[i] != y[i] { n += 1; if first < 0 { first = i } }
        return (n, first)
    }

    static func maxAbs(_ a: Tensor, _ b: Tensor) -> Float {
        var m: Float = 0
        for i in 0..<a.count { m = max(m, abs(a.f32[i] - b.f32[i])) }
        return m
    }

    @Test(arguments: [EventScheme.perSlot, .shared])
    func smallBatchQTile16MatchesKernelFormulationBitForBit(scheme: EventScheme) throws {
        let x = try Self.inputs(batch: 5, heads: 16, blockSize: 128, contexts: [1, 127, 128, 129, 700])
        let run = try PagedAttentionKernel.run(x, options: .init(plan: SyncPlan(scheme: scheme)))
        let ref = PagedAttentionReference.kernel(x)
        let mism = Self.bitwiseMismatches(run.out, ref)
        #expect(mism.count == 0, "first mismatch at \(mism.first): \(mism.first >= 0 ? run.out.f32[mism.first] : 0) vs \(mism.first >= 0 ? ref.f32[mism.first] : 0)")
        #expect(Self.maxAbs(run.out, PagedAttentionReference.golden(x)) <= 1e-3)
    }
}

extension PagedAttentionPrecisionTests {
    struct Shape: Sendable, CustomStringConvertible {
        let batch: Int, heads: Int, blockSize: Int, contexts: [Int]
        var description: String { "b\(batch) h\(heads) bs\(blockSize) ctx\(contexts)" }
    }

    static let shapes: [Shape] = [
        Shape(batch: 3, heads: 64, blockSize: 64, contexts: [65, 1, 300]),             // q_tile 64, block 64
        Shape(batch: 2, heads: 32, blockSize: 128, contexts: [384, 129]),              // q_loop 2
        Shape(batch: 1, heads: 128, blockSize: 64, contexts: [200]),                   // q_tile 64, q_loop 2
        Shape(batch: 26, heads: 16, blockSize: 64, contexts: Array(repeating: 192, count: 25) + [0]), // > 24, zero rows
        // An odd number of KV blocks before a partial last block on the same hardware block (#1843's parity bug).
        Shape(batch: 25, heads: 16, blockSize: 128, contexts: [384] + Array(repeating: 128, count: 23) + [200]),
    ]

    @Test(arguments: shapes, [EventScheme.perSlot, .shared])
    func shapesMatchKernelFormulationBitForBit(shape: Shape, scheme: EventScheme) throws {
        let x = try Self.inputs(batch: shape.batch, heads: shape.heads, blockSize: shape.blockSize,
                                contexts: shape.contexts)
        let run = try PagedAttentionKernel.run(x, options: .init(plan: SyncPlan(scheme: scheme)))
        let ref = PagedAttentionReference.kernel(x)
        let mism = Self.bitwiseMismatches(run.out, ref)
        #expect(mism.count == 0, "\(mism.count) mismatches, first at \(mism.first)")
        let golden = PagedAttentionReference.golden(x)
        let d = Self.maxAbs(run.out, golden)
        #expect(d <= 1e-3 && d > 0, "max abs vs golden \(d)")
        var nonzero = 0
        for i in 0..<run.out.count where run.out.f32[i] != 0 { nonzero += 1 }
        let zeroRows = shape.contexts.filter { $0 == 0 }.count * shape.heads * 128
        #expect(nonzero == run.out.count - zeroRows)
    }
}
