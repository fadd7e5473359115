import Testing
import PTONumerics
import PTOCases
import PTOGolden
import PTOTestSupport
@testable import PTOKernels

/// The emulated kernel on simpler's own fixtures (torch inputs and outputs), across host thread and cluster counts,
/// and with repeated block ids.
@Suite struct PagedAttentionDeterminismTests {
    typealias T = PagedAttentionPrecisionTests

    @Test(arguments: ["small_q16_bs128", "varlen_q16_bs128", "varlen_q64_bs64"])
    func fixtureMatchesTorchWithin1e3AndKernelFormulationBitForBit(name: String) throws {
        let inputs = try PagedAttentionInputs.load(Fixtures.path(name))
        let torchOut = try #require(inputs.out)
        let run = try PagedAttentionKernel.run(inputs)
        let d = T.maxAbs(run.out, torchOut)
        #expect(d <= 1e-3 && d > 0, "max |kernel - torch| = \(d)")
        #expect(T.bitwiseMismatches(run.out, PagedAttentionReference.kernel(inputs)).count == 0)
    }

    @Test func bitIdenticalAcrossThreadsClustersAndRepeats() throws {
        let x = try T.inputs(batch: 30, heads: 32, blockSize: 64,
                             contexts: (0..<30).map { [300, 1, 64, 65, 0, 900][$0 % 6] })
        let base = try PagedAttentionKernel.run(x, options: .init(clusters: 24, threads: 2)).out
        for (clusters, threads) in [(24, 1), (8, 2), (5, 2), (1, 1), (24, 2)] {
            let out = try PagedAttentionKernel.run(x, options: .init(clusters: clusters, threads: threads)).out
            #expect(T.bitwiseMismatches(out, base).count == 0, "clusters \(clusters), threads \(threads)")
        }
    }

    @Test func repeatedBlockIdsReadTheSameCacheBlock() throws {
        let g = try T.inputs(batch: 3, heads: 16, blockSize: 128, contexts: [600, 250, 129])
        // Point every request at the same few blocks, repeated inside a request too.
        let table = Tensor(dtype: .i32, shape: g.blockTable.shape)
        let perRequest = g.blockTable.shape[1]
        for b in 0..<3 { for j in 0..<perRequest { table.i32[b * perRequest + j] = Int32((j * 7 + b) % 3) } }
        let x = try PagedAttentionInputs(params: g.params, query: g.query, keyCache: g.keyCache,
                                         valueCache: g.valueCache, blockTable: table, contextLens: g.contextLens)
        let run = try PagedAttentionKernel.run(x)
        #expect(T.bitwiseMismatches(run.out, PagedAttentionReference.kernel(x)).count == 0)
        #expect(T.maxAbs(run.out, PagedAttentionReference.golden(x)) <= 1e-3)
    }
}
