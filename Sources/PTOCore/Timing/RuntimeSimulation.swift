/// The runtime side of a timed launch: simpler's AICPU threads replayed on the cores' time axis.
///
/// - The orchestrator thread walks the orchestration's steps in order; each submit costs its operations
///   (the orchestration's own code, `submit_ns`, the copy of each argument, lookups, inserts, edges, allocation) and
///   publishes the task when done; a scope end costs its fixed part plus a release per task of the scope. A submit
///   whose ring has no free slot, or whose heap bytes are still held by an earlier task, waits until the schedulers
///   have reclaimed in order up to that task (completed, its scope ended, every consumer completed) — simpler's
///   back-pressure.
/// - Scheduler threads own clusters round robin and race for shared per-shape ready queues. A task is ready when
///   published and every producer has completed. A task the orchestrator's publish makes ready joins the shared
///   queue; one a completion makes ready goes first to the local buffer of the thread that saw the completion, which
///   tries it before anything shared in its next dispatch phase and hands what it cannot place to the shared queue.
///   Whenever work is ready, the threads whose loops are free reach their dispatch phase in turn: the one free
///   earliest first, ties to the one that dispatched least recently. A thread takes its shapes in its own order
///   (MIX, AIC, AIV on even threads; MIX, AIV, AIC on odd ones), pops as many tasks as it has free cores of the
///   shape, places as many blocks as fit (`sched_dispatch_ns` each) and returns a task's unplaced blocks to the tail
///   of the shared queue. The block starts on its core `dispatch_ns` later plus the core's pickup latency (cold
///   first task, warm after). A finished block is seen by its thread `completion_ns` after its last instruction and
///   costs `sched_complete_ns`. A sync_start task is placed only when all its blocks fit at once.
final class RuntimeSimulation {
    let plan: RuntimePlan
    let p: TimingParameters
    let engine: TimingEngine
    let effects: TimedEffectSink?
    let physical: (Int, Int) -> CoreIssuer
    /// Engine block indices of each task, by block index (-1 where nothing was captured).
    let blocksOf: [[Int]]

    // Costs in cycles.
    let userCodeCost, submitCost, argumentCost, lookupCost, insertCost, edgeCost, allocCost: Double
    let scopeBeginCost, scopeEndCost, scopeEndTaskCost: Double
    let dispatchCost, completeCost, dispatchLatency, coldStart, warmStart, completionLatency: Double
    let threads: Int

    // Orchestrator.
    var step = 0
    var orchClock: Double
    let orchStart: Double
    var orchEnd = -1.0
    var blockedOn: (ring: Int, local: Int)?
    var blockedSince = 0.0
    var backPressure = 0.0
    var openScopes: [[Int]] = [[]]

    // Tasks.
    var published: [Bool]
    var pendingFanin: [Int]
    var consumersLeft: [Int]
    var consumers: [[Int]]
    var scopeEnded: [Bool]
    var completed: [Bool]
    var consumed: [Bool]
    var nextBlock: [Int]
    var blocksDone: [Int]
    var completedCount = 0
    var ringTasks: [[Int]]
    var ringAlive: [Int]
    var reuseGate: [Int]

    // Scheduler.
    /// The shared ready queues, by shape (0 MIX, 1 AIC, 2 AIV), oldest first.
    var ready: [[Int]] = [[], [], []]
    /// Each thread's local ready buffers, by shape: tasks its own completions made ready, newest taken first.
    var local: [[[Int]]]
    /// When each thread's last dispatch phase that placed a block ended (-infinity: never).
    var lastDispatch: [Double]
    /// Times at which a scheduler round is queued (one event per time).
    var roundsQueued: Set<Double> = []
    var threadFree: [Double]
    var busy: [[Bool]]
    var coreUsed: [[Bool]]
    var placedOn: [Int: (cluster: Int, slots: [Int])] = [:]
    var lastSeen = 0.0
    var spans: [RuntimeTimes.Span] = []
    var coreSpans: [RuntimeTimes.CoreSpan] = []

    init(plan: RuntimePlan, parameters p: TimingParameters, engine: TimingEngine, effects: TimedEffectSink?,
         blocksOf: [[Int]], physical: @escaping (Int, Int) -> CoreIssuer) {
        self.plan = plan
        self.p = p
        self.engine = engine
        self.effects = effects
        self.blocksOf = blocksOf
        self.physical = physical
        let m = p.runtimeModel
        func ns(_ v: SourcedValue) -> Double { p.cycles(nanoseconds: v.value) }
        userCodeCost = ns(m.userCodeNs)
        submitCost = ns(m.submitNs)
        argumentCost = ns(m.paramCopyArgNs)
        lookupCost = ns(m.tensormapLookupNs)
        insertCost = ns(m.tensormapInsertNs)
        edgeCost = ns(m.depEdgeNs)
        allocCost = ns(m.heapAllocNs)
        scopeBeginCost = ns(m.scopeBeginNs)
        scopeEndCost = ns(m.scopeEndNs)
        scopeEndTaskCost = ns(m.scopeEndTaskNs)
        dispatchCost = ns(m.schedDispatchNs)
        completeCost = ns(m.schedCompleteNs)
        dispatchLatency = ns(p.runtime.dispatchNs)
        coldStart = p.cycles(nanoseconds: p.runtime.coreStartUs.value * 1000)
        warmStart = ns(m.warmStartNs)
        completionLatency = ns(p.runtime.completionNs)
        threads = max(1, Int(m.schedulerThreads.value))
        orchStart = ns(m.orchStartAfterSchedNs)
        orchClock = orchStart + ns(m.orchFixedNs)
        let n = plan.tasks.count
        published = .init(repeating: false, count: n)
        pendingFanin = plan.tasks.map { Set($0.producers).count }
        consumers = .init(repeating: [], count: n)
        for (i, t) in plan.tasks.enumerated() { for q in Set(t.producers) { consumers[q].append(i) } }
        consumersLeft = consumers.map(\.count)
        scopeEnded = .init(repeating: false, count: n)
        completed = .init(repeating: false, count: n)
        consumed = .init(repeating: false, count: n)
        nextBlock = .init(repeating: 0, count: n)
        blocksDone = .init(repeating: 0, count: n)
        let rings = (plan.tasks.map(\.ring).max() ?? 0) + 1
        ringTasks = .init(repeating: [], count: rings)
        for (i, t) in plan.tasks.enumerated() { ringTasks[t.ring].append(i) }
        for r in ringTasks.indices { ringTasks[r].sort { plan.tasks[$0].local < plan.tasks[$1].local } }
        ringAlive = .init(repeating: 0, count: rings)
        reuseGate = Self.reuseGates(plan)
        threadFree = .init(repeating: 0, count: threads)
        local = .init(repeating: [[], [], []], count: threads)
        lastDispatch = .init(repeating: -.infinity, count: threads)
        busy = .init(repeating: [false, false, false], count: plan.clusters)
        coreUsed = .init(repeating: [false, false, false], count: plan.clusters)
    }

    /// Per task, the position on its ring up to which every task must be reclaimed before its submit can allocate:
    /// the task-window slot it reuses and the newest earlier task whose heap bytes it overlaps (-1: none).
    static func reuseGates(_ plan: RuntimePlan) -> [Int] {
        var gates = [Int](repeating: -1, count: plan.tasks.count)
        var live: [Int: [(start: Int, end: Int, pos: Int)]] = [:]
        var position: [Int: Int] = [:]
        for (i, t) in plan.tasks.enumerated() {
            let pos = position[t.ring, default: 0]
            position[t.ring] = pos + 1
            let window = t.ring < plan.taskWindow.count ? plan.taskWindow[t.ring] : Int.max
            var gate = window == Int.max ? -1 : pos - (window - 1)
            if t.heapBytes > 0 {
                let end = t.heapOffset + t.heapBytes
                for r in live[t.ring, default: []].reversed() where r.start < end && t.heapOffset < r.end {
                    gate = max(gate, r.pos)
                    break
                }
                live[t.ring, default: []].append((t.heapOffset, end, pos))
            }
            gates[i] = gate
        }
        return gates
    }

    // MARK: Run

    func run() -> RuntimeTimes {
        engine.onBlockEnd = { [unowned self] b, t in blockEnded(b, t) }
        engine.onRuntimeEvent = { [unowned self] e in handle(e) }
        engine.queue.push(orchClock, .runtime, 0)
        engine.runLoop()
        let schedEnd = max(lastSeen, orchEnd)
        let us = { (c: Double) in c / self.p.clockHz.value * 1e6 }
        let orchEndCycles = max(orchEnd, orchStart)
        return RuntimeTimes(elapsedMicros: us(max(schedEnd, orchEndCycles)), schedMicros: us(schedEnd),
                            orchMicros: us(orchEndCycles - orchStart), orchStartNs: us(orchStart) * 1000,
                            orchEndNs: us(orchEndCycles) * 1000,
                            schedEndNs: Array(repeating: us(schedEnd) * 1000, count: threads),
                            backPressureNs: us(backPressure) * 1000, incompleteTasks: plan.tasks.count - completedCount,
                            threadSpans: spans, coreSpans: coreSpans)
    }

    /// The simulation's current time (cycles): the event being handled.
    var clock = 0.0

    private func handle(_ e: TimedEvent) {
        clock = e.time
        switch e.a {
        case 0: orchestrate(e.time)
        case 1: completionSeen(block: Int(e.b), now: e.time)
        case 2: schedulerRound(now: e.time)
        default: publish(Int(e.b), now: e.time)
        }
    }

    private func ns(_ cycles: Double) -> Double { cycles / p.clockHz.value * 1e9 }

    // MARK: Orchestrator

    private func orchestrate(_ now: Double) {
        if let b = blockedOn {
            guard ringAlive[b.ring] > b.local else { return }
            backPressure += max(0, now - blockedSince)
            spans.append(.init(thread: -1, name: "back-pressure", task: -1, startNs: ns(blockedSince), endNs: ns(now)))
            orchClock = max(orchClock, now)
            blockedOn = nil
        }
        while step < plan.steps.count {
            switch plan.steps[step] {
            case .scopeBegin:
                spans.append(.init(thread: -1, name: "scope_begin", task: -1, startNs: ns(orchClock),
                                   endNs: ns(orchClock + scopeBeginCost)))
                orchClock += scopeBeginCost
                openScopes.append([])
            case .scopeEnd:
                closeScope()
            case let .submit(i):
                let t = plan.tasks[i]
                let gate = reuseGate[i]
                if gate >= 0 && ringAlive[t.ring] <= gate {
                    blockedOn = (t.ring, gate)
                    blockedSince = orchClock
                    return
                }
                let cost = userCodeCost + submitCost + Double(t.arguments) * argumentCost
                    + Double(t.lookups) * lookupCost + Double(t.inserts) * insertCost
                    + Double(Set(t.producers).count) * edgeCost + allocCost
                spans.append(.init(thread: -1, name: "submit", task: i, startNs: ns(orchClock),
                                   endNs: ns(orchClock + cost)))
                orchClock += cost
                openScopes[openScopes.count - 1].append(i)
                engine.queue.push(orchClock, .runtime, 3, Int32(i))
            }
            step += 1
        }
        if orchEnd < 0 {
            // The outer scope the runtime wraps around the orchestration ends inside the Orch window.
            closeScope()
            orchEnd = orchClock
        }
    }

    /// Ends the innermost open scope: `scope_end_ns` plus `scope_end_task_ns` for each task it releases (each task
    /// is released by its innermost scope only).
    private func closeScope() {
        let tasks = openScopes.removeLast()
        let cost = scopeEndCost + Double(tasks.count) * scopeEndTaskCost
        spans.append(.init(thread: -1, name: "scope_end", task: -1, startNs: ns(orchClock), endNs: ns(orchClock + cost)))
        orchClock += cost
        endScope(tasks, at: orchClock)
    }

    private func endScope(_ tasks: [Int], at time: Double) {
        for i in tasks { scopeEnded[i] = true }
        // Reclaim is judged when the orchestrator's clock reaches the scope end (it may run ahead of `now`).
        for i in tasks { tryConsume(i) }
    }

    private func publish(_ i: Int, now: Double) {
        published[i] = true
        if pendingFanin[i] == 0 { makeReady(i, now: now) }
    }

    // MARK: Reclaim

    private func tryConsume(_ i: Int) {
        guard !consumed[i], completed[i], scopeEnded[i], consumersLeft[i] == 0 else { return }
        consumed[i] = true
        let ring = plan.tasks[i].ring
        let list = ringTasks[ring]
        var advanced = false
        while ringAlive[ring] < list.count && consumed[list[ringAlive[ring]]] {
            ringAlive[ring] += 1
            advanced = true
        }
        if advanced, blockedOn != nil { engine.queue.push(clock, .runtime, 0) }
    }

    // MARK: Scheduler

    /// Entries a thread's local ready buffer holds per shape; a task made ready beyond that goes to the shared queue.
    static let localBufferCapacity = 64

    /// Task `i` has been published and every producer has completed. `thread` is the scheduler thread whose
    /// completion made it ready (nil: the orchestrator's publish).
    private func makeReady(_ i: Int, now: Double, thread: Int? = nil) {
        let shape = plan.tasks[i].shape
        if shape == .dummy || plan.tasks[i].blockNum == 0 {
            complete(i, now: now, thread: thread)
            return
        }
        let q = shape == .mix ? 0 : shape == .aic ? 1 : 2
        if let j = thread, local[j][q].count < Self.localBufferCapacity {
            local[j][q].append(i)
        } else {
            ready[q].append(i)
        }
        queueRound(at: now)
    }

    private func queueRound(at time: Double) {
        if roundsQueued.insert(time).inserted { engine.queue.push(time, .runtime, 2) }
    }

    private func ownedClusters(_ j: Int) -> StrideTo<Int> { stride(from: j, to: plan.clusters, by: threads) }

    private func freeUnits(_ shape: RuntimePlan.Shape, thread j: Int?) -> [(Int, [Int])] {
        var out: [(Int, [Int])] = []
        let clusters: [Int] = j.map { Array(ownedClusters($0)) } ?? Array(0..<plan.clusters)
        for k in clusters {
            switch shape {
            case .mix: if !busy[k].contains(true) { out.append((k, [0, 1, 2])) }
            case .aic: if !busy[k][0] { out.append((k, [0])) }
            case .aiv:
                for s in [1, 2] where !busy[k][s] { out.append((k, [s])) }
            case .dummy: break
            }
        }
        return out
    }

    /// The scheduler threads' race at `now`: each thread whose loop is free reaches its dispatch phase, the one free
    /// earliest first and, on a tie, the one that dispatched least recently (then the lower index). A thread still
    /// busy gets its turn when it is free.
    private func schedulerRound(now: Double) {
        roundsQueued.remove(now)
        let order = (0..<threads).filter { threadFree[$0] <= now }.sorted {
            (threadFree[$0], lastDispatch[$0], $0) < (threadFree[$1], lastDispatch[$1], $1)
        }
        var handedOver = false
        for j in order {
            if dispatchPass(thread: j, now: now) { handedOver = true }
        }
        // Tasks a thread handed to the shared queue are seen by the threads that looked before it.
        if handedOver { queueRound(at: now) }
        let sharedWork = ready.contains { !$0.isEmpty }
        for j in 0..<threads where threadFree[j] > now && (sharedWork || local[j].contains { !$0.isEmpty }) {
            queueRound(at: threadFree[j])
        }
    }

    /// Shapes in the order thread `j` dispatches them (queue indices 0 MIX, 1 AIC, 2 AIV).
    private func shapeOrder(_ j: Int) -> [Int] { j % 2 == 0 ? [0, 1, 2] : [0, 2, 1] }

    /// One dispatch phase of thread `j` at `now` (its loop is free). Returns whether it handed tasks from its local
    /// buffer to the shared queue.
    private func dispatchPass(thread j: Int, now: Double) -> Bool {
        var t = now
        for q in shapeOrder(j) {
            var units = freeUnits(q == 0 ? .mix : q == 1 ? .aic : .aiv, thread: j)
            popping: while !units.isEmpty {
                // A batch of up to one task per free core: the local buffer's newest first, then the shared queue's
                // oldest.
                var batch: [Int] = []
                while batch.count < units.count, let i = local[j][q].popLast() { batch.append(i) }
                let shared = min(units.count - batch.count, ready[q].count)
                batch += ready[q].prefix(shared)
                ready[q].removeFirst(shared)
                if batch.isEmpty { break }
                for (n, i) in batch.enumerated() {
                    let task = plan.tasks[i]
                    let remaining = task.blockNum - nextBlock[i]
                    if task.syncStart {
                        // All its blocks at once, on any thread's free cores, or it waits at the queue's head.
                        let all = freeUnits(task.shape, thread: nil)
                        if all.count < remaining {
                            ready[q].insert(contentsOf: batch[n...], at: 0)
                            break popping
                        }
                        for u in all.prefix(remaining) {
                            t += dispatchCost
                            place(task: i, blockIdx: nextBlock[i], cluster: u.0, slots: u.1, at: t, thread: j)
                            nextBlock[i] += 1
                        }
                        units = freeUnits(task.shape, thread: j)
                        continue
                    }
                    if units.isEmpty {
                        ready[q].append(contentsOf: batch[n...])
                        break popping
                    }
                    while nextBlock[i] < task.blockNum, !units.isEmpty {
                        let u = units.removeFirst()
                        t += dispatchCost
                        place(task: i, blockIdx: nextBlock[i], cluster: u.0, slots: u.1, at: t, thread: j)
                        nextBlock[i] += 1
                    }
                    if nextBlock[i] < task.blockNum { ready[q].append(i) }
                }
            }
        }
        // A pass that placed nothing costs the thread nothing and draws no span.
        if t > now {
            spans.append(.init(thread: j, name: "dispatch", task: -1, startNs: ns(now), endNs: ns(t)))
            threadFree[j] = t
            lastDispatch[j] = t
        }
        // What the local buffers still hold goes to the shared queues, oldest first.
        var handed = false
        for q in 0..<3 where !local[j][q].isEmpty {
            ready[q] += local[j][q]
            local[j][q].removeAll()
            handed = true
        }
        return handed
    }

    private func place(task i: Int, blockIdx: Int, cluster k: Int, slots: [Int], at t: Double, thread j: Int) {
        for s in slots { busy[k][s] = true }
        let cold = slots.contains { !coreUsed[k][$0] }
        for s in slots { coreUsed[k][s] = true }
        let start = t + dispatchLatency + (cold ? coldStart : warmStart)
        let b = blockIdx < blocksOf[i].count ? blocksOf[i][blockIdx] : -1
        if b < 0 {
            // Nothing was captured for this block (no PTOCore program): it occupies its core for no time.
            placedOn[-(i * 65536 + blockIdx) - 1] = (k, slots)
            blockEnded(-(i * 65536 + blockIdx) - 1, start)
            return
        }
        placedOn[b] = (k, slots)
        let used = engine.blocks[b].spec.usedCores
        if let effects {
            var issuers: [CoreIssuer?] = [nil, nil, nil]
            for (n, c) in used.enumerated() { issuers[c] = physical(k, slots.count == used.count ? slots[n] : c) }
            effects.place(block: b, cluster: k, issuers: issuers)
        }
        engine.place(block: b, cluster: k, slots: slots.count == used.count ? slots : used, at: start)
    }

    private func blockEnded(_ b: Int, _ time: Double) {
        clock = max(clock, time)
        guard let where_ = placedOn[b] else { return }
        let j = where_.cluster % threads
        engine.queue.push(time + completionLatency, .runtime, 1, Int32(b), Int32(j))
    }

    private func completionSeen(block b: Int, now: Double) {
        guard let where_ = placedOn.removeValue(forKey: b) else { return }
        let j = where_.cluster % threads
        let t = max(now, threadFree[j]) + completeCost
        spans.append(.init(thread: j, name: "complete", task: -1, startNs: ns(t - completeCost), endNs: ns(t)))
        threadFree[j] = t
        for s in where_.slots { busy[where_.cluster][s] = false }
        let task: Int, blockIdx: Int
        if b >= 0 {
            let key = engine.blocks[b].spec.hardwareBlock
            task = taskOfBlock[b]
            blockIdx = key
            let run = engine.blocks[b]
            for s in where_.slots {
                coreSpans.append(.init(cluster: where_.cluster, slot: s, task: task, blockIdx: blockIdx,
                                       startNs: ns(run.start), endNs: ns(run.end)))
            }
        } else {
            task = (-b - 1) / 65536
            blockIdx = (-b - 1) % 65536
        }
        blocksDone[task] += 1
        if blocksDone[task] == plan.tasks[task].blockNum { complete(task, now: t, thread: j) }
        queueRound(at: t)
    }

    lazy var taskOfBlock: [Int] = {
        var out = [Int](repeating: -1, count: engine.blocks.count)
        for (i, list) in blocksOf.enumerated() { for b in list where b >= 0 { out[b] = i } }
        return out
    }()

    /// Task `i` completed at `now`, seen by scheduler thread `thread` (nil: a task without cores completed by its
    /// publish). Its consumers are released newest first (each producer's consumer list grows at its head).
    private func complete(_ i: Int, now: Double, thread: Int? = nil) {
        completed[i] = true
        completedCount += 1
        lastSeen = max(lastSeen, now)
        for c in consumers[i].reversed() {
            pendingFanin[c] -= 1
            if pendingFanin[c] == 0 && published[c] { makeReady(c, now: now, thread: thread) }
        }
        for q in Set(plan.tasks[i].producers) {
            consumersLeft[q] -= 1
            tryConsume(q)
        }
        tryConsume(i)
    }
}
