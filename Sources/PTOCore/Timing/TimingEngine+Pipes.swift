/// Issue, pipe starts and completions: the per-core rules of the timing model.
extension TimingEngine {
    /// Issues and starts everything `core` can at `now`; schedules a wake for anything that becomes possible later.
    func advance(_ core: CoreRun, _ now: Double) {
        guard core.started, !core.done else { return }
        var progressed = true
        while progressed {
            progressed = issue(core, now)
            for p in 1..<Pipe.count where core.heads[p] < core.tails[p] {
                while core.heads[p] < core.tails[p], startHead(core, p, now) { progressed = true }
            }
        }
        if core.isFinished { coreFinished(core, now: now) }
    }

    @inline(__always)
    private func perturbation(_ core: CoreRun, _ i: Int) -> Perturbation {
        perturber.isNominal ? .none
            : perturber.perturbation(task: blocks[core.block].spec.task, taskRank: blocks[core.block].spec.taskRank,
                                     block: blocks[core.block].spec.hardwareBlock,
                                     core: core.core, index: i, pipe: core.op[i].pipe,
                                     movesData: core.op[i].hasEffect)
    }

    // MARK: Scalar unit

    /// The scalar unit issues in program order: pipe instructions go into their queue, scalar ones run here.
    private func issue(_ core: CoreRun, _ now: Double) -> Bool {
        var progressed = false
        while core.issuePos < core.ops.count {
            if core.scalarFree > now {
                wake(core, core.scalarFree)
                return progressed
            }
            let i = core.issuePos
            let op = core.op[i]
            let pert = perturbation(core, i)
            if op.pipe != .s {
                // A full pipe queue stalls issue until its head starts (startHead frees a place).
                let q = Int(op.pipe.rawValue)
                if core.tails[q] - core.heads[q] >= queueDepth { return progressed }
                // A pipe instruction's stall belongs to its pipe (startHead), not to the scalar unit that issues it.
                core.enqueue(q, i)
                core.issuePos += 1
                // A data instruction is a PTO macro the scalar unit sets up (addresses, DMA or repeat parameters);
                // a set, wait or barrier is a single scalar instruction.
                let cost = (op.hasEffect ? issueCycles : syncCycles) * pert.spread
                core.scalarFree = now + cost
                core.busy[0] += cost
                progressed = true
                continue
            }
            if pert.stall > 0 && !core.stalled[i] {
                core.stalled[i] = true
                core.scalarFree = now + pert.stall
                continue
            }
            let duration = op.cycles * pert.spread
            switch op.kind {
            case .waitFlag:
                guard take(core, Int(op.flag), now) else { return progressed }
            case .crossWait:
                guard core.cluster.counters.available(flag: Int(op.flag), on: core.core) >= Int(op.count) else {
                    return progressed
                }
                core.cluster.counters.consume(flag: Int(op.flag), on: core.core, count: Int(op.count))
            case .barrierAll:
                guard !core.hasQueued, !core.outstanding.contains(where: { $0 > 0 }) else { return progressed }
            case .setFlag:
                raise(core, Int(op.flag), visibleAt: now + duration + flagLatency, index: i)
            case .crossSet:
                sendCrossSet(core, op, at: now + duration + crossLatency)
            case .compute, .transfer, .barrier:
                break
            }
            if op.hasEffect {
                // A scalar-unit data effect (a store into the data cache, a dcci writing its line back to GM) lands
                // when the scalar unit starts it.
                effects?.begin(block: core.block, core: core.core, index: i)
                effects?.end(block: core.block, core: core.core, index: i)
            }
            core.start[i] = now
            core.end[i] = now + duration
            core.lastEnd = max(core.lastEnd, now + duration)
            core.busy[0] += duration
            core.scalarFree = now + duration
            core.issuePos += 1
            progressed = true
        }
        return progressed
    }

    // MARK: Pipes

    /// Starts the head of pipe `p` if it can start at `now`.
    private func startHead(_ core: CoreRun, _ p: Int, _ now: Double) -> Bool {
        if core.pipeFree[p] > now {
            wake(core, core.pipeFree[p])
            return false
        }
        let i = core.head(p)
        let op = core.op[i]
        let pert = perturbation(core, i)
        if pert.stall > 0 && !core.stalled[i] {
            core.stalled[i] = true
            core.pipeFree[p] = now + pert.stall
            wake(core, core.pipeFree[p])
            return false
        }
        switch op.kind {
        case .waitFlag:
            guard take(core, Int(op.flag), now) else { return false }
        case .setFlag, .barrier, .crossSet:
            // Fires only after every earlier instruction of this pipe has completed (opEnd wakes the core).
            guard core.outstanding[p] == 0 else { return false }
        default:
            break
        }
        core.heads[p] += 1
        core.start[i] = now
        core.outstanding[p] += 1
        if op.hasEffect { effects?.begin(block: core.block, core: core.core, index: i) }
        if op.kind == .transfer && op.hbm {
            // The pipe stays busy until the shared-bandwidth flow finishes.
            core.pipeFree[p] = .infinity
            queue.push(now + op.cycles * pert.spread, .flowStart, Int32(core.block * 3 + core.core), Int32(i))
            return true
        }
        let duration = (op.kind == .transfer ? op.cycles + op.bytes / op.rate : op.cycles) * pert.spread
        core.pipeFree[p] = now + duration
        core.busy[p] += duration
        queue.push(now + duration + pert.completionDelay, .opEnd, Int32(core.block * 3 + core.core), Int32(i))
        return true
    }

    /// An instruction completes: its writes land, a set fires, and its core may go on.
    func opEnd(_ core: CoreRun, _ i: Int, _ now: Double) {
        let op = core.op[i]
        let p = Int(op.pipe.rawValue)
        core.outstanding[p] -= 1
        core.end[i] = now
        core.lastEnd = max(core.lastEnd, now)
        if op.hasEffect { effects?.end(block: core.block, core: core.core, index: i) }
        switch op.kind {
        case .setFlag: raise(core, Int(op.flag), visibleAt: now + flagLatency, index: i)
        case .crossSet: sendCrossSet(core, op, at: now + crossLatency)
        default: break
        }
        wake(core, now)
    }

    // MARK: Flags

    /// Consumes a raised, visible flag bit; schedules a wake if it is raised but not yet visible.
    private func take(_ core: CoreRun, _ slot: Int, _ now: Double) -> Bool {
        let pair = slot / ChipConfig.eventIDs, bit = UInt8(1) << UInt8(slot % ChipConfig.eventIDs)
        guard core.flags[pair] & bit != 0 else { return false }
        let visible = core.visibleAt[slot]
        if visible > now {
            wake(core, visible)
            return false
        }
        core.flags[pair] &= ~bit
        return true
    }

    /// Raises a flag bit; a bit that is still up absorbs the set (a lost signal on the chip).
    private func raise(_ core: CoreRun, _ slot: Int, visibleAt: Double, index: Int) {
        let pair = slot / ChipConfig.eventIDs, bit = UInt8(1) << UInt8(slot % ChipConfig.eventIDs)
        if core.flags[pair] & bit != 0 {
            fault(.lostSignal, block: core.block, "\(describe(core.block, core.core, index)) found its flag still set: "
                  + "the signal is lost")
            return
        }
        core.flags[pair] |= bit
        core.visibleAt[slot] = visibleAt
        wake(core, visibleAt)
    }

    private func sendCrossSet(_ core: CoreRun, _ op: TimedOp, at time: Double) {
        let cluster = blocks[core.block].cluster
        for target in 0..<3 where op.targets & (1 << UInt8(target)) != 0 {
            queue.push(time, .counterArrive, Int32(cluster), Int32(target), Int32(op.flag) | Int32(core.core) << 8)
        }
    }

    func counterArrive(cluster c: Int, target: Int, flag: Int, source: Int, now: Double) {
        let cluster = clusters[c]
        let b = cluster.current
        guard b >= 0 else { return }
        if !cluster.counters.set(flag: flag, from: source, to: target) {
            fault(.counterOverflow, block: b, "cross-core flag \(flag) of core \(target) passed 15")
        }
        wake(cores[b * 3 + target], now)
    }

    // MARK: HBM flows

    func flowStart(_ core: CoreRun, _ i: Int, _ now: Double) {
        let op = core.op[i]
        let spread = perturbation(core, i).spread
        pool.add(BandwidthPool.Flow(core: Int32(core.block * 3 + core.core), op: Int32(i), remaining: op.bytes,
                                    cap: op.rate / spread), now: now)
        scheduleFlowTick()
    }

    func flowTick(version: Int32, _ now: Double) {
        guard version == pool.version else { return }
        pool.advance(to: now)
        for flow in pool.removeFinished() {
            let core = cores[Int(flow.core)]
            let i = Int(flow.op)
            let p = Int(core.op[i].pipe.rawValue)
            core.pipeFree[p] = now
            core.busy[p] += now - core.start[i]
            queue.push(now + perturbation(core, i).completionDelay, .opEnd, flow.core, flow.op)
            wake(core, now)
        }
        scheduleFlowTick()
    }

    private func scheduleFlowTick() {
        if let next = pool.nextCompletion() { queue.push(next.time, .flowTick, next.version) }
    }
}
