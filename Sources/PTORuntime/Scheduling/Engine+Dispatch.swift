/// Readiness and dispatch: which ready task's blocks go to which idle cores (simpler's scheduler dispatch pass).
extension Engine {
    /// Records that `t`'s last producer completed and queues it; a DUMMY task is completed inline instead.
    func markReady(_ t: TaskNode) {
        t.events.ready = nextEvent()
        t.times.ready = now()
        if t.shape == .dummy {
            t.events.dispatch = t.events.ready
            t.times.dispatch = t.times.ready
            inlineCompletions.append(t)
        } else {
            queues.push(t)
        }
    }

    /// Completes queued DUMMY tasks (and any that become ready through them) without a core.
    func completeInlineTasks() {
        while let t = inlineCompletions.popLast() { complete(t) }
    }

    /// One dispatch pass, in simpler's priority order:
    /// 1. sync-start cohorts, oldest first, each placed whole or not at all. While the oldest cannot fit, nothing
    ///    else is dispatched, so cores drain until it fits (simpler's stop-the-world drain; this is what keeps a
    ///    stream of ordinary tasks from starving a cohort).
    /// 2. MIX tasks, one block per fully idle cluster. If MIX work is still waiting afterwards, single-core tasks
    ///    are held back so they do not fragment the clusters it needs (simpler's MIX strict priority).
    /// 3. AIC tasks, then AIV tasks, one block per idle core.
    /// A task whose blocks outnumber the free units takes what is free, in block order, and stays at the head of its
    /// queue; the rest run in later waves as cores free up.
    func dispatch() {
        guard fatal == nil else { return }
        while let t = queues.syncStart.first {
            guard cores.capacity(t.shape) >= t.launch.blockNum else { return }
            _ = queues.syncStart.pop()
            placeBlocks(of: t)
        }
        while let t = queues.mix.first {
            placeBlocks(of: t)
            guard t.nextBlock == t.launch.blockNum else { break }
            _ = queues.mix.pop()
        }
        if !queues.mix.isEmpty { return }
        while let t = queues.aic.first {
            placeBlocks(of: t)
            guard t.nextBlock == t.launch.blockNum else { break }
            _ = queues.aic.pop()
        }
        while let t = queues.aiv.first {
            placeBlocks(of: t)
            guard t.nextBlock == t.launch.blockNum else { break }
            _ = queues.aiv.pop()
        }
    }

    /// Claims blocks of `t` in index order, one per free unit of its shape, and queues them for the host threads.
    private func placeBlocks(of t: TaskNode) {
        var placed = false
        while t.nextBlock < t.launch.blockNum {
            let placement: BlockJob.Placement
            switch t.shape {
            case .mix:
                guard let c = cores.claimCluster() else { return }
                placement = .cluster(c)
            case .aic, .aiv:
                guard let core = cores.claimCore(t.shape == .aic ? .aic : .aiv) else { return }
                placement = .core(core)
            case .dummy:
                return
            }
            let event = nextEvent()
            let time = now()
            if !placed && t.nextBlock == 0 {
                t.events.dispatch = event
                t.times.dispatch = time
            }
            placed = true
            let (cluster, core): (Int, CoreID?)
            switch placement {
            case let .cluster(c): (cluster, core) = (c, nil)
            case let .core(id): (cluster, core) = (id.cluster, id)
            }
            t.blocks.append(BlockRecord(blockIdx: t.nextBlock, cluster: cluster, core: core, dispatchEvent: event,
                                        startEvent: 0, endEvent: 0, dispatchTime: time, startTime: 0, endTime: 0))
            jobs.push(BlockJob(node: t, blockIdx: t.nextBlock, placement: placement, recordIndex: t.blocks.count - 1))
            t.nextBlock += 1
        }
    }
}
