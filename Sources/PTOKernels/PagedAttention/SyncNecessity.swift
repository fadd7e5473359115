import PTOCases
import PTOCore

/// The verdict on one sync of the kernel: drop it and see what the race checker reports.
public struct SyncVerdict: Sendable {
    public enum Class: String, Sendable {
        /// Dropping it opens hazards or faults the full program does not have.
        case required
        /// Dropping it changes nothing the checker can see.
        case redundant
        /// A same-pipe barrier checked without `--overlap` for its pipe: program order inside a pipe already orders
        /// what the barrier protects, so the checker cannot see it; `--overlap V` models the overlap.
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
                                 threads: Int = 1, overlappingPipes: Set<Pipe> = [])
        -> (baseline: KernelCheckReport, verdicts: [SyncVerdict])
    {
        let baseline = check(inputs, plan: plan, clusters: clusters, threads: threads,
                             overlappingPipes: overlappingPipes).report
        let base = Set(baseline.signatures)
        var verdicts: [SyncVerdict] = []
        for label in plan.labels {
            // A same-pipe barrier only matters when that pipe may overlap its instructions (--overlap).
            if label.kind == .barrier, let pipe = label.barrierPipe, !overlappingPipes.contains(pipe) {
                verdicts.append(SyncVerdict(label: label, verdict: .notModelled, appears: []))
                continue
            }
            var dropped = plan
            dropped.dropped.insert(label.name)
            let report = check(inputs, plan: dropped, clusters: clusters, threads: threads,
                               overlappingPipes: overlappingPipes).report
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
