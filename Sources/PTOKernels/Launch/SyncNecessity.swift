import PTOCore

/// The verdict on one sync of a kernel: drop it and see what the race checker reports.
public struct SyncVerdict: Sendable {
    public enum Class: String, Sendable {
        /// Dropping it opens hazards or faults the full program does not have.
        case required
        /// Dropping it changes nothing the checker can see.
        case redundant
        /// A same-pipe barrier checked without `--overlap` for its pipe (program order inside a pipe already orders
        /// what the barrier protects, so the checker cannot see it; `--overlap V` models the overlap), or a `dcci`
        /// (without it the stores stay in the data cache: a lost value, not a race — `run --drop-sync` shows it).
        case notModelled = "not-modelled"
    }
    public var site: SyncSite
    public var verdict: Class
    /// What appears when it is dropped (hazards as "KIND space first → second", faults by kind).
    public var appears: [String]
}

/// Sync necessity over any kernel's labels: each sync the baseline run issued (its recorded catalogue) is dropped
/// in turn and the checked run compared with the baseline. Only syncs the case reaches are judged, so a sync the
/// case never issues is never called redundant.
public enum SyncNecessity {
    /// Classifies `sites` against `baseline`; `checkDropping(label)` runs the checked launch without that label.
    public static func classify(_ sites: [SyncSite], baseline: SceneCheckReport, overlappingPipes: Set<Pipe>,
                                progress: ((Int, Int) -> Void)? = nil,
                                checkDropping: (String) throws -> SceneCheckReport) rethrows -> [SyncVerdict] {
        let known = Set(baseline.signatures)
        var verdicts: [SyncVerdict] = []
        for (i, site) in sites.enumerated() {
            progress?(i, sites.count)
            // A same-pipe barrier only matters when that pipe may overlap its instructions (--overlap).
            if site.kind == .flush
                || (site.kind == .barrier && site.barrierPipe.map { !overlappingPipes.contains($0) } ?? false) {
                verdicts.append(SyncVerdict(site: site, verdict: .notModelled, appears: []))
                continue
            }
            let new = try checkDropping(site.name).signatures.filter { !known.contains($0) }
            verdicts.append(SyncVerdict(site: site, verdict: new.isEmpty ? .redundant : .required, appears: new))
        }
        progress?(sites.count, sites.count)
        return verdicts
    }
}

/// A `--drop-sync` label that no kernel of the launch issued (a typo, or a sync this case never reaches).
public struct UnknownSyncLabel: Error, CustomStringConvertible, Sendable {
    public let label: String
    public let hint: String
    public init(label: String, hint: String) {
        self.label = label
        self.hint = hint
    }
    public var description: String { "--drop-sync \(label): the run issues no sync with this label (\(hint))" }
}
