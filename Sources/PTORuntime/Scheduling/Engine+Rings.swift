/// Ring allocation with back-pressure, deadlock detection, and in-order reclaim.
extension Engine {
    /// Reserves the next task slot of `ring` and `bytes` of its heap together, waiting while either is full
    /// (simpler's `PTO2TaskAllocator::alloc`). Lock held; released while waiting.
    func reserveSlot(ring r: Int, bytes: Int) throws -> HeapRing.Placement {
        var waited = false
        while true {
            try throwIfFatal()
            let blocking: RingResource
            if !rings[r].window.hasRoom {
                blocking = .taskWindow
            } else if let placement = rings[r].heap.allocate(bytes) {
                return placement
            } else {
                blocking = .heap
            }
            let needed = blocking == .heap ? bytes : 1
            try checkProgress(ring: r, resource: blocking, needed: needed)
            if !waited {
                waited = true
                rings[r].waits[blocking, default: 0] += 1
            }
            lock.wait()
        }
    }

    /// Reserves one dependency entry per producer that has not completed, waiting while the pool is full
    /// (simpler's `ensure_space`). Lock held; released while waiting.
    func reserveDependencyEntries(for node: TaskNode, producers: [TaskNode]) throws {
        let r = node.id.ring
        var waited = false
        while true {
            try throwIfFatal()
            let needed = producers.reduce(0) { $0 + ($1.state < .completed ? 1 : 0) }
            if needed > rings[r].sizes.depPool {
                throw RuntimeError.ringDeadlock(ring: r, resource: .depPool, needed: needed, used: 0,
                                                capacity: rings[r].sizes.depPool,
                                                reason: "one task waits on more producers than the pool holds")
            }
            if rings[r].deps.take(needed) {
                node.depPoolMark = rings[r].deps.top
                return
            }
            try checkProgress(ring: r, resource: .depPool, needed: needed)
            if !waited {
                waited = true
                rings[r].waits[.depPool, default: 0] += 1
            }
            lock.wait()
        }
    }

    /// Throws when a blocked orchestrator could never be released: the ring's oldest live task belongs to a scope
    /// that is still open (it cannot be reclaimed before that scope ends, and the scope cannot end while the
    /// orchestrator waits), or no block is running or queued that could free anything.
    private func checkProgress(ring r: Int, resource: RingResource, needed: Int) throws {
        let used: Int
        let capacity: Int
        switch resource {
        case .taskWindow: (used, capacity) = (rings[r].window.inFlight, rings[r].sizes.taskWindow)
        case .heap: (used, capacity) = (rings[r].heap.used, rings[r].sizes.heapBytes)
        case .depPool: (used, capacity) = (rings[r].deps.used, rings[r].sizes.depPool)
        }
        if let oldest = rings[r].window.oldest, !oldest.scopeReleased {
            throw RuntimeError.ringDeadlock(
                ring: r, resource: resource, needed: needed, used: used, capacity: capacity,
                reason: "the oldest live task \(oldest.id) belongs to a scope (depth \(oldest.scopeDepth)) that is "
                    + "still open, so nothing on this ring can be reclaimed before that scope ends")
        }
        if runningBlocks == 0 && jobs.isEmpty && inlineCompletions.isEmpty {
            let oldest = rings[r].window.oldest.map { "\($0.id)" } ?? "none"
            throw RuntimeError.ringDeadlock(
                ring: r, resource: resource, needed: needed, used: used, capacity: capacity,
                reason: "no block is running or queued that could free it (oldest live task \(oldest) is retained "
                    + "by a task that cannot be wired until space frees)")
        }
    }

    /// Releases the scope reference of every task of an ending scope (simpler's `on_scope_end`).
    func endScope(_ scope: ScopeFrame) throws {
        try locked {
            try throwIfFatal()
            for t in scope.tasks {
                t.scopeReleased = true
                tryConsume(t)
            }
            scope.tasks.removeAll()
            lock.broadcast()
        }
    }

    /// Marks `t` CONSUMED when it has completed, its scope has ended and no consumer retains it; then reclaims its
    /// ring's consumed prefix. Lock held.
    func tryConsume(_ t: TaskNode) {
        guard t.state == .completed, t.scopeReleased, t.retainers == 0 else { return }
        t.state = .consumed
        t.events.consumed = nextEvent()
        reclaim(ring: t.id.ring)
    }

    /// Advances the ring's tail over consumed tasks, returning their slots, heap bytes and dependency entries.
    private func reclaim(ring r: Int) {
        var advanced = false
        while let t = rings[r].window.popConsumed() {
            advanced = true
            if t.heapBytes > 0 && config.poisonReclaimedOutputs, let memory = rings[r].memory {
                // NaN in both fp32 and bf16: a kernel reading a reclaimed output cannot mistake it for data.
                (memory.base + t.heapOffset).initializeMemory(as: UInt8.self, repeating: 0xFF, count: t.heapBytes)
            }
            rings[r].heap.release(charged: t.heapCharged, end: t.heapEnd)
            rings[r].deps.release(upTo: t.depPoolMark)
            // The node stays in `tasks` for its record; its tensors (and through them the heap) are no longer needed.
            t.tensors = []
        }
        if advanced { lock.broadcast() }
    }
}
