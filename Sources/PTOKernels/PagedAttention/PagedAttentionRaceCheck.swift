import PTOCore
import PTOCases

/// The race checker's report on the paged-attention kernel: the generic launch report.
public typealias KernelCheckReport = SceneCheckReport

extension PagedAttentionKernel {
    /// Runs the kernel under the race checker: every hardware block's three cores feed a happens-before checker of
    /// their own, and the host merges their reports. Faults do not throw: they are part of the report.
    /// `overlappingPipes`: pipes whose consecutive instructions may overlap (only pipe_barrier orders them), to
    /// find missing same-pipe barriers; see `RaceChecker`.
    public static func check(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int = PAConfig.hardwareBlocks,
                             threads: Int = 1, overlappingPipes: Set<Pipe> = [])
        -> (report: KernelCheckReport, result: PagedAttentionRunResult?)
    {
        do {
            let checked = try checkedLaunch(inputs, plan: plan, clusters: clusters, threads: threads,
                                            overlappingPipes: overlappingPipes)
            return (checked.report, checked.result)
        } catch {
            // Bad operands or an unknown label: never a clean report.
            var report = KernelCheckReport()
            report.otherFaults.append((-1, error as? CoreFault ?? .invalidInstruction("\(error)")))
            return (report, nil)
        }
    }

    /// `check` for callers that want a launch error (an operand error, a dropped label the case never issues)
    /// thrown rather than reported.
    public static func checkOrThrow(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int = PAConfig.hardwareBlocks,
                                    threads: Int = 1, overlappingPipes: Set<Pipe> = []) throws
        -> (report: KernelCheckReport, result: PagedAttentionRunResult)
    {
        let checked = try checkedLaunch(inputs, plan: plan, clusters: clusters, threads: threads,
                                        overlappingPipes: overlappingPipes)
        return (checked.report, checked.result)
    }

    /// A checked launch that also records the syncs the case issues.
    static func checkedLaunch(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int, threads: Int,
                              overlappingPipes: Set<Pipe>, recordSyncs: Bool = false) throws
        -> (report: KernelCheckReport, result: PagedAttentionRunResult, catalogue: [SyncSite])
    {
        let (host, result) = try launch(inputs, options: PagedAttentionRunOptions(plan: plan, clusters: clusters,
                                                                                  threads: threads),
                                        mode: .checked(overlappingPipes: overlappingPipes), recordSyncs: recordSyncs)
        return (SceneCheckReport(host.outcomes), result, recordSyncs ? host.syncCatalogue : [])
    }
}
