/// Which synchronisation the AIC half of the kernel uses between its pipes.
public enum EventScheme: String, Sendable, CaseIterable {
    /// simpler's main branch (#704): EVENT_ID0 (QK) and EVENT_ID1 (PV) shared by both ping-pong slots, one L0A/L0B
    /// region, every set/wait pair back to back, and a FIX→S drain ending every step.
    case shared
    /// The seed PR #708: per-slot L1 and L0 events, L0 double buffers, a PV_PIJ event, the K prefetch after the sij
    /// record, and the eight per-slot WAR events set at entry and drained at exit.
    case perSlot = "per-slot"
}

/// The kernel variant a run uses: the scheme's syncs, minus the dropped labels, plus optional added ones, and whether
/// the AIC prefetches the next K/V block.
public struct SyncPlan: Sendable, Equatable {
    public var scheme: EventScheme
    /// Labels the launch drops (applied by its cores, `LaunchSyncs`; the kernel itself issues every sync).
    public var dropped: Set<String>
    /// Adds an MTE3→V set/wait right after TPUSH(pij) on each AIV (the trial fix for hazard H13).
    public var pijMte3ToV: Bool
    /// Whether QK[i] prefetches K[i+1] and PV[j] V[j+1] into the other L1 slot (simpler #704 and later). Off, every
    /// step loads its own block inline, as the kernel did before #704; the syncs around each load are the same.
    public var prefetchKV: Bool

    public static let addableSyncs = ["pij-mte3-v"]

    public init(scheme: EventScheme = .perSlot, dropped: Set<String> = [], added: Set<String> = [],
                prefetchKV: Bool = true) {
        self.scheme = scheme
        self.dropped = dropped
        self.pijMte3ToV = added.contains("pij-mte3-v")
        self.prefetchKV = prefetchKV
    }

}
