import PTOCases
import PTOCore
import PTOKernels

/// The verdict on one sync of a scene: drop it and see what the race checker reports.
public struct SyncVerdictEntry: Sendable {
    public enum Class: String, Sendable {
        /// Dropping it opens hazards or faults the full program does not have.
        case required
        /// Dropping it changes nothing the checker can see.
        case redundant
        /// A same-pipe barrier checked without `--overlap` for its pipe: program order inside a pipe already orders
        /// what it protects, so the checker cannot see it.
        case notModelled = "not-modelled"
    }
    public var site: SyncSite
    public var verdict: Class
    /// What appears when it is dropped (`SceneCheckReport.signatures` not in the baseline).
    public var appears: [String]
}

/// Sync necessity over any scene: a checked baseline that also records which syncs the case issues, then one
/// checked run per sync with that label dropped. Only syncs the case reaches are judged (a label it never issues
/// is not in the catalogue, so it is never called redundant).
public enum SceneNecessity {
    public static func run(_ scene: any Scene, _ sceneCase: SceneCase, args: SceneArgs, launch: SceneLaunch,
                           progress: (@Sendable (Int, Int) -> Void)? = nil)
        throws -> (baseline: SceneCheckReport, verdicts: [SyncVerdictEntry])
    {
        guard case let .checked(overlapping) = launch.mode else {
            throw SceneError("sync necessity needs a checked launch")
        }
        var base = launch
        base.recordSyncs = true
        let baselineRun = try SceneRunner.run(scene, sceneCase, args: args, launch: base)
        let baseline = SceneCheckReport(baselineRun.outcomes)
        let known = Set(baseline.signatures)
        var verdicts: [SyncVerdictEntry] = []
        let sites = baselineRun.syncCatalogue
        for (i, site) in sites.enumerated() {
            progress?(i, sites.count)
            if site.kind == .barrier, let pipe = site.barrierPipe, !overlapping.contains(pipe) {
                verdicts.append(SyncVerdictEntry(site: site, verdict: .notModelled, appears: []))
                continue
            }
            var dropped = launch
            dropped.options.droppedSyncs.insert(site.name)
            let report = SceneCheckReport(try SceneRunner.run(scene, sceneCase, args: args, launch: dropped).outcomes)
            let new = report.signatures.filter { !known.contains($0) }
            verdicts.append(SyncVerdictEntry(site: site, verdict: new.isEmpty ? .redundant : .required, appears: new))
        }
        progress?(sites.count, sites.count)
        return (baseline, verdicts)
    }

    /// The syncs `sceneCase` issues (a functional run recording them).
    public static func catalogue(_ scene: any Scene, _ sceneCase: SceneCase, args: SceneArgs,
                                 launch: SceneLaunch) throws -> [SyncSite] {
        var l = launch
        l.recordSyncs = true
        return try SceneRunner.run(scene, sceneCase, args: args, launch: l).syncCatalogue
    }
}
