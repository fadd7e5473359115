import Testing
import PTOCore
import PTOCases
@testable import PTOKernels

/// The race verdicts race-history.md predicts, checked mechanically by the happens-before checker on a small case
/// with a partial last block, a multi-block request and two logical blocks per hardware block.
@Suite struct PagedAttentionRaceVerdictTests {
    static let inputs: PagedAttentionInputs = {
        let p = PagedAttentionParams(batch: 26, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLens: [700, 129] + Array(repeating: 256, count: 23) + [0], maxModelLen: 1024)
        return try! PagedAttentionInputs.generate(p, seed: 3)
    }()

    static func report(_ scheme: EventScheme, dropped: Set<String> = [], added: Set<String> = []) -> KernelCheckReport {
        PagedAttentionKernel.check(inputs, plan: SyncPlan(scheme: scheme, dropped: dropped, added: added)).report
    }

    static func isH13(_ f: KernelCheckReport.Finding) -> Bool {
        f.hazard.kind == .war && f.hazard.space == .ub && f.firstSite == "aiv.sf.tpush-pij"
            && f.secondSite == "aiv.sf.cvt-bf16"
    }

    @Test(arguments: [EventScheme.shared, .perSlot])
    func h13IsOpenAndIsTheOnlyHazard(scheme: EventScheme) {
        let r = Self.report(scheme)
        #expect(r.findings.count == 1, "\(r.signatures)")
        #expect(r.findings.allSatisfy(Self.isH13))
        #expect(r.deadlocks.isEmpty && r.lostSignals.isEmpty && r.leftovers.isEmpty && r.otherFaults.isEmpty)
        // Both lanes of every hardware block that ran a multi-block request hit it.
        #expect(r.findings.first?.blocks == 24)
    }

    @Test(arguments: [EventScheme.shared, .perSlot])
    func noCubeSideHazardWhileTheFixDrainsStand(scheme: EventScheme) {
        let r = Self.report(scheme)
        #expect(!r.findings.contains { $0.firstSite.hasPrefix("aic") || $0.secondSite.hasPrefix("aic") })
    }

    @Test func perSlotWithPijMte3ToVIsHazardFree() {
        let r = Self.report(.perSlot, added: ["pij-mte3-v"])
        #expect(r.isClean, "\(r.signatures)")
    }

    @Test func perSlotReusesAnEventTowardTwoDestinations() {
        let perSlot = Self.report(.perSlot, added: ["pij-mte3-v"])
        let shared = Self.report(.shared, added: ["pij-mte3-v"])
        let reuse = perSlot.warnings.filter { $0.kind == .sharedEventID }
        #expect(reuse.contains { $0.message.contains("(M, 0)") && $0.message.contains("FIX") && $0.message.contains("MTE1") })
        #expect(reuse.contains { $0.message.contains("(MTE1, 0)") && $0.message.contains("MTE2") })
        #expect(!shared.warnings.contains { $0.kind == .sharedEventID })
    }

    @Test func droppingTheFixDrainReopensTheCubeWARs() {
        let r = Self.report(.shared, dropped: ["aic.qk.fix-s"], added: ["pij-mte3-v"])
        let sigs = Set(r.signatures)
        #expect(sigs.contains("WAR L0C aic.qk.tpush-sij → aic.pv.tmatmul"))   // H10
        #expect(sigs.contains("WAR L1 aic.qk.tmov-k → aic.qk.prefetch-k"))     // H2
        #expect(sigs.contains("WAR L0A aic.qk.tmatmul → aic.pv.tmov-p"))       // H8
    }

    @Test func droppingADataReadySyncIsARAW() {
        let r = Self.report(.perSlot, dropped: ["aic.pv.pij-ready"], added: ["pij-mte3-v"])
        #expect(Set(r.signatures) == ["RAW L1 aic.pv.tpop-pij → aic.pv.tmov-p"])
    }
}
