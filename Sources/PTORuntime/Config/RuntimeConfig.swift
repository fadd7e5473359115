import Foundation

/// The shape of the emulated chip and runtime: how many AICore clusters the scheduler dispatches to, how many host
/// threads execute the simulated cores, and the four rings' budgets.
///
/// On silicon an a2a3 die has 24 clusters of 1 AIC + 2 AIV; simpler's a2a3sim platform uses 8. Ring sizes resolve
/// like simpler's: an API override for a ring beats the `PTO2_RING_*` environment variable, which beats the default.
public struct RuntimeConfig: Sendable, Equatable {
    /// Rings per runtime (`PTO2_MAX_RING_DEPTH`): scope depth d uses ring min(d, 3).
    public static let ringCount = 4
    /// Deepest scope nesting the orchestrator accepts (the implicit outer scope is depth 0).
    public static let maxScopeDepth = 64
    /// Clusters of an a2a3 die.
    public static let defaultClusters = 24
    /// Largest cluster count accepted (keeps core bookkeeping and placement scans small).
    public static let maxClusters = 4096

    /// Simulated AICore clusters (each 1 AIC + 2 AIV).
    public var clusters: Int
    /// Host threads that execute dispatched blocks.
    public var hostThreads: Int
    /// Budgets of rings 0...3.
    public var rings: [RingSizes]
    /// Fill a task's output buffers with NaN bytes when its heap space is reclaimed, so a kernel that reads a
    /// runtime-allocated tensor after the runtime released it sees poison instead of plausible stale data.
    public var poisonReclaimedOutputs: Bool

    /// A chip of `clusters` clusters run by `hostThreads` threads (default: the host's active cores), with the given
    /// ring sizes (default: simpler's compile-time defaults, ignoring the environment).
    public init(clusters: Int = RuntimeConfig.defaultClusters,
                hostThreads: Int = ProcessInfo.processInfo.activeProcessorCount,
                rings: [RingSizes] = Array(repeating: .defaults, count: RuntimeConfig.ringCount),
                poisonReclaimedOutputs: Bool = true) {
        self.clusters = clusters
        self.hostThreads = hostThreads
        self.rings = rings
        self.poisonReclaimedOutputs = poisonReclaimedOutputs
    }

    /// AIC cores (one per cluster).
    public var aicCount: Int { clusters }
    /// AIV cores (two per cluster).
    public var aivCount: Int { clusters * 2 }

    /// Resolves ring sizes from, in order of precedence, the API overrides, the `PTO2_RING_TASK_WINDOW`,
    /// `PTO2_RING_HEAP` and `PTO2_RING_DEP_POOL` variables in `environment`, and the defaults; then validates.
    public static func resolve(clusters: Int = RuntimeConfig.defaultClusters,
                               hostThreads: Int = ProcessInfo.processInfo.activeProcessorCount,
                               taskWindow: RingOverride? = nil, heap: RingOverride? = nil,
                               depPool: RingOverride? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> RuntimeConfig {
        func source(_ key: String, _ api: RingOverride?) throws -> (api: RingOverride?, env: RingOverride?) {
            try api?.validateShape(key: key)
            let env = try environment[key].map { try RingOverride.parse($0, key: key) }
            return (api, env)
        }
        let window = try source(RingResource.taskWindow.environmentKey, taskWindow)
        let heapBytes = try source(RingResource.heap.environmentKey, heap)
        let pool = try source(RingResource.depPool.environmentKey, depPool)
        var rings: [RingSizes] = []
        for r in 0..<ringCount {
            func pick(_ s: (api: RingOverride?, env: RingOverride?), _ fallback: Int) -> Int {
                s.api?.value(forRing: r) ?? s.env?.value(forRing: r) ?? fallback
            }
            rings.append(RingSizes(taskWindow: pick(window, RingSizes.defaults.taskWindow),
                                   heapBytes: pick(heapBytes, RingSizes.defaults.heapBytes),
                                   depPool: pick(pool, RingSizes.defaults.depPool)))
        }
        let config = RuntimeConfig(clusters: clusters, hostThreads: hostThreads, rings: rings)
        try config.validate()
        return config
    }

    /// Checks every knob, naming the first bad one.
    public func validate() throws {
        guard (1...RuntimeConfig.maxClusters).contains(clusters) else {
            throw RuntimeError.invalidConfiguration(
                "cluster count is \(clusters); expected 1...\(RuntimeConfig.maxClusters)")
        }
        guard (1...1024).contains(hostThreads) else {
            throw RuntimeError.invalidConfiguration("host thread count is \(hostThreads); expected 1...1024")
        }
        guard rings.count == RuntimeConfig.ringCount else {
            throw RuntimeError.invalidConfiguration(
                "\(rings.count) ring sizes given; the runtime has \(RuntimeConfig.ringCount) rings")
        }
        for (r, sizes) in rings.enumerated() { try sizes.validate(ring: r) }
    }
}
