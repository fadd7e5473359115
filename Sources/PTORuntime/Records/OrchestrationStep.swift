/// One step of the orchestration function as the runtime saw it, in program order: a user scope opened or closed,
/// or a task submitted. The timed model replays these steps on its modeled orchestrator thread, each at its cost.
public enum OrchestrationStep: Sendable, Equatable {
    /// A user scope opened at `depth` (1 for a top-level `scope { }`).
    case scopeBegin(depth: Int)
    /// The user scope at `depth` closed, releasing its tasks' scope references.
    case scopeEnd(depth: Int)
    /// The task at this index of `RunReport.tasks` was submitted.
    case submit(taskIndex: Int)
}
