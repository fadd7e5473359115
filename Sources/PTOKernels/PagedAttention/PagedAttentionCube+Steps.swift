import PTOCore

/// The QK and PV steps of the AIC program, in both event schemes (race-history.md §2.2–2.4).
extension PagedAttentionCube {
    // Event ids of the per-slot scheme (#708): QK uses 0/1 and PV 2/3 for both the L1 and the L0 pairs.
    static let qkL1Event = 0, pvL1Event = 2, qkL0Event = 0, pvL0Event = 2, pvPijEvent = 4

    /// QK[i]: S = Q·K[i]ᵀ into L0C, pushed to the AIVs as sij; optionally prefetches K[i+1] into the other slot.
    mutating func qk(_ core: CoreIssuer, _ t: inout Tiles, kvBlock: Int, i: Int, currentLoaded: Bool, next: Int?) throws {
        let s = i % 2
        switch plan.scheme {
        case .shared:
            if !currentLoaded { core.tload(t.kMat[s], kView(kvBlock), label: "aic.qk.tload-k", detail: i) }
            plan.pair(core, .mte2, .mte1, 0, "aic.qk.mte2-mte1")
            core.tmov(t.qkLeft[0], t.qMat, label: "aic.qk.tmov-q", detail: i)
            core.tmov(t.qkRight[0], t.kMat[s], label: "aic.qk.tmov-k", detail: i)
            if let next { core.tload(t.kMat[1 - s], kView(next), label: "aic.qk.prefetch-k", detail: i + 1) }
            plan.pair(core, .mte1, .m, 0, "aic.qk.mte1-m")
            core.tmatmul(t.qkAcc, t.qkLeft[0], t.qkRight[0], label: "aic.qk.tmatmul", detail: i)
            plan.pair(core, .m, .fix, 0, "aic.qk.m-fix")
            core.tpush(&sij, t.qkAcc, split: .upDown, label: "aic.qk.tpush-sij", detail: i)
            plan.pair(core, .fix, .s, 7, "aic.qk.fix-s")
        case .perSlot:
            let l1 = Self.qkL1Event + s, l0 = Self.qkL0Event + s
            if !currentLoaded {
                plan.wait(core, .mte1, .mte2, l1, "aic.qk.l1-free")
                core.tload(t.kMat[s], kView(kvBlock), label: "aic.qk.tload-k", detail: i)
                plan.set(core, .mte2, .mte1, l1, "aic.qk.l1-ready")
            }
            plan.wait(core, .m, .mte1, l0, "aic.qk.l0-free")
            plan.wait(core, .mte2, .mte1, l1, "aic.qk.l1-ready")
            core.tmov(t.qkLeft[s], t.qMat, label: "aic.qk.tmov-q", detail: i)
            core.tmov(t.qkRight[s], t.kMat[s], label: "aic.qk.tmov-k", detail: i)
            plan.set(core, .mte1, .mte2, l1, "aic.qk.l1-free")
            plan.set(core, .mte1, .m, l0, "aic.qk.l0-ready")
            plan.wait(core, .mte1, .m, l0, "aic.qk.l0-ready")
            core.tmatmul(t.qkAcc, t.qkLeft[s], t.qkRight[s], label: "aic.qk.tmatmul", detail: i)
            plan.set(core, .m, .mte1, l0, "aic.qk.l0-free")
            plan.pair(core, .m, .fix, 0, "aic.qk.m-fix")
            core.tpush(&sij, t.qkAcc, split: .upDown, label: "aic.qk.tpush-sij", detail: i)
            plan.pair(core, .fix, .s, 7, "aic.qk.fix-s")
            // #708 moves the K prefetch behind the sij record.
            if let next {
                let n1 = Self.qkL1Event + 1 - s
                plan.wait(core, .mte1, .mte2, n1, "aic.qk.l1-free")
                core.tload(t.kMat[1 - s], kView(next), label: "aic.qk.prefetch-k", detail: i + 1)
                plan.set(core, .mte2, .mte1, n1, "aic.qk.l1-ready")
            }
        }
    }

    /// PV[j]: O = P[j]·V[j] into L0C, pushed to the AIVs as oi; P[j] is popped from the AIVs; optionally prefetches
    /// V[j+1].
    mutating func pv(_ core: CoreIssuer, _ t: inout Tiles, kvBlock: Int, j: Int, currentLoaded: Bool, next: Int?) throws {
        let s = j % 2
        switch plan.scheme {
        case .shared:
            if !currentLoaded { core.tload(t.vMat[s], vView(kvBlock), label: "aic.pv.tload-v", detail: j) }
            core.tpop(&pij, &t.pijMat, split: .noSplit, label: "aic.pv.tpop-pij", detail: j)
            plan.pair(core, .mte2, .mte1, 1, "aic.pv.mte2-mte1")
            core.tmov(t.pvLeft[0], t.pijMat, label: "aic.pv.tmov-p", detail: j)
            core.tmov(t.pvRight[0], t.vMat[s], label: "aic.pv.tmov-v", detail: j)
            if let next { core.tload(t.vMat[1 - s], vView(next), label: "aic.pv.prefetch-v", detail: j + 1) }
            plan.pair(core, .mte1, .m, 1, "aic.pv.mte1-m")
            core.tmatmul(t.pvAcc, t.pvLeft[0], t.pvRight[0], label: "aic.pv.tmatmul", detail: j)
            plan.pair(core, .m, .fix, 1, "aic.pv.m-fix")
            core.tpush(&oi, t.pvAcc, split: .upDown, label: "aic.pv.tpush-oi", detail: j)
            plan.pair(core, .fix, .s, 7, "aic.pv.fix-s")
        case .perSlot:
            let l1 = Self.pvL1Event + s, l0 = Self.pvL0Event + s
            if !currentLoaded {
                plan.wait(core, .mte1, .mte2, l1, "aic.pv.l1-free")
                core.tload(t.vMat[s], vView(kvBlock), label: "aic.pv.tload-v", detail: j)
                plan.set(core, .mte2, .mte1, l1, "aic.pv.l1-ready")
            }
            core.tpop(&pij, &t.pijMat, split: .noSplit, label: "aic.pv.tpop-pij", detail: j)
            plan.set(core, .mte2, .mte1, Self.pvPijEvent, "aic.pv.pij-ready")
            plan.wait(core, .m, .mte1, l0, "aic.pv.l0-free")
            plan.wait(core, .mte2, .mte1, l1, "aic.pv.l1-ready")
            plan.wait(core, .mte2, .mte1, Self.pvPijEvent, "aic.pv.pij-ready")
            core.tmov(t.pvLeft[s], t.pijMat, label: "aic.pv.tmov-p", detail: j)
            core.tmov(t.pvRight[s], t.vMat[s], label: "aic.pv.tmov-v", detail: j)
            plan.set(core, .mte1, .mte2, l1, "aic.pv.l1-free")
            plan.set(core, .mte1, .m, l0, "aic.pv.l0-ready")
            if let next {
                let n1 = Self.pvL1Event + 1 - s
                plan.wait(core, .mte1, .mte2, n1, "aic.pv.l1-free")
                core.tload(t.vMat[1 - s], vView(next), label: "aic.pv.prefetch-v", detail: j + 1)
                plan.set(core, .mte2, .mte1, n1, "aic.pv.l1-ready")
            }
            plan.wait(core, .mte1, .m, l0, "aic.pv.l0-ready")
            core.tmatmul(t.pvAcc, t.pvLeft[s], t.pvRight[s], label: "aic.pv.tmatmul", detail: j)
            plan.set(core, .m, .mte1, l0, "aic.pv.l0-free")
            plan.pair(core, .m, .fix, 1, "aic.pv.m-fix")
            core.tpush(&oi, t.pvAcc, split: .upDown, label: "aic.pv.tpush-oi", detail: j)
            plan.pair(core, .fix, .s, 7, "aic.pv.fix-s")
        }
    }

    /// #708: every WAR-direction per-slot event starts set, so the first wait on each slot passes.
    func perSlotEntry(_ core: CoreIssuer) {
        for e in 0..<2 {
            plan.set(core, .mte1, .mte2, Self.qkL1Event + e, "aic.qk.l1-free")
            plan.set(core, .mte1, .mte2, Self.pvL1Event + e, "aic.pv.l1-free")
        }
        for e in 0..<2 {
            plan.set(core, .m, .mte1, Self.qkL0Event + e, "aic.qk.l0-free")
            plan.set(core, .m, .mte1, Self.pvL0Event + e, "aic.pv.l0-free")
        }
    }

    /// #708: the eight WAR-direction events are drained at exit so no flag is left set.
    func perSlotExit(_ core: CoreIssuer) {
        for e in 0..<2 {
            plan.wait(core, .mte1, .mte2, Self.qkL1Event + e, "aic.qk.l1-free")
            plan.wait(core, .mte1, .mte2, Self.pvL1Event + e, "aic.pv.l1-free")
        }
        for e in 0..<2 {
            plan.wait(core, .m, .mte1, Self.qkL0Event + e, "aic.qk.l0-free")
            plan.wait(core, .m, .mte1, Self.pvL0Event + e, "aic.pv.l0-free")
        }
    }
}
