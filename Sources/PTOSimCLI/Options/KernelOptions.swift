import ArgumentParser
import PTOKernels

extension EventScheme: ExpressibleByArgument {}

extension SyncPlan {
    /// What an output file records of the kernel variant that wrote it: the event scheme, and `prefetch_kv` when the
    /// K/V prefetch was off.
    var outputMetadata: [String: String] {
        var metadata = ["events": scheme.rawValue]
        if !prefetchKV { metadata["prefetch_kv"] = "false" }
        return metadata
    }
}

/// How the emulated kernel is built and placed: its event scheme, sync edits and the simulated chip size. Shared by
/// `run`, `check`, `bench` and `trace`.
public struct KernelOptions: ParsableArguments {
    @Option(help: "Event scheme of the AIC half: per-slot (PR #708, default) or shared (simpler's main branch).")
    public var events: EventScheme = .perSlot

    @Option(name: .customLong("add-sync"), help: "Add a sync (repeatable). Known: pij-mte3-v (MTE3→V after TPUSH(pij)).")
    public var addSync: [String] = []

    @Option(name: .customLong("drop-sync"), help: "Remove a sync by label (repeatable); `ptosim check --list-syncs` lists them.")
    public var dropSync: [String] = []

    @Flag(name: .customLong("no-prefetch"), help: "Load each K/V block inline in its own step, as simpler's kernel did before #704 (no prefetch into the other L1 slot).")
    public var noPrefetch = false

    @Option(name: .customLong("clusters"), help: "Simulated clusters (1 AIC + 2 AIV each). 24 is an a2a3 die; 8 mimics simpler's a2a3sim. Default 24 (with --scene: the case's block_dim).")
    public var clustersOption: Int?

    public init() {}

    /// Simulated clusters (24 unless given).
    public var clusters: Int { clustersOption ?? 24 }

    /// The validated sync plan. A dropped label is checked against the syncs the run actually issues (the launch
    /// refuses one it never saw), not against a list.
    public func plan() throws -> SyncPlan {
        for name in addSync where !SyncPlan.addableSyncs.contains(name) {
            throw UsageError("--add-sync \(name): unknown sync (known: \(SyncPlan.addableSyncs.joined(separator: ", ")))")
        }
        guard (1...1024).contains(clusters) else { throw UsageError("--clusters must be in 1...1024, got \(clusters)") }
        return SyncPlan(scheme: events, dropped: Set(dropSync), added: Set(addSync), prefetchKV: !noPrefetch)
    }
}
