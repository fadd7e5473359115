import PTOCore
import PTOCases

/// The race checker run over the whole paged-attention kernel: every hardware block's three cores feed their issue
/// records to a happens-before checker of their own (clusters share only GM ranges the FIFO protocol keeps apart, and
/// read-only inputs), and the findings of all blocks are merged. Faults (deadlock, lost signal, flags or credits left
/// at exit) are collected per block instead of stopping the run, so a dropped sync reports everything it breaks.
public struct KernelCheckReport: Sendable {
    /// One hazard kind between two program sites, merged over KV steps and hardware blocks.
    public struct Finding: Sendable {
        public var hazard: Hazard
        /// `first`/`second` labels without their KV index, e.g. `aiv.sf.tpush-pij`.
        public var firstSite: String, secondSite: String
        /// The first hardware block it was seen in (whose cores `hazard` names).
        public var block: Int
        /// Hardware blocks it was seen in, and the total occurrence count.
        public var blocks: Int { blockSet.count }
        var blockSet: Set<Int>
        public var occurrences: Int
        var key: String { "\(hazard.kind.rawValue) \(hazard.space) \(firstSite) \(secondSite)" }
    }

    public var findings: [Finding] = []
    public var deadlocks: [(block: Int, waits: [PendingWait])] = []
    public var lostSignals: [(block: Int, signal: LostSignal)] = []
    public var leftovers: [(block: Int, flag: LeftoverFlag)] = []
    public var otherFaults: [(block: Int, fault: CoreFault)] = []
    public var warnings: [SyncWarning] = []

    public var isClean: Bool {
        findings.isEmpty && deadlocks.isEmpty && lostSignals.isEmpty && leftovers.isEmpty && otherFaults.isEmpty
    }
    /// Anything that makes a sync "required" when it is dropped: a hazard or a fault.
    public var hasHazardsOrFaults: Bool { !isClean }

    static func stripDetail(_ label: String) -> String {
        guard label.hasSuffix("]"), let open = label.lastIndex(of: "[") else { return label }
        return String(label[..<open])
    }

    mutating func merge(block: Int, hazards: [Hazard]) {
        for h in hazards {
            let f = Finding(hazard: h, firstSite: Self.stripDetail(h.first.label), secondSite: Self.stripDetail(h.second.label),
                            block: block, blockSet: [block], occurrences: h.count)
            if let i = findings.firstIndex(where: { $0.key == f.key }) {
                findings[i].blockSet.insert(block)
                findings[i].occurrences += h.count
            } else {
                findings.append(f)
            }
        }
    }

    mutating func merge(warnings w: [SyncWarning]) {
        for x in w {
            let key = SyncWarningPattern.key(x)
            if let i = warnings.firstIndex(where: { SyncWarningPattern.key($0) == key }) { warnings[i].count += x.count }
            else { warnings.append(x) }
        }
    }
}

extension PagedAttentionKernel {
    /// Runs the kernel under the race checker. Faults do not throw: they are part of the report.
    /// `overlappingPipes`: pipes whose consecutive instructions may overlap (only pipe_barrier orders them), to
    /// find missing same-pipe barriers; see `RaceChecker`.
    public static func check(_ inputs: PagedAttentionInputs, plan: SyncPlan, clusters: Int = PAConfig.hardwareBlocks,
                             threads: Int = 1, overlappingPipes: Set<Pipe> = [])
        -> (report: KernelCheckReport, result: PagedAttentionRunResult?)
    {
        let checkers = CheckerBox(count: PAConfig.hardwareBlocks)
        let faults = FaultBox()
        let options = PagedAttentionRunOptions(plan: plan, clusters: clusters, threads: threads,
                                               sinkFactory: { block in checkers.make(block, overlappingPipes) },
                                               collectFaults: { block, fault in faults.add(block, fault) })
        let result = try? run(inputs, options: options)
        var report = KernelCheckReport()
        for (block, checker) in checkers.all {
            report.merge(block: block, hazards: checker.hazards)
            report.merge(warnings: checker.warnings)
        }
        // The executor's own warnings (an event id live toward two pipes) join the checker's.
        if let result { report.merge(warnings: result.warnings) }
        for (block, fault) in faults.all {
            switch fault {
            case let .deadlock(waits): report.deadlocks.append((block, waits))
            case let .lostSignal(lost): report.lostSignals.append((block, lost))
            case let .leftoverFlags(flags): report.leftovers += flags.map { (block, $0) }
            default: report.otherFaults.append((block, fault))
            }
        }
        return (report, result)
    }
}

/// One race checker per hardware block, created on the worker thread that runs the block.
final class CheckerBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var checkers: [Int: RaceChecker] = [:]
    init(count: Int) {}
    func make(_ block: Int, _ overlapping: Set<Pipe>) -> RaceChecker {
        let c = RaceChecker(overlappingPipes: overlapping)
        lock.locked { checkers[block] = c }
        return c
    }
    var all: [(Int, RaceChecker)] { lock.locked { checkers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } }
}

/// Faults collected per hardware block.
final class FaultBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var faults: [(Int, CoreFault)] = []
    func add(_ block: Int, _ fault: CoreFault) { lock.locked { faults.append((block, fault)) } }
    var all: [(Int, CoreFault)] { lock.locked { faults.sorted { $0.0 < $1.0 } } }
}
