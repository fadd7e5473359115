import Testing
import PTOCases
import PTOCore
@testable import PTOKernels

/// A tripwire between the timing model and the comparison with the hardware in docs/kernels/spmd-paged-attention.md:
/// the modeled Elapsed of a small Case1-shaped run (24 requests of 8 KV blocks on 24 clusters) under each built-in
/// set, for #708 and for the kernel before #704. The figures depend only on shapes and the cost model, not on the data
/// (two seeds agree). When a change to the model moves them, that page's table is stale: re-measure it with
/// `make timing-fit` and update both.
@Suite struct PagedAttentionModeledTimeTests {
    static let inputs: PagedAttentionInputs = {
        let p = PagedAttentionParams(batch: 24, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLen: 1024, maxModelLen: 2048)
        return (try? PagedAttentionInputs.generate(p, seed: 1))!
    }()

    static func elapsed(_ set: TimingParameters.BuiltInSet, _ plan: SyncPlan) throws -> Double {
        try PagedAttentionKernel.runTimed(Self.inputs, options: .init(plan: plan, threads: 1),
                                          timing: .init(parameters: try TimingParameters.builtIn(set), schedule: .nominal))
            .modeled.elapsedMicros
    }

    static let v708 = SyncPlan(scheme: .perSlot)
    static let before704 = SyncPlan(scheme: .shared, prefetchKV: false)

    struct Expected: Sendable, CustomStringConvertible {
        let costModel: TimingParameters.BuiltInSet
        let v708: Double, before704: Double
        var description: String { costModel.rawValue }
    }

    @Test(arguments: [
        Expected(costModel: .public, v708: 15.676073280205676, before704: 19.469785292445998),
        Expected(costModel: .history, v708: 24.49170369781844, before704: 28.3711308836998),
        Expected(costModel: .calibrated, v708: 23.270194140089664, before704: 27.481998625538104),
    ])
    func modeledElapsedIsWhatTheReadmeWasMeasuredWith(expected: Expected) throws {
        let a = try Self.elapsed(expected.costModel, Self.v708), b = try Self.elapsed(expected.costModel, Self.before704)
        #expect(abs(a / expected.v708 - 1) < 1e-9, "#708: \(a) us")
        #expect(abs(b / expected.before704 - 1) < 1e-9, "before #704: \(b) us")
        // In every set the prefetch of #704 saves time.
        #expect(b > a)
    }
}
