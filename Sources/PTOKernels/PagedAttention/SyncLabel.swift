/// One named synchronisation in the paged-attention program: a set/wait pair (all of its set and wait sites share
/// the label, so `--drop-sync` removes the pair as a unit) or a pipe barrier.
public struct SyncLabel: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case pair, barrier }
    public let name: String
    public let kind: Kind
    /// "aic" or "aiv".
    public let core: String
    /// What it orders, e.g. "MTE2→MTE1 id 0".
    public let what: String

    public var description: String { "\(name)\t\(core)\t\(kind.rawValue)\t\(what)" }

    static func pair(_ name: String, _ core: String, _ what: String) -> SyncLabel {
        SyncLabel(name: name, kind: .pair, core: core, what: what)
    }
    static func barrier(_ name: String, _ core: String, _ what: String) -> SyncLabel {
        SyncLabel(name: name, kind: .barrier, core: core, what: what)
    }

    /// The labels of a scheme, in the order the program first issues them.
    static func all(for scheme: EventScheme, pijMte3ToV: Bool) -> [SyncLabel] {
        var out: [SyncLabel]
        switch scheme {
        case .shared:
            out = [
                .pair("aic.qk.mte2-mte1", "aic", "MTE2→MTE1 id 0: K (and Q) loaded before TMOV"),
                .pair("aic.qk.mte1-m", "aic", "MTE1→M id 0: L0A/L0B filled before TMATMUL"),
                .pair("aic.qk.m-fix", "aic", "M→FIX id 0: L0C written before TPUSH(sij)"),
                .pair("aic.qk.fix-s", "aic", "FIX→S id 7: drain FIX (and so MTE1, M) before the next step"),
                .pair("aic.pv.mte2-mte1", "aic", "MTE2→MTE1 id 1: pij and V loaded before TMOV"),
                .pair("aic.pv.mte1-m", "aic", "MTE1→M id 1: L0A/L0B filled before TMATMUL"),
                .pair("aic.pv.m-fix", "aic", "M→FIX id 1: L0C written before TPUSH(oi)"),
                .pair("aic.pv.fix-s", "aic", "FIX→S id 7: drain FIX before the next step"),
            ]
        case .perSlot:
            out = [
                .pair("aic.qk.l1-free", "aic", "MTE1→MTE2 id 0/1 (per K slot): TMOV done before the slot is reloaded"),
                .pair("aic.qk.l1-ready", "aic", "MTE2→MTE1 id 0/1 (per K slot): K loaded before TMOV"),
                .pair("aic.qk.l0-free", "aic", "M→MTE1 id 0/1 (per L0 slot): TMATMUL done before L0 is refilled"),
                .pair("aic.qk.l0-ready", "aic", "MTE1→M id 0/1 (per L0 slot): L0A/L0B filled before TMATMUL"),
                .pair("aic.qk.m-fix", "aic", "M→FIX id 0: L0C written before TPUSH(sij)"),
                .pair("aic.qk.fix-s", "aic", "FIX→S id 7: drain FIX before the next step"),
                .pair("aic.pv.l1-free", "aic", "MTE1→MTE2 id 2/3 (per V slot): TMOV done before the slot is reloaded"),
                .pair("aic.pv.l1-ready", "aic", "MTE2→MTE1 id 2/3 (per V slot): V loaded before TMOV"),
                .pair("aic.pv.pij-ready", "aic", "MTE2→MTE1 id 4: TPOP(pij) landed in L1 before TMOV"),
                .pair("aic.pv.l0-free", "aic", "M→MTE1 id 2/3 (per L0 slot): TMATMUL done before L0 is refilled"),
                .pair("aic.pv.l0-ready", "aic", "MTE1→M id 2/3 (per L0 slot): L0A/L0B filled before TMATMUL"),
                .pair("aic.pv.m-fix", "aic", "M→FIX id 1: L0C written before TPUSH(oi)"),
                .pair("aic.pv.fix-s", "aic", "FIX→S id 7: drain FIX before the next step"),
            ]
        }
        out += [
            .pair("aiv.sf.mte2-v", "aiv", "MTE2→V id 0: sij landed in UB before the softmax"),
            .barrier("aiv.sf.pad", "aiv", "V: −inf fill before TROWMAX"),
            .barrier("aiv.sf.rowmax", "aiv", "V: TROWMAX before the max update"),
            .barrier("aiv.sf.max", "aiv", "V: scaled local max before TMAX"),
            .barrier("aiv.sf.scale", "aiv", "V: s·scale before the row subtract"),
            .barrier("aiv.sf.sub", "aiv", "V: row subtract before TEXP"),
            .barrier("aiv.sf.exp", "aiv", "V: TEXP before TCVT to bf16"),
            .barrier("aiv.sf.cvt-bf16", "aiv", "V: TCVT to bf16 before TCVT back"),
            .barrier("aiv.sf.cvt-f32", "aiv", "V: TCVT back before TROWSUM"),
            .pair("aiv.sf.v-mte3", "aiv", "V→MTE3 id 0: pij (bf16) written before TPUSH(pij)"),
        ]
        if pijMte3ToV {
            out.append(.pair("pij-mte3-v", "aiv", "MTE3→V id 1 (added): TPUSH(pij) read its UB tile before the next TCVT"))
        }
        out += [
            .barrier("aiv.shift", "aiv", "V: max/sum history copies before SF"),
            .pair("aiv.up.mte2-v", "aiv", "MTE2→V id 1: oi landed in UB before the online update"),
            .barrier("aiv.up.init", "aiv", "V: first-block copies"),
            .barrier("aiv.up.sub", "aiv", "V: max difference before TEXP"),
            .barrier("aiv.up.exp", "aiv", "V: alpha before the rescale"),
            .barrier("aiv.up.rescale", "aiv", "V: go·alpha before go + oi"),
            .barrier("aiv.up.gl", "aiv", "V: gl·alpha before gl + l"),
            .barrier("aiv.up.end", "aiv", "V: end of the online update"),
            .barrier("aiv.out.div", "aiv", "V: gl final before the divide"),
            .pair("aiv.out.v-mte3", "aiv", "V→MTE3 id 0: out tile written before TSTORE"),
            .pair("aiv.out.mte3-s", "aiv", "MTE3→S id 7: TSTORE(out) done before the next logical block"),
            .barrier("aiv.zero.fill", "aiv", "V: zero fill (empty context)"),
            .pair("aiv.zero.v-mte3", "aiv", "V→MTE3 id 0: zero tile written before TSTORE"),
            .barrier("aiv.zero.store", "aiv", "MTE3: zero store done"),
        ]
        return out
    }
}
