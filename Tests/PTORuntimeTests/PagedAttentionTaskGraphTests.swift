import PTOCases
import PTOGolden
import PTONumerics
import Testing
@testable import PTORuntime

/// The multi-task paged attention graph against PTOGolden's reference (simpler's golden formulation), on inputs from
/// PTOCases' seeded generator. The graph rounds p to bf16 ties-away as the example's softmax kernel does, the golden
/// nearest-even, hence simpler's tolerance for this example (rtol = atol = 1e-3).
@Suite struct PagedAttentionTaskGraphTests {
    static func inputs(_ p: PagedAttentionParams, seed: UInt64) throws -> (PagedAttentionInputs,
                                                                         PagedAttentionTaskGraph.Inputs) {
        let x = try PagedAttentionInputs.generate(p, seed: seed)
        return (x, .init(query: x.query, keyCache: x.keyCache, valueCache: x.valueCache, blockTable: x.blockTable,
                         contextLens: x.contextLens, scale: x.scale))
    }

    private func run(_ x: PagedAttentionTaskGraph.Inputs, config: RuntimeConfig) throws -> ([Float], RunReport) {
        let out = Tensor(dtype: .f32, shape: x.query.shape)
        let report = try Runtime(config: config, kernels: PagedAttentionTaskGraph.kernels()).run { orch in
            try PagedAttentionTaskGraph.orchestrate(orch, x, out: out)
        }
        #expect(ScheduleInvariants.violations(report) == [])
        return (Array(UnsafeBufferPointer(start: out.f32, count: out.count)), report)
    }

    private func expectClose(_ got: [Float], _ golden: Tensor, tolerance: Float = 1e-3) {
        let want = Array(UnsafeBufferPointer(start: golden.f32, count: golden.count))
        #expect(got.count == want.count)
        let bad = zip(got, want).enumerated().filter { abs($0.element.0 - $0.element.1) > tolerance * (1 + abs($0.element.1)) }
        #expect(bad.isEmpty, "\(bad.count) of \(want.count) outside rtol = atol = \(tolerance); first at \(bad.first.map { "\($0.offset): got \($0.element.0), golden \($0.element.1)" } ?? "")")
    }

    @Test(arguments: [
        PagedAttentionParams(batch: 2, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128, contextLens: [300, 128],
                             maxModelLen: 512),
        PagedAttentionParams(batch: 3, numHeads: 32, kvHeads: 1, headDim: 128, blockSize: 64, contextLens: [65, 1, 200],
                             maxModelLen: 256),
        PagedAttentionParams(batch: 2, numHeads: 64, kvHeads: 1, headDim: 128, blockSize: 64, contextLens: [0, 130],
                             maxModelLen: 256, scale: 0.125),
    ])
    func matchesTheGolden(_ p: PagedAttentionParams) throws {
        let (cases, x) = try Self.inputs(p, seed: 11)
        let (out, report) = try run(x, config: RuntimeConfig(clusters: 8, hostThreads: 2))
        expectClose(out, PagedAttentionReference.golden(cases))
        // Per batch row and head tile: one alloc task, then QK, SF, PV, UP per KV block.
        let blocks = p.contextLens.map { p.blocksUsed(contextLen: $0) }.reduce(0, +)
        let tiles = (p.numHeads + 127) / 128
        #expect(report.tasks.count == p.batch * tiles + 4 * blocks * tiles)
        // Each update waits for its softmax and PV producers and for the accumulators' allocation or previous update.
        let updates = report.tasks.filter { $0.kernels == MixedKernels(aiv0: PagedAttentionTaskGraph.updateKernel) }
        #expect(updates.count == blocks * tiles && updates.allSatisfy { $0.producers.count >= 3 })
    }

    @Test func ringStressSizesGiveTheSameBits() throws {
        // simpler's paged_attention_ringbuffer configuration: window 64, heap 4 MiB, dependency pool 256, on enough
        // KV blocks that ring 2 (the per-block scopes) wraps every resource. The result must be bit-identical to an
        // unconstrained run and to a single-threaded one on a one-cluster chip.
        let p = PagedAttentionParams(batch: 4, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLens: [8192, 8192, 6000, 8192], maxModelLen: 8192)
        let (cases, x) = try Self.inputs(p, seed: 4)
        let stress = try RuntimeConfig.resolve(clusters: 24, hostThreads: 2, taskWindow: .all(64), heap: .all(4 << 20),
                                               depPool: .all(256), environment: [:])
        let (constrained, report) = try run(x, config: stress)
        let (free, _) = try run(x, config: RuntimeConfig(clusters: 24, hostThreads: 2))
        let (serial, _) = try run(x, config: RuntimeConfig(clusters: 1, hostThreads: 1))
        #expect(constrained.map(\.bitPattern) == free.map(\.bitPattern))
        #expect(serial.map(\.bitPattern) == free.map(\.bitPattern))
        let ring2 = report.rings[2]
        #expect(ring2.taskWindowWraps > 0 && ring2.heapWraps > 0 && ring2.depPoolWraps > 0, "\(ring2)")
        #expect(ring2.maxInFlight <= 63 && ring2.maxHeapBytes <= 4 << 20 && ring2.maxDepEntries <= 256)
        expectClose(constrained, PagedAttentionReference.golden(cases))
    }

    @Test func inconsistentInputsAreRejectedWithTheShapes() throws {
        let (_, x) = try Self.inputs(PagedAttentionParams(batch: 1, numHeads: 16, kvHeads: 1, headDim: 128,
                                                          blockSize: 64, contextLens: [10], maxModelLen: 64), seed: 1)
        let wrongOut = Tensor(dtype: .f32, shape: [1, 16, 64])
        let error = #expect(throws: RuntimeError.self) {
            try Runtime(kernels: PagedAttentionTaskGraph.kernels()).run { orch in
                try PagedAttentionTaskGraph.orchestrate(orch, x, out: wrongOut)
            }
        }
        #expect(error?.description.contains("out [1, 16, 64] do not fit together") == true)
    }
}
