import PTOCore

/// The race checker's verdict on a whole launch: every block ran under a checker of its own (clusters and single
/// cores share only GM ranges their tasks' dependencies order), and their `CheckReport`s are merged here. A hazard
/// seen at the same two program sites (labels without their `[detail]` index) in many blocks and steps is one
/// finding with its occurrence count; faults (deadlock, lost signal, flags left at exit) are listed per block.
public struct SceneCheckReport: Sendable {
    /// One hazard kind between two program sites, merged over steps and blocks.
    public struct Finding: Sendable {
        public var hazard: Hazard
        /// `first`/`second` labels without their detail index, e.g. `aiv.sf.tpush-pij`.
        public var firstSite: String, secondSite: String
        /// The block index it was first seen in (whose cores `hazard` names), and where that block ran.
        public var block: Int
        public var site: BlockSite
        /// Blocks it was seen in.
        public var blocks: Int { blockSet.count }
        var blockSet: Set<BlockSite>
        /// Total occurrences.
        public var occurrences: Int
        var key: String { "\(hazard.kind.rawValue) \(hazard.space) \(firstSite) \(secondSite)" }
    }

    public var findings: [Finding] = []
    public var deadlocks: [(block: Int, waits: [PendingWait])] = []
    public var lostSignals: [(block: Int, signal: LostSignal)] = []
    public var leftovers: [(block: Int, flag: LeftoverFlag)] = []
    public var otherFaults: [(block: Int, fault: CoreFault)] = []
    public var warnings: [SyncWarning] = []

    public init() {}

    /// Merges the per-block reports of a checked launch, in (task, block) order so the result does not depend on
    /// which thread finished first.
    public init(_ outcomes: LaunchOutcomes) {
        let reports = outcomes.checkReports.sorted {
            ($0.site.task, $0.site.blockIdx, $0.site.core) < ($1.site.task, $1.site.blockIdx, $1.site.core)
        }
        for (site, r) in reports {
            merge(site: site, hazards: r.hazards)
            merge(warnings: r.warnings)
            let b = site.blockIdx
            if let d = r.deadlock { deadlocks.append((b, d)) }
            lostSignals += r.lostSignals.map { (b, $0) }
            leftovers += r.leftovers.map { (b, $0) }
            otherFaults += r.faults.map { (b, $0) }
        }
        merge(warnings: outcomes.warnings)
    }

    /// Nothing but warnings.
    public var isClean: Bool {
        findings.isEmpty && deadlocks.isEmpty && lostSignals.isEmpty && leftovers.isEmpty && otherFaults.isEmpty
    }
    /// Anything that makes a sync "required" when it is dropped: a hazard or a fault.
    public var hasHazardsOrFaults: Bool { !isClean }

    /// One short string per distinct finding, for comparing reports (necessity).
    public var signatures: [String] {
        var out = findings.map { "\($0.hazard.kind.rawValue) \($0.hazard.space.name) \($0.firstSite) → \($0.secondSite)" }
        if !deadlocks.isEmpty { out.append("deadlock") }
        if !lostSignals.isEmpty { out.append("lost signal") }
        if !leftovers.isEmpty { out.append("flags left at exit") }
        out += Set(otherFaults.map { "\($0.fault)".split(separator: ":").first.map(String.init) ?? "fault" }).sorted()
        return out
    }

    static func stripDetail(_ label: String) -> String {
        guard label.hasSuffix("]"), let open = label.lastIndex(of: "[") else { return label }
        return String(label[..<open])
    }

    mutating func merge(site: BlockSite, hazards: [Hazard]) {
        for h in hazards {
            let f = Finding(hazard: h, firstSite: Self.stripDetail(h.first.label),
                            secondSite: Self.stripDetail(h.second.label), block: site.blockIdx, site: site,
                            blockSet: [site], occurrences: h.count)
            if let i = findings.firstIndex(where: { $0.key == f.key }) {
                findings[i].blockSet.insert(site)
                findings[i].occurrences += h.count
            } else {
                findings.append(f)
            }
        }
    }

    mutating func merge(warnings w: [SyncWarning]) {
        for x in w {
            let key = SyncWarningPattern.key(x)
            if let i = warnings.firstIndex(where: { SyncWarningPattern.key($0) == key }) { warnings[i].count += x.count }
            else { warnings.append(x) }
        }
    }
}
