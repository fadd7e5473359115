import Testing
import PTONumerics
import PTOCases
import PTOCore
import PTOGolden
@testable import PTOKernels

/// The kernel without #704's K/V prefetch (`--no-prefetch`): the same numbers, the same race verdict, no prefetch
/// loads, and — on the timed model — longer, because every K/V load then sits on the AIC's critical path.
@Suite struct PagedAttentionPrefetchTests {
    /// Two requests of 8 KV blocks and one of a single block (the n = 1 path), over 3 hardware blocks.
    static let inputs: PagedAttentionInputs = {
        let p = PagedAttentionParams(batch: 3, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLens: [1024, 1000, 100], maxModelLen: 2048)
        return (try? PagedAttentionInputs.generate(p, seed: 11))!
    }()

    @Test(arguments: [EventScheme.perSlot, .shared])
    func withoutPrefetchTheOutputIsTheKernelFormulationBitForBit(scheme: EventScheme) throws {
        let run = try PagedAttentionKernel.run(Self.inputs, options: .init(plan: SyncPlan(scheme: scheme, prefetchKV: false)))
        let mism = PagedAttentionPrecisionTests.bitwiseMismatches(run.out, PagedAttentionReference.kernel(Self.inputs))
        #expect(mism.count == 0, "\(mism.count) mismatches, first at \(mism.first)")
    }

    @Test(arguments: [EventScheme.perSlot, .shared])
    func withoutPrefetchH13IsStillTheOnlyHazard(scheme: EventScheme) {
        let r = PagedAttentionKernel.check(Self.inputs, plan: SyncPlan(scheme: scheme, prefetchKV: false)).report
        #expect(r.findings.count == 1 && r.findings.allSatisfy(PagedAttentionRaceVerdictTests.isH13), "\(r.signatures)")
        #expect(r.deadlocks.isEmpty && r.lostSignals.isEmpty && r.leftovers.isEmpty && r.otherFaults.isEmpty)
    }

    @Test func withoutPrefetchNoLoadIsAPrefetchAndTheModeledKernelIsSlower() throws {
        func timed(_ prefetch: Bool) throws -> PagedAttentionTimedResult {
            try PagedAttentionKernel.runTimed(
                Self.inputs, options: .init(plan: SyncPlan(scheme: .perSlot, prefetchKV: prefetch), clusters: 3, threads: 1),
                timing: .init(parameters: try TimingParameters.builtIn(), schedule: .nominal))
        }
        let with = try timed(true), without = try timed(false)
        func labels(_ r: PagedAttentionTimedResult) -> [String] {
            r.chip.timeline().flatMap { $0.cores[0] }.filter { $0.record.op == .tload }.map { $0.record.label.description }
        }
        // 34 K/V loads either way (17 blocks, K and V each) plus 3 Q loads: only their labels differ.
        let a = labels(with), b = labels(without)
        #expect(a.filter { $0.hasSuffix("prefetch-k") || $0.hasSuffix("prefetch-v") }.count == 28)
        #expect(b.filter { $0.contains("prefetch") }.isEmpty)
        #expect(a.count == b.count)
        #expect(without.modeled.elapsedMicros > with.modeled.elapsedMicros * 1.05,
                "with prefetch \(with.modeled.elapsedMicros) us, without \(without.modeled.elapsedMicros) us")
        #expect(PagedAttentionPrecisionTests.bitwiseMismatches(with.out, without.out).count == 0)
    }
}
