import PTOCases
import PTOCore

extension PagedAttentionKernel {
    /// Drops each sync the case issues in turn and classifies it against the baseline report (`SyncNecessity`).
    public static func necessity(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int = PAConfig.hardwareBlocks,
                                 threads: Int = 1, overlappingPipes: Set<Pipe> = []) throws
        -> (baseline: KernelCheckReport, verdicts: [SyncVerdict])
    {
        let base = try checkedLaunch(inputs, plan: plan, clusters: clusters, threads: threads,
                                     overlappingPipes: overlappingPipes, recordSyncs: true)
        let verdicts = try SyncNecessity.classify(base.catalogue, baseline: base.report,
                                                  overlappingPipes: overlappingPipes) { label in
            var dropped = plan
            dropped.dropped.insert(label)
            return try checkedLaunch(inputs, plan: dropped, clusters: clusters, threads: threads,
                                     overlappingPipes: overlappingPipes).report
        }
        return (base.report, verdicts)
    }

    /// The syncs the kernel issues on `inputs` under `plan` (a functional run recording them).
    public static func syncCatalogue(_ inputs: PagedAttentionInputs, plan: SyncPlan,
                                     clusters: Int = PAConfig.hardwareBlocks, threads: Int = 1) throws -> [SyncSite] {
        try launch(inputs, options: PagedAttentionRunOptions(plan: plan, clusters: clusters, threads: threads),
                   mode: .functional, recordSyncs: true).host.syncCatalogue
    }
}
