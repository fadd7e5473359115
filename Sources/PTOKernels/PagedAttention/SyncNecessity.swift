import PTOCases

/// The verdict on one sync of the kernel: drop it and see what the race checker reports.
public struct SyncVerdict: Sendable {
    public enum Class: String, Sendable {
        /// Dropping it opens hazards or faults the full program does not have.
        case required
        /// Dropping it changes nothing the checker can see.
        case redundant
        /// A same-pipe barrier: PTOSim runs each pipe in order, so it cannot show what the barrier protects
        /// (consecutive instructions overlapping inside one pipe).
        case notModelled = "not-modelled"
    }
    public var label: SyncLabel
    public var verdict: Class
    /// What appears when it is dropped (hazards as "KIND space first → second", faults by kind).
    public var appears: [String]
}

extension PagedAttentionKernel {
    /// Drops each sync of `plan` in turn and classifies it against the baseline report.
    public static func necessity(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int = PAConfig.hardwareBlocks,
                                 threads: Int = 1) -> (baseline: KernelCheckReport, verdicts: [SyncVerdict]) {
        let baseline = check(inputs, plan: plan, clusters: clusters, threads: threads).report
        let base = Set(baseline.signatures)
        var verdicts: [SyncVerdict] = []
        for label in plan.labels {
            if label.kind == .barrier && !label.what.hasPrefix("MTE") && label.what.hasPrefix("V") {
                verdicts.append(SyncVerdict(label: label, verdict: .notModelled, appears: []))
                continue
            }
            var dropped = plan
            dropped.dropped.insert(label.name)
            let report = check(inputs, plan: dropped, clusters: clusters, threads: threads).report
            let new = report.signatures.filter { !base.contains($0) }
            verdicts.append(SyncVerdict(label: label, verdict: new.isEmpty ? .redundant : .required, appears: new))
        }
        return (baseline, verdicts)
    }
}

extension KernelCheckReport {
    /// One short string per distinct finding, for comparing reports.
    public var signatures: [String] {
        var out = findings.map { "\($0.hazard.kind.rawValue) \($0.hazard.space.name) \($0.firstSite) → \($0.secondSite)" }
        if !deadlocks.isEmpty { out.append("deadlock") }
        if !lostSignals.isEmpty { out.append("lost signal") }
        if !leftovers.isEmpty { out.append("flags left at exit") }
        out += Set(otherFaults.map { "\($0.fault)".split(separator: ":").first.map(String.init) ?? "fault" }).sorted()
        return out
    }
}
