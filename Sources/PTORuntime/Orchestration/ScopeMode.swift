/// How a scope discovers the dependencies of the tasks submitted inside it (simpler's `PTO2ScopeMode`).
///
/// In an `auto` scope the runtime derives edges from the tensors: creator edges to the task that allocated a
/// runtime output, and TensorMap lookups of earlier writers (recording INOUT / OUTPUT_EXISTING tensors as new
/// writers). In a `manual` scope it does none of that: a task waits only for the tasks named by
/// `TaskArgs.addDependency`, and its writes are not recorded, so later tasks (inside or outside the scope) never find
/// it through the TensorMap. A manual scope may contain further manual scopes; an auto scope inside a manual one is
/// rejected, as on the device.
public enum ScopeMode: String, Sendable, CaseIterable {
    case auto
    case manual
}
