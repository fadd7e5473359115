import Synchronization
import PTONumerics

/// The timed mode of a die: blocks of work are captured on their clusters (their instruction streams, nothing
/// executed), then `simulate` schedules every block on one time axis with the cost model, running each effect at its
/// modeled time. Clusters share the die's HBM bandwidth, so their timings depend on each other; they share no other
/// state, so each block's data effects only need their own order.
///
/// Use: `capture` once per block (thread-safe: a runtime's workers may call it for different clusters at once), then
/// `simulate` once. The clusters' scratchpads and the GM buffers the blocks use must stay alive until it returns.
public final class TimedChip: Sendable {
    public struct Options: Sendable {
        public var parameters: TimingParameters
        public var schedule: Schedule
        /// Run the data effects (false: timing only, much faster).
        public var applyEffects: Bool
        /// Host threads the data effects run on apart from the simulation (clusters that share no written GM run in
        /// parallel; the result is the same for any count).
        public var workers: Int
        /// Effect events the deferred log records before it hands them to its replay thread (tests make it small so
        /// that instructions straddle hand-offs).
        var effectSegmentEvents = TimedEffectLog.defaultSegmentEvents
        /// Pipes whose consecutive instructions the adversarial schedule treats as unordered when it looks for
        /// hazards (only a pipe barrier orders them, as `ptosim check --overlap`): their pairs become targets too.
        public var adversarialOverlap: Set<Pipe>

        public init(parameters: TimingParameters, schedule: Schedule = .nominal, applyEffects: Bool = true,
                    workers: Int = Parallel.defaultWorkers, adversarialOverlap: Set<Pipe> = []) {
            self.parameters = parameters
            self.schedule = schedule
            self.applyEffects = applyEffects
            self.workers = workers
            self.adversarialOverlap = adversarialOverlap
        }
    }

    struct CapturedBlock: @unchecked Sendable {
        /// The cores the streams were captured on, by slot (AIC, AIV0, AIV1); nil where the block has no program.
        let issuers: [CoreIssuer?]
        /// The cluster it was captured on (where the legacy schedule runs it).
        let clusterIndex: Int
        let hardwareBlock: Int
        let streams: [CapturedStream]
        /// The runtime's task (an opaque key, -1 when the launch is one task) and the slots with a program.
        var task: Int = -1
        var usedCores: [Int] = [0, 1, 2]
        /// The cluster or solo core the issuers belong to: it owns their execution context (held here so the
        /// streams stay valid after the launch that captured them has let go of its cores).
        var owner: AnyObject?

        func issuer(_ c: Int) -> CoreIssuer { issuers[c].unsafelyUnwrapped }
    }

    struct State: @unchecked Sendable {
        var captured: [CapturedBlock] = []
        var engine: TimingEngine?
        var order: [CapturedBlock] = []
        /// Longest stream captured so far per core (AIC, AIV0, AIV1): what the next capture reserves.
        var longest = [0, 0, 0]
    }

    public let options: Options
    private let state = Mutex(State())

    public init(options: Options) { self.options = options }

    /// Records the instruction streams of one block's three programs on `cluster` (nothing runs yet).
    public func capture(cluster: Cluster, hardwareBlock: Int, aic: inout some CoreProgram,
                        aiv0: inout some CoreProgram, aiv1: inout some CoreProgram) throws {
        // Blocks of one launch issue similar streams; 1/8 more than the longest so far covers most differences.
        let expected = state.withLock { $0.longest.map { $0 + $0 / 8 } }
        let streams = try cluster.captureStreams(aic: &aic, aiv0: &aiv0, aiv1: &aiv1, expected: expected)
        var block = CapturedBlock(issuers: [cluster.aic, cluster.aiv0, cluster.aiv1], clusterIndex: cluster.index,
                                  hardwareBlock: hardwareBlock, streams: streams)
        block.owner = cluster
        state.withLock {
            $0.captured.append(block)
            for c in 0..<3 { $0.longest[c] = max($0.longest[c], streams[c].count) }
        }
    }

    /// Records one MIX block of runtime task `task` (an opaque key the caller maps back to its task), captured on
    /// `cluster`; the runtime model decides where and when it runs (`simulateRuntime`).
    public func capture(task: Int, blockIdx: Int, cluster: Cluster, aic: inout some CoreProgram,
                        aiv0: inout some CoreProgram, aiv1: inout some CoreProgram) throws {
        let streams = try cluster.captureStreams(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        var block = CapturedBlock(issuers: [cluster.aic, cluster.aiv0, cluster.aiv1], clusterIndex: cluster.index,
                                  hardwareBlock: blockIdx, streams: streams)
        block.task = task
        block.owner = cluster
        state.withLock { $0.captured.append(block) }
    }

    /// Records one block of a single-core task `task` (AIC-only or AIV-only) captured on `core`.
    public func capture(task: Int, blockIdx: Int, core: SoloCore, program: inout some CoreProgram) throws {
        let stream = try Cluster.captureStream(core.core, 0) { try program.step($0) }
        let slot = core.kind == .aic ? 0 : 1
        var streams = [CapturedStream](repeating: CapturedStream(), count: 3)
        streams[slot] = stream
        var issuers: [CoreIssuer?] = [nil, nil, nil]
        issuers[slot] = core.core
        var block = CapturedBlock(issuers: issuers, clusterIndex: 0, hardwareBlock: blockIdx, streams: streams)
        block.task = task
        block.usedCores = [slot]
        block.owner = core
        state.withLock { $0.captured.append(block) }
    }

    /// Number of blocks captured so far.
    public var capturedBlocks: Int { state.withLock { $0.captured.count } }

    /// Schedules every captured block: each cluster's first block starts at `startCycles`, a later block on the same
    /// cluster `betweenBlocksCycles` after the previous one ends. Runs the data effects at their modeled times unless
    /// the options say not to. Faults (deadlock, lost signal …) are part of the result, not thrown.
    public func simulate(startCycles: Double = 0, betweenBlocksCycles: Double = 0) -> TimedRun {
        let blocks = state.withLock { s -> [CapturedBlock] in
            s.captured.sorted { ($0.clusterIndex, $0.hardwareBlock) < ($1.clusterIndex, $1.hardwareBlock) }
        }
        let p = options.parameters
        let pages = Self.writtenPages(blocks)
        let specs = Self.specs(blocks, parameters: p, writtenPages: pages, workers: options.workers)
        var perturber = Perturber.nominal
        var aims: [AdversarialAim] = []
        switch options.schedule {
        case .nominal: break
        case let .random(seed): perturber = Perturber(seed: seed, random: p.randomSchedule)
        case .adversarial:
            (perturber, aims) = adversarialPerturber(blocks: blocks) { perturber in
                let engine = makeEngine(blocks: blocks, specs: specs, perturber: perturber)
                engine.run(firstStart: startCycles, betweenBlocks: betweenBlocksCycles)
                return engine
            }
        }
        let engine = makeEngine(blocks: blocks, specs: specs, perturber: perturber)
        let effectBlocks = blocks.map { TimedEffects.Block(issuers: $0.issuers, streams: $0.streams) }
        // Inline: every effect at its moment on this thread. Deferred: the simulation records the order and each
        // cluster's effects run apart from it (on a replay thread while it runs, the rest on the workers after),
        // which gives the same bytes when no cluster touches GM another one writes.
        var inline: TimedEffects?
        var log: TimedEffectLog?
        if options.applyEffects {
            if options.workers > 1 && !Self.clustersShareWrittenGM(blocks, writtenPages: pages) {
                log = TimedEffectLog(blocks: effectBlocks, writtenPages: pages,
                                     clusterOfBlock: blocks.map(\.clusterIndex),
                                     clusterCount: (blocks.map(\.clusterIndex).max() ?? -1) + 1, streaming: true,
                                     segmentEvents: options.effectSegmentEvents)
                engine.effects = log
            } else {
                inline = TimedEffects(blocks: effectBlocks, writtenPages: pages)
                engine.effects = inline
            }
        }
        engine.run(firstStart: startCycles, betweenBlocks: betweenBlocksCycles)
        engine.effects = nil
        inline = nil
        log?.finish(workers: options.workers)
        // One launch: the report names blocks only, whatever task key they were captured under.
        let targets = Self.adversarialTargets(aims, perturber: perturber, engine: engine, blocks: blocks) { _ in -1 }
        state.withLock {
            $0.engine = engine
            $0.order = blocks
        }
        return result(engine, blocks: blocks, targets: targets, start: startCycles)
    }

    /// Replays the runtime of the captured launch (`plan`: the tasks the runtime recorded and the orchestration's
    /// steps) on the die: the orchestrator and scheduler threads of `RuntimeSimulation` decide when and where each
    /// captured block runs; the cores run every instruction at its modeled time, sharing HBM. Time 0 is the first
    /// scheduler thread entering its loop. `physicalCores(cluster, slot)` gives the core whose scratchpads a block
    /// placed there uses for its data effects. Under `--schedule adversarial` the replay is first run without data
    /// effects to find the delays (each round a whole replay: a delay moves later blocks too), then once with them.
    public func simulateRuntime(plan: RuntimePlan,
                                physicalCores: @escaping (Int, Int) -> CoreIssuer) -> (TimedRun, RuntimeTimes) {
        let blocks = state.withLock { s -> [CapturedBlock] in
            s.captured.sorted { ($0.task, $0.hardwareBlock) < ($1.task, $1.hardwareBlock) }
        }
        let p = options.parameters
        let pages = Self.writtenPages(blocks)
        var specs = Self.specs(blocks, parameters: p, writtenPages: pages, workers: options.workers)
        for i in specs.indices { specs[i].cluster = 0 }
        var index: [Int: Int] = [:]
        for (i, t) in plan.tasks.enumerated() { index[t.key] = i }
        var blocksOf = plan.tasks.map { [Int](repeating: -1, count: $0.blockNum) }
        for (b, block) in blocks.enumerated() {
            guard let i = index[block.task], block.hardwareBlock < blocksOf[i].count else { continue }
            blocksOf[i][block.hardwareBlock] = b
        }
        func replay(_ perturber: Perturber, effects: TimedEffectSink?) -> (TimingEngine, RuntimeTimes) {
            let engine = TimingEngine(parameters: p, blocks: specs, clusterCount: max(1, plan.clusters),
                                      perturber: perturber) { b, c, i in
                blocks[b].issuer(c).site(of: blocks[b].streams[c][i]).description
            }
            engine.effects = effects
            let simulation = RuntimeSimulation(plan: plan, parameters: p, engine: engine, effects: effects,
                                               blocksOf: blocksOf, physical: physicalCores)
            return (engine, simulation.run())
        }
        var perturber = Perturber.nominal
        var aims: [AdversarialAim] = []
        switch options.schedule {
        case .nominal: break
        case let .random(seed): perturber = Perturber(seed: seed, random: p.randomSchedule)
        case .adversarial: (perturber, aims) = adversarialPerturber(blocks: blocks) { replay($0, effects: nil).0 }
        }
        // As in `simulate`: the effects run deferred, one physical cluster at a time, when no block touches GM
        // another block writes (blocks, not clusters: where a block runs is decided during the simulation), on a
        // replay thread beside the event loop; a block's placement reaches the replay before any of its events.
        let effectBlocks = blocks.map { TimedEffects.Block(issuers: $0.issuers, streams: $0.streams) }
        var effects: TimedEffectSink?
        var log: TimedEffectLog?
        if options.applyEffects {
            if options.workers > 1 && !Self.clustersShareWrittenGM(blocks, writtenPages: pages, byBlock: true) {
                log = TimedEffectLog(blocks: effectBlocks, writtenPages: pages, clusterOfBlock: blocks.map { _ in 0 },
                                     clusterCount: max(1, plan.clusters), streaming: true,
                                     segmentEvents: options.effectSegmentEvents)
                effects = log
            } else {
                effects = TimedEffects(blocks: effectBlocks, writtenPages: pages)
            }
        }
        let (engine, times) = replay(perturber, effects: effects)
        engine.effects = nil
        effects = nil
        log?.finish(workers: options.workers)
        let targets = Self.adversarialTargets(aims, perturber: perturber, engine: engine, blocks: blocks) {
            index[$0] ?? -1
        }
        state.withLock {
            $0.engine = engine
            $0.order = blocks
        }
        return (result(engine, blocks: blocks, targets: targets, start: 0), times)
    }

    // MARK: Building the engine

    func makeEngine(blocks: [CapturedBlock], specs: [TimingEngine.BlockSpec], perturber: Perturber) -> TimingEngine {
        let clusterCount = (blocks.map(\.clusterIndex).max() ?? -1) + 1
        return TimingEngine(parameters: options.parameters, blocks: specs, clusterCount: clusterCount,
                            perturber: perturber) { b, c, i in
            let inst = blocks[b].streams[c][i]
            return blocks[b].issuer(c).site(of: inst).description
        }
    }

    /// GM pages any block writes (stores and trace-file writes).
    static func writtenPages(_ blocks: [CapturedBlock]) -> Set<Int> {
        var pages = Set<Int>()
        var record = IssueRecord(core: 0, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1, reads: [],
                                 writes: [], event: .none, scalarEpoch: 0)
        for block in blocks {
            for (c, stream) in block.streams.enumerated() where !stream.isEmpty {
                let issuer = block.issuer(c)
                for i in stream.indices where stream.mayTouchGM(i) {
                    let inst = stream[i]
                    switch inst.action {
                    case .store, .external:
                        issuer.fillRecord(inst, into: &record)
                        TimedOp.writtenPages(CollectionOfOne(record), into: &pages)
                    default: continue
                    }
                }
            }
        }
        return pages
    }

    /// Whether some cluster reads GM that another cluster writes during the run, or two clusters write the same GM
    /// page (conservatively: a shared page counts even when the bytes differ). Only then does the order of effects
    /// across clusters matter. Writes are TSTOREs and scalar-cache write-backs (dcci); trace-file instructions count
    /// as sharing. `byBlock`: every block counts as its own cluster (for the runtime model, which places blocks
    /// during the simulation).
    static func clustersShareWrittenGM(_ blocks: [CapturedBlock], writtenPages: Set<Int>, byBlock: Bool = false) -> Bool {
        var owner: [Int: Int] = [:]
        func pages(_ r: MemoryRange) -> ClosedRange<Int>? {
            r.bytes > 0 ? (r.offset >> TimedOp.pageShift)...((r.end - 1) >> TimedOp.pageShift) : nil
        }
        var record = IssueRecord(core: 0, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1, reads: [],
                                 writes: [], event: .none, scalarEpoch: 0)
        for (b, block) in blocks.enumerated() {
            let c = byBlock ? b : block.clusterIndex
            for (core, stream) in block.streams.enumerated() {
                for i in stream.indices where stream.mayTouchGM(i) {
                    let inst = stream[i]
                    switch inst.action {
                    case .store, .dcci:
                        block.issuer(core).fillRecord(inst, into: &record)
                        for w in record.writes where w.space == .gm {
                            guard let range = pages(w) else { continue }
                            for page in range {
                                if let o = owner[page] { if o != c { return true } } else { owner[page] = c }
                            }
                        }
                    case .external: return true
                    default: continue
                    }
                }
            }
        }
        guard let lo = owner.keys.min(), let hi = owner.keys.max() else { return false }
        for (b, block) in blocks.enumerated() {
            let c = byBlock ? b : block.clusterIndex
            for stream in block.streams {
                for i in stream.indices where stream.mayTouchGM(i) {
                    guard case let .load(_, src) = stream.action(i), let range = pages(src.footprint),
                          range.upperBound >= lo, range.lowerBound <= hi else { continue }
                    for page in range where owner[page].map({ $0 != c }) ?? false { return true }
                }
            }
        }
        return false
    }

    /// Each block's streams priced by the cost model (from their issue records).
    /// Blocks are priced on `workers` threads (each block's records are its own; the model is read-only).
    static func specs(_ blocks: [CapturedBlock], parameters: TimingParameters,
                      writtenPages: Set<Int>, workers: Int = 1) -> [TimingEngine.BlockSpec] {
        let model = CostModel(parameters: parameters)
        let hbmMiss = parameters.dma.hbmMissExtraCycles.value
        let out = UncheckedBox(UnsafeMutablePointer<[[TimedOp]]>.allocate(capacity: blocks.count))
        defer { out.value.deallocate() }
        let shared = UncheckedBox((blocks, model, writtenPages))
        Parallel.forEach(blocks.count, workers: workers) { b, _ in
            let (blocks, model, writtenPages) = shared.value
            let block = blocks[b]
            var record = IssueRecord(core: 0, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1, reads: [],
                                     writes: [], event: .none, scalarEpoch: 0)
            let ops = block.streams.enumerated().map { c, stream -> [TimedOp] in
                guard !stream.isEmpty else { return [] }
                let issuer = block.issuer(c)
                var ops: [TimedOp] = []
                ops.reserveCapacity(stream.count)
                for inst in stream {  // in order: the stream's iterator counts scalar epochs as it goes
                    issuer.fillRecord(inst, into: &record)
                    ops.append(TimedOp(record, cost: model.cost(record), hbmMissExtraCycles: hbmMiss,
                                       writtenPages: writtenPages))
                }
                return ops
            }
            (out.value + b).initialize(to: ops)
        }
        var rank: [Int: Int] = [:]
        for (r, task) in Set(blocks.map(\.task)).sorted().enumerated() { rank[task] = r }
        return blocks.indices.map { b in
            TimingEngine.BlockSpec(cluster: blocks[b].clusterIndex, hardwareBlock: blocks[b].hardwareBlock,
                                   ops: (out.value + b).move(), usedCores: blocks[b].usedCores, task: blocks[b].task,
                                   taskRank: rank[blocks[b].task] ?? 0)
        }
    }

    // MARK: Results

    private func result(_ engine: TimingEngine, blocks: [CapturedBlock], targets: [TimedRun.AdversarialTarget],
                        start: Double) -> TimedRun {
        let timings = engine.blocks.enumerated().map { b, run in
            TimedRun.BlockTiming(hardwareBlock: run.spec.hardwareBlock, cluster: run.cluster,
                                 startCycles: run.start, endCycles: run.end)
        }
        let ran = timings.filter { $0.startCycles >= 0 }
        let first = ran.map(\.startCycles).min() ?? start
        let last = engine.cores.map(\.lastEnd).max() ?? first
        let window = max(last - first, 1e-9)
        var utilisation: [TimedRun.PipeUtilisation] = []
        for kind in [CoreKind.aic, .aiv] {
            let runs = engine.cores.filter { ($0.core == 0) == (kind == .aic) && $0.started }
            guard !runs.isEmpty else { continue }
            for pipe in Pipe.allCases where pipe.exists(on: kind) {
                let busy = runs.reduce(0.0) { $0 + $1.busy[Int(pipe.rawValue)] }
                utilisation.append(.init(coreKind: kind, pipe: pipe, busyFraction: busy / (window * Double(runs.count))))
            }
        }
        return TimedRun(parametersName: options.parameters.name, schedule: options.schedule,
                        clockHz: options.parameters.clockHz.value, startCycles: first, endCycles: last, blocks: timings,
                        utilisation: utilisation, faults: engine.faults, adversarialTargets: targets,
                        hbmBytes: engine.pool.totalBytes, hbmPeakFraction: engine.pool.peakRate / engine.pool.capacity,
                        instructionCount: engine.cores.reduce(0) { $0 + $1.ops.count })
    }

    /// The modeled timeline of the first `limit` blocks (by hardware block index) of the last `simulate`.
    public func timeline(blocks limit: Int? = nil) -> [TimelineBlock] {
        let (engine, order) = state.withLock { ($0.engine, $0.order) }
        guard let engine else { return [] }
        let chosen = order.indices.sorted { order[$0].hardwareBlock < order[$1].hardwareBlock }.prefix(limit ?? order.count)
        return chosen.map { b in
            let block = order[b], run = engine.blocks[b]
            // By physical core: a single-core task's stream shows on the core the runtime model placed it on.
            var cores = [[TimelineEntry]](repeating: [], count: 3)
            for c in 0..<3 where !block.streams[c].isEmpty {
                let core = engine.cores[b * 3 + c], issuer = block.issuer(c)
                cores[core.slot] = block.streams[c].indices.map { i in
                    TimelineEntry(record: issuer.makeRecord(block.streams[c][i]), startCycles: core.start[i],
                                  endCycles: core.end[i])
                }
            }
            return TimelineBlock(hardwareBlock: block.hardwareBlock, cluster: run.cluster, startCycles: run.start,
                                 endCycles: run.end, cores: cores)
        }
    }
}
