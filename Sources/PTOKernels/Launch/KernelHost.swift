import PTOCore
import PTORuntime
import PTONumerics

/// The three programs of one MIX block (AIC, AIV0, AIV1), run together on one cluster.
public struct ClusterPrograms {
    public var aic: any CoreProgram
    public var aiv0: any CoreProgram
    public var aiv1: any CoreProgram

    public init(aic: any CoreProgram, aiv0: any CoreProgram, aiv1: any CoreProgram) {
        self.aic = aic
        self.aiv0 = aiv0
        self.aiv1 = aiv1
    }
}

/// The emulated chip a launch's kernels run on, as the runtime sees it: GM, one PTOCore `Cluster` per cluster for
/// MIX blocks, and one `SoloCore` per physical AIC and AIV for single-core tasks. A scene registers its in-core
/// kernels here (simpler's `incores`: a func_id and the core type it is built for), each as a function that makes
/// the PTOCore program of one block from the block's arguments; the host turns them into the runtime's kernel bodies
/// and runs every block in the launch's mode.
///
/// A block's faults (deadlock, lost signal, flags left set) fail the run in functional mode; in checked mode they
/// are part of the block's report and the run goes on.
public final class KernelHost: @unchecked Sendable {
    /// The GM the kernels address.
    public let binder: GMBinder
    /// Simulated clusters (24 on a2a3).
    public let clusterCount: Int
    /// How blocks run.
    public let mode: LaunchMode
    /// Sync labels dropped on every core, and whether the catalogue is recorded.
    public let syncs: LaunchSyncs
    /// The runtime's view of the registered kernels.
    public private(set) var registry = KernelRegistry()

    private let clusters: PerClusterState<Cluster>
    private let aicCores: PerClusterState<SoloCore>
    private let aivCores: PerClusterState<SoloCore>
    /// What the blocks reported.
    public let outcomes = LaunchOutcomes()

    private let edits = EditsBox()

    /// A host of `clusterCount` clusters over a fresh GM. `syncs` applies to every core (a dropped label's sets,
    /// waits and barriers are not issued, whatever kernel issues them).
    public init(clusterCount: Int, mode: LaunchMode = .functional, syncs: LaunchSyncs = LaunchSyncs()) {
        let gm = GlobalMemory()
        binder = GMBinder(gm: gm)
        self.clusterCount = max(1, clusterCount)
        self.mode = mode
        self.syncs = syncs
        let edits = self.edits
        clusters = PerClusterState(clusters: self.clusterCount) {
            let c = Cluster(index: $0, gm: gm)
            for core in [c.aic, c.aiv0, c.aiv1] { edits.attach(core, syncs) }
            return c
        }
        aicCores = PerClusterState(clusters: self.clusterCount) {
            let c = SoloCore(kind: .aic, gm: gm, name: "aic\($0)")
            edits.attach(c.core, syncs)
            return c
        }
        aivCores = PerClusterState(clusters: 2 * self.clusterCount) {
            let c = SoloCore(kind: .aiv, lane: $0 % 2, gm: gm, name: "aiv\($0 / 2).\($0 % 2)")
            edits.attach(c.core, syncs)
            return c
        }
    }

    /// The syncs the kernels issued during the launch (recorded when `syncs.recordCatalogue`), one per label,
    /// AIC labels first, in program order. Call after the run.
    public var syncCatalogue: [SyncSite] { SyncEdits.merge(edits.all.map(\.sites)) }

    /// The key a timed launch captures task `task`'s blocks under (`RuntimePlan.Task.key`).
    public static func timedKey(_ task: TaskID) -> Int { Int(truncatingIfNeeded: task.packed) }

    /// The physical core `slot` (0 AIC, 1 and 2 the AIVs) of cluster `cluster`: in a timed launch, the scratchpads
    /// a block the runtime model places there computes in.
    public func physicalCore(cluster: Int, slot: Int) -> CoreIssuer {
        clusters.withState(cluster) { $0.core(slot) }
    }

    /// Registers the AIC kernel `id`: `make` builds the program one block runs.
    public func registerAIC(_ id: Int, _ make: @escaping @Sendable (BlockContext, GMBinder) throws -> any CoreProgram) {
        registerSolo(id, make)
    }

    /// Registers the AIV kernel `id`: `make` builds the program one block runs.
    public func registerAIV(_ id: Int, _ make: @escaping @Sendable (BlockContext, GMBinder) throws -> any CoreProgram) {
        registerSolo(id, make)
    }

    private func registerSolo(_ id: Int, _ make: @escaping @Sendable (BlockContext, GMBinder) throws -> any CoreProgram) {
        registry.register(id) { [unowned self] context in
            var program = try make(context, binder)
            let pool = context.core.type == .aic ? aicCores : aivCores
            let site = BlockSite(task: context.task, kernel: context.kernel, blockIdx: context.blockIdx,
                                 core: context.core.description)
            try pool.withState(context.core.index) { core in
                try self.runSolo(core, &program, site)
            }
        }
    }

    /// Registers the MIX task `kernels`: `make` builds the three programs one block runs together on a cluster.
    public func registerMix(_ kernels: MixedKernels,
                            _ make: @escaping @Sendable (ClusterBlock, GMBinder) throws -> ClusterPrograms) {
        registry.registerClusterBlock(for: kernels) { [unowned self] block in
            var programs = try make(block, binder)
            let site = BlockSite(task: block.task, kernel: kernels.aic, blockIdx: block.blockIdx,
                                 core: "cluster\(block.cluster)")
            try clusters.withState(block.cluster) { cluster in
                try self.runCluster(cluster, &programs, site)
            }
        }
    }

    private func runSolo(_ core: SoloCore, _ program: inout any CoreProgram, _ site: BlockSite) throws {
        switch mode {
        case .functional:
            do {
                try core.run(&program)
                outcomes.warn(core.warnings)
            } catch {
                throw outcomes.failed(site, error)
            }
        case let .checked(overlapping):
            let report = try core.check(&program, overlappingPipes: overlapping)
            outcomes.record(site, report)
            core.resetSyncState()
        case let .timed(chip):
            try chip.capture(task: Self.timedKey(site.task), blockIdx: site.blockIdx, core: core, program: &program)
        }
    }

    private func runCluster(_ cluster: Cluster, _ p: inout ClusterPrograms, _ site: BlockSite) throws {
        switch mode {
        case .functional:
            do {
                try cluster.run(aic: &p.aic, aiv0: &p.aiv0, aiv1: &p.aiv1)
                outcomes.warn(cluster.warnings)
            } catch {
                throw outcomes.failed(site, error)
            }
        case let .checked(overlapping):
            let report = try cluster.check(aic: &p.aic, aiv0: &p.aiv0, aiv1: &p.aiv1, overlappingPipes: overlapping)
            outcomes.record(site, report)
            cluster.resetSyncState()
        case let .timed(chip):
            try chip.capture(task: Self.timedKey(site.task), blockIdx: site.blockIdx, cluster: cluster, aic: &p.aic,
                             aiv0: &p.aiv0, aiv1: &p.aiv1)
        }
    }
}

/// The sync edits of every core of a host, kept to read the catalogue after the run.
final class EditsBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var list: [SyncEdits] = []

    func attach(_ core: CoreIssuer, _ syncs: LaunchSyncs) {
        let e = SyncEdits(dropped: syncs.dropped, recording: syncs.recordCatalogue, core: core.kind)
        guard !e.isEmpty else { return }
        core.syncEdits = e
        lock.locked { list.append(e) }
    }

    var all: [SyncEdits] { lock.locked { list } }
}


/// Where a block ran: its task, kernel, block index and core (or cluster).
public struct BlockSite: Sendable, Hashable, CustomStringConvertible {
    public var task: TaskID
    public var kernel: Int
    public var blockIdx: Int
    public var core: String

    public var description: String { "task \(task) kernel \(kernel) block \(blockIdx) on \(core)" }
}

/// A fault in one block, with where it happened.
public struct BlockFault: Error, CustomStringConvertible, Sendable {
    public let site: BlockSite
    public let fault: CoreFault
    public var description: String { "\(site): \(fault)" }
}

/// What the blocks of a launch reported, collected from every worker thread: warnings (merged by pattern), the first
/// fault of a functional run, and each block's check report in checked mode.
public final class LaunchOutcomes: @unchecked Sendable {
    private let lock = NSLockLike()
    private var warningIndex: [String: Int] = [:]
    private var mergedWarnings: [SyncWarning] = []
    private var faults: [BlockFault] = []
    private var reports: [(BlockSite, CheckReport)] = []
    private var refusal: TimedModeUnsupported?

    /// Warnings of every block, the same pattern (ignoring instruction indices) merged with its count.
    public var warnings: [SyncWarning] { lock.locked { mergedWarnings } }
    /// Faults of a functional run, in the order they happened.
    public var blockFaults: [BlockFault] { lock.locked { faults } }
    /// Check reports of a checked run, one per block, in block-completion order.
    public var checkReports: [(site: BlockSite, report: CheckReport)] { lock.locked { reports.map { ($0.0, $0.1) } } }

    func warn(_ w: [SyncWarning]) {
        guard !w.isEmpty else { return }
        let keyed = w.map { (SyncWarningPattern.key($0), $0) }
        lock.locked {
            for (key, x) in keyed {
                if let i = warningIndex[key] {
                    mergedWarnings[i].count += x.count
                } else {
                    warningIndex[key] = mergedWarnings.count
                    mergedWarnings.append(x)
                }
            }
        }
    }

    func failed(_ site: BlockSite, _ error: Error) -> Error {
        guard let fault = error as? CoreFault else { return error }
        let f = BlockFault(site: site, fault: fault)
        lock.locked { faults.append(f) }
        return f
    }

    /// Why the timed model refused the launch, if it did (the runtime reports only the message).
    public var timedRefusal: TimedModeUnsupported? { lock.locked { refusal } }

    func refused(_ e: TimedModeUnsupported) -> TimedModeUnsupported {
        lock.locked { if refusal == nil { refusal = e } }
        return e
    }

    func record(_ site: BlockSite, _ report: CheckReport) {
        lock.locked { reports.append((site, report)) }
    }
}

/// A warning's pattern: its kind and text without `#<index>` instruction positions, so the same risky pattern seen
/// in many blocks merges into one entry.
enum SyncWarningPattern {
    static func key(_ w: SyncWarning) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(w.message.utf8.count)
        var skipping = false
        for byte in w.message.utf8 {
            if byte == UInt8(ascii: "#") { skipping = true; continue }
            if skipping {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { continue }
                skipping = false
            }
            out.append(byte)
        }
        return w.kind.rawValue + String(decoding: out, as: UTF8.self)
    }
}
