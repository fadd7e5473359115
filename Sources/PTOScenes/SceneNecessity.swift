import PTOCases
import PTOCore
import PTOKernels

/// Sync necessity over any scene: a checked baseline that also records which syncs the case issues, then one
/// checked run per sync with that label dropped. Only syncs the case reaches are judged (a label it never issues
/// is not in the catalogue, so it is never called redundant).
public enum SceneNecessity {
    public static func run(_ scene: any Scene, _ sceneCase: SceneCase, args: SceneArgs, launch: SceneLaunch,
                           progress: ((Int, Int) -> Void)? = nil)
        throws -> (baseline: SceneCheckReport, verdicts: [SyncVerdict])
    {
        guard case let .checked(overlapping) = launch.mode else {
            throw SceneError("sync necessity needs a checked launch")
        }
        var base = launch
        base.recordSyncs = true
        let baselineRun = try SceneRunner.run(scene, sceneCase, args: args, launch: base)
        let baseline = SceneCheckReport(baselineRun.outcomes)
        let verdicts = try SyncNecessity.classify(baselineRun.syncCatalogue, baseline: baseline,
                                                  overlappingPipes: overlapping, progress: progress) { label in
            var dropped = launch
            dropped.options.droppedSyncs.insert(label)
            return SceneCheckReport(try SceneRunner.run(scene, sceneCase, args: args, launch: dropped).outcomes)
        }
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
