/// Receives the moments an instruction's data effect must happen: it reads at `begin` and writes at `end`.
protocol TimedEffectSink: AnyObject {
    func begin(block: Int, core: Int, index: Int)
    func end(block: Int, core: Int, index: Int)
    /// The runtime model placed block `b` on cluster `cluster`: its effects use `issuers` (by slot) from now on.
    func place(block b: Int, cluster: Int, issuers: [CoreIssuer?])
}

/// The discrete-event model of a die running blocks of work on its clusters, on one time axis (cycles).
///
/// Each core's scalar unit issues its stream in program order, one instruction per `issue_cycles`, into the in-order
/// queue of the pipe that runs it; scalar waits (`wait_flag(X, S)`, `wait_flag_dev`, `pipe_barrier(PIPE_ALL)`)
/// stall issue. A pipe starts its head instruction when the previous one has left the pipe and the head's condition
/// holds: a `wait_flag` needs its bit (then clears it); a `set_flag`, `pipe_barrier` or cross-core set needs every
/// earlier instruction of its pipe completed. Sets raise their bit `flag_latency` after completing; cross-core sets
/// reach the target's counter `cross_core_latency` later. DMAs from HBM share the die's bandwidth through
/// `BandwidthPool`; everything else has a fixed duration. A schedule's perturbations stretch durations, stall pipes
/// and delay completions. A core's writes become visible at the instruction's completion, its reads happen at the
/// start (`TimedEffectSink`).
final class TimingEngine {
    struct BlockSpec {
        var cluster: Int
        var hardwareBlock: Int
        /// AIC, AIV0, AIV1 streams.
        var ops: [[TimedOp]]
        /// The cores of the cluster the block occupies (all three for a MIX block, one for a single-core task).
        var usedCores: [Int] = [0, 1, 2]
        /// The runtime task it belongs to (-1 in a one-task launch): with `hardwareBlock`, what perturbations key on.
        var task: Int = -1
        /// The task's rank among the launch's tasks in task-key order (0 for the first or only one): random draws
        /// mix it in, so block b of every task does not repeat one draw.
        var taskRank: Int = 0
    }

    /// One core working on one block. Per-op and per-pipe state lives in buffers this object owns: the simulation
    /// touches it millions of times, and arrays held by a class cost a uniqueness check (and often a retain) per write.
    final class CoreRun {
        let block: Int
        let core: Int
        let ops: [TimedOp]
        /// `ops`' storage: the array is immutable and kept alive by `ops`, so its elements never move.
        let op: UnsafePointer<TimedOp>
        /// The sync state of the cluster this block runs on, and this core's flag bits and visibility times in it.
        unowned(unsafe) var cluster: ClusterState
        var flags: UnsafeMutablePointer<UInt8>
        var visibleAt: UnsafeMutablePointer<Double>
        /// The physical core of its cluster whose event flags it uses (an AIV task may land on either AIV).
        var slot: Int
        var issuePos = 0
        var scalarFree = 0.0
        /// Per pipe, the in-order queue of issued instruction indices: pipe p's entries live at `queue[first[p]...]`,
        /// sized from the stream (each instruction enters its pipe's queue once), `heads[p]` and `tails[p]` counting
        /// the entries started and issued so far.
        let queue: UnsafeMutableBufferPointer<Int32>
        let first: UnsafeMutableBufferPointer<Int>
        let tails: UnsafeMutableBufferPointer<Int>
        let heads: UnsafeMutableBufferPointer<Int>
        let pipeFree: UnsafeMutableBufferPointer<Double>
        let outstanding: UnsafeMutableBufferPointer<Int>
        let busy: UnsafeMutableBufferPointer<Double>
        let stalled: UnsafeMutableBufferPointer<Bool>
        let start: UnsafeMutableBufferPointer<Double>
        let end: UnsafeMutableBufferPointer<Double>
        var pendingWake = Double.infinity
        var started = false
        var done = false
        var lastEnd = 0.0

        init(block: Int, core: Int, ops: [TimedOp], cluster: ClusterState) {
            self.block = block
            self.core = core
            self.ops = ops
            self.cluster = cluster
            slot = core
            flags = cluster.flags.baseAddress.unsafelyUnwrapped + core * ClusterState.pairs
            visibleAt = cluster.visibleAt.baseAddress.unsafelyUnwrapped + core * ClusterState.slots
            // A core without instructions gets a stand-in base address that is never read.
            op = ops.withUnsafeBufferPointer { UnsafePointer($0.baseAddress) }
                ?? UnsafePointer<TimedOp>(bitPattern: MemoryLayout<TimedOp>.alignment).unsafelyUnwrapped
            func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
                let b = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
                b.initialize(repeating: value)
                return b
            }
            heads = buffer(Pipe.count, 0)
            tails = buffer(Pipe.count, 0)
            first = buffer(Pipe.count, 0)
            var perPipe = [Int](repeating: 0, count: Pipe.count)
            for op in ops where op.pipe != .s { perPipe[Int(op.pipe.rawValue)] += 1 }
            var offset = 0
            for p in 0..<Pipe.count {
                first[p] = offset
                offset += perPipe[p]
            }
            queue = buffer(max(offset, 1), 0)
            pipeFree = buffer(Pipe.count, 0)
            outstanding = buffer(Pipe.count, 0)
            busy = buffer(Pipe.count, 0)
            stalled = buffer(ops.count, false)
            start = buffer(ops.count, -1)
            end = buffer(ops.count, -1)
        }

        deinit {
            heads.deallocate()
            tails.deallocate()
            first.deallocate()
            queue.deallocate()
            pipeFree.deallocate()
            outstanding.deallocate()
            busy.deallocate()
            stalled.deallocate()
            start.deallocate()
            end.deallocate()
        }

        var hasQueued: Bool { (0..<Pipe.count).contains { heads[$0] < tails[$0] } }

        /// The instruction at the head of pipe `p`'s queue (the queue is not empty).
        @inline(__always) func head(_ p: Int) -> Int { Int(queue[first[p] + heads[p]]) }

        @inline(__always) func enqueue(_ p: Int, _ i: Int) {
            queue[first[p] + tails[p]] = Int32(i)
            tails[p] += 1
        }
        var isFinished: Bool {
            issuePos == ops.count && !hasQueued && !outstanding.contains { $0 > 0 }
        }
    }

    /// The sync state of one cluster (it persists across the blocks the cluster runs, as on the chip).
    final class ClusterState {
        /// Per core, bit `id` of entry `src * 7 + dst`.
        /// Core `c`'s entries start at `c * pairs`.
        let flags = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 3 * ClusterState.pairs)
        /// When each raised bit becomes visible, by slot; core `c`'s slots start at `c * slots`.
        let visibleAt = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3 * ClusterState.slots)
        static let pairs = Pipe.count * Pipe.count
        static let slots = Pipe.count * Pipe.count * ChipConfig.eventIDs
        let counters = CrossCoreCounters(kinds: [.aic, .aiv, .aiv], reduceGroups: [[1, 2], [], []])
        var blocks: [Int] = []
        var next = 0
        var current = -1

        init() {
            flags.initialize(repeating: 0)
            visibleAt.initialize(repeating: 0)
        }

        deinit {
            flags.deallocate()
            visibleAt.deallocate()
        }
    }

    final class BlockRun {
        let spec: BlockSpec
        /// The cluster it runs on (the spec's, or where the runtime model placed it).
        var cluster: Int
        var start = -1.0
        var end = -1.0
        var coresDone = 0
        init(spec: BlockSpec) {
            self.spec = spec
            cluster = spec.cluster
        }
    }

    let parameters: TimingParameters
    let perturber: Perturber
    /// Where data effects go (nil: timing only). The owner clears it after `run`.
    var effects: TimedEffectSink?
    /// Names an instruction in fault messages: (block, core, index).
    let describe: (Int, Int, Int) -> String

    var queue = EventQueue()
    var pool: BandwidthPool
    var blocks: [BlockRun]
    var clusters: [ClusterState]
    /// All core runs, `block * 3 + core`.
    var cores: [CoreRun] = []
    var faults: [TimedFault] = []
    var betweenBlocks = 0.0
    /// Runtime mode: told when a block ends (instead of the cluster starting its next block), and given the
    /// runtime model's own events.
    var onBlockEnd: ((Int, Double) -> Void)?
    var onRuntimeEvent: ((TimedEvent) -> Void)?

    // Cached parameters (cycles).
    let issueCycles: Double
    let syncCycles: Double
    /// Entries a pipe queue holds before issue stalls (Int.max: unbounded).
    let queueDepth: Int
    let flagLatency: Double
    let crossLatency: Double

    init(parameters: TimingParameters, blocks specs: [BlockSpec], clusterCount: Int, perturber: Perturber,
         describe: @escaping (Int, Int, Int) -> String) {
        self.parameters = parameters
        self.perturber = perturber
        self.describe = describe
        pool = BandwidthPool(capacity: parameters.hbmBytesPerCycle)
        blocks = specs.map(BlockRun.init)
        clusters = (0..<clusterCount).map { _ in ClusterState() }
        issueCycles = parameters.scalar.issueCycles.value
        syncCycles = parameters.scalar.syncCycles.value
        let depth = Int(parameters.scalar.pipeQueueDepth.value)
        queueDepth = depth > 0 ? depth : Int.max
        flagLatency = parameters.sync.flagLatencyCycles.value
        crossLatency = parameters.cycles(nanoseconds: parameters.sync.crossCoreLatencyNs.value)
        for (b, spec) in specs.enumerated() {
            clusters[spec.cluster].blocks.append(b)
            for c in 0..<3 {
                cores.append(CoreRun(block: b, core: c, ops: c < spec.ops.count ? spec.ops[c] : [],
                                     cluster: clusters[spec.cluster]))
            }
        }
    }

    /// Runs every block: each cluster's first block starts at `firstStart`, later ones `betweenBlocks` cycles after
    /// the previous block on that cluster ends. Returns when nothing more can happen.
    func run(firstStart: Double, betweenBlocks: Double) {
        self.betweenBlocks = betweenBlocks
        for (c, cluster) in clusters.enumerated() where !cluster.blocks.isEmpty {
            queue.push(firstStart, .blockStart, Int32(c))
        }
        runLoop()
    }

    /// Starts block `b` on cluster `cluster` at `time`, its used cores on the cluster's physical cores `slots`.
    func place(block b: Int, cluster: Int, slots: [Int], at time: Double) {
        blocks[b].cluster = cluster
        let state = clusters[cluster]
        for (i, c) in blocks[b].spec.usedCores.enumerated() {
            let core = cores[b * 3 + c]
            core.slot = slots[i]
            core.cluster = state
            core.flags = state.flags.baseAddress.unsafelyUnwrapped + slots[i] * ClusterState.pairs
            core.visibleAt = state.visibleAt.baseAddress.unsafelyUnwrapped + slots[i] * ClusterState.slots
        }
        queue.push(time, .blockStart, Int32(cluster), Int32(b + 1))
    }

    /// Processes events until nothing more can happen.
    func runLoop() {
        // `cores` keeps every run alive for the whole loop, so handing them out unretained is safe.
        let refs = cores.map { Unmanaged.passUnretained($0) }
        while let e = queue.pop() {
            let now = e.time
            switch e.kind {
            case .runtime: onRuntimeEvent?(e)
            case .blockStart:
                if e.b > 0 {
                    startPlaced(block: Int(e.b) - 1, now: now)
                } else {
                    startNextBlock(cluster: Int(e.a), now: now)
                }
            case .wake:
                refs[Int(e.a)]._withUnsafeGuaranteedRef { core in
                    if core.pendingWake == now { core.pendingWake = .infinity }
                    advance(core, now)
                }
            case .opEnd: refs[Int(e.a)]._withUnsafeGuaranteedRef { opEnd($0, Int(e.b), now) }
            case .counterArrive: counterArrive(cluster: Int(e.a), target: Int(e.b), flag: Int(e.c) & 0xFF,
                                               source: Int(e.c) >> 8, now: now)
            case .flowStart: flowStart(cores[Int(e.a)], Int(e.b), now)
            case .flowTick: flowTick(version: e.a, now)
            }
        }
        reportStuckBlocks()
    }

    /// The latest block end (cycles), or 0 when nothing ran.
    var makespan: Double { blocks.map(\.end).max() ?? 0 }

    // MARK: Blocks

    private func startNextBlock(cluster c: Int, now: Double) {
        let cluster = clusters[c]
        guard cluster.next < cluster.blocks.count else { return }
        let b = cluster.blocks[cluster.next]
        cluster.next += 1
        cluster.current = b
        blocks[b].start = now
        for i in 0..<3 {
            let core = cores[b * 3 + i]
            core.started = true
            core.scalarFree = now
            wake(core, now)
        }
    }

    private func startPlaced(block b: Int, now: Double) {
        let block = blocks[b]
        block.start = now
        if block.spec.usedCores.count == 3 { clusters[block.cluster].current = b }
        for i in block.spec.usedCores {
            let core = cores[b * 3 + i]
            core.started = true
            core.scalarFree = now
            wake(core, now)
        }
    }

    func coreFinished(_ core: CoreRun, now: Double) {
        core.done = true
        let block = blocks[core.block]
        block.coresDone += 1
        guard block.coresDone == block.spec.usedCores.count else { return }
        block.end = block.spec.usedCores.map { cores[core.block * 3 + $0].lastEnd }.max() ?? now
        checkLeftovers(block: core.block)
        if let onBlockEnd {
            onBlockEnd(core.block, max(now, block.end))
        } else {
            queue.push(max(now, block.end) + betweenBlocks, .blockStart, Int32(block.spec.cluster))
        }
    }

    /// Asks for `core` to look again at `time` (later requests than a pending one are covered by it).
    @inline(__always)
    func wake(_ core: CoreRun, _ time: Double) {
        guard time < core.pendingWake else { return }
        core.pendingWake = time
        queue.push(time, .wake, Int32(core.block * 3 + core.core))
    }

    // MARK: Faults

    func fault(_ kind: TimedFault.Kind, block: Int, _ message: String) {
        faults.append(TimedFault(kind: kind, hardwareBlock: blocks[block].spec.hardwareBlock, message: message))
    }

    private func checkLeftovers(block b: Int) {
        let cluster = clusters[blocks[b].cluster]
        var left: [String] = []
        for used in blocks[b].spec.usedCores {
            let core = cores[b * 3 + used].slot
            for slot in 0..<(Pipe.count * Pipe.count) where cluster.flags[core * ClusterState.pairs + slot] != 0 {
                let src = Pipe.allCases[slot / Pipe.count], dst = Pipe.allCases[slot % Pipe.count]
                let bits = cluster.flags[core * ClusterState.pairs + slot]
                left.append("core \(core) flag \(src)->\(dst) bits 0x\(String(bits, radix: 16))")
            }
        }
        for l in cluster.counters.leftovers() where blocks[b].spec.usedCores.count == 3 {
            left.append("core \(l.core) cross-core flag \(l.flag) holds \(l.count)")
        }
        if !left.isEmpty { fault(.leftoverFlags, block: b, left.joined(separator: "; ")) }
    }

    /// Every started block that did not finish is deadlocked: nothing left in the agenda can move it.
    private func reportStuckBlocks() {
        for (b, block) in blocks.enumerated() where block.start >= 0 && block.end < 0 {
            var waits: [String] = []
            for i in 0..<3 {
                let core = cores[b * 3 + i]
                if core.issuePos < core.ops.count && core.ops[core.issuePos].pipe == .s {
                    waits.append(describe(b, i, core.issuePos))
                }
                for p in 0..<Pipe.count where core.heads[p] < core.tails[p] {
                    waits.append(describe(b, i, core.head(p)))
                }
            }
            fault(.deadlock, block: b, "no schedule can go on; waiting: " + waits.joined(separator: "; "))
        }
    }
}
