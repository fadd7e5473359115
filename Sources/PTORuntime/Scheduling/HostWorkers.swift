import Foundation

/// The host threads that execute dispatched blocks: simpler's AICore threads, folded onto as many host threads as
/// the host has cores. A worker takes the oldest placed block, runs its kernel body (or the cluster-block hook for a
/// MIX block) outside the lock, then reports it finished.
extension Engine {
    /// Starts `config.hostThreads` workers.
    func startWorkers() {
        locked { liveWorkers = config.hostThreads }
        for i in 0..<config.hostThreads {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "ptosim-core-\(i)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Tells the workers to exit once the job queue is empty and waits until they have.
    func stopWorkers() {
        locked {
            stopping = true
            lock.broadcast()
            while liveWorkers > 0 { lock.wait() }
        }
    }

    private func workerLoop() {
        lock.lock()
        while true {
            while jobs.isEmpty && !stopping { lock.wait() }
            guard let job = jobs.pop() else { break }
            if fatal != nil {
                abandon(job)
                continue
            }
            runningBlocks += 1
            job.node.blocks[job.recordIndex].startEvent = nextEvent()
            job.node.blocks[job.recordIndex].startTime = now()
            let work = prepare(job)
            lock.unlock()
            var failure: Error?
            do { try work() } catch { failure = error }
            lock.lock()
            runningBlocks -= 1
            finishBlock(job, error: failure)
        }
        liveWorkers -= 1
        lock.broadcast()
        lock.unlock()
    }

    /// Captures, under the lock, everything the block needs, and returns the call to make outside it.
    private func prepare(_ job: BlockJob) -> () throws -> Void {
        let t = job.node
        let (tensors, scalars, kernels) = (t.tensors, t.scalars, t.kernels)
        let (id, blockIdx, blockNum) = (t.id, job.blockIdx, t.launch.blockNum)
        switch job.placement {
        case let .core(core):
            let kernel = core.type == .aic ? kernels.aic : kernels.aiv0
            let body = self.kernels.body(kernel)!
            let context = BlockContext(task: id, tensors: tensors, scalars: scalars, blockIdx: blockIdx,
                                       blockNum: blockNum, subBlockId: core.lane, core: core, kernel: kernel)
            return { try body(context) }
        case let .cluster(c):
            let hook = self.kernels.clusterRunner(for: kernels)!
            let block = ClusterBlock(task: id, kernels: kernels, cluster: c, blockIdx: blockIdx, blockNum: blockNum,
                                     tensors: tensors, scalars: scalars)
            return { try hook(block) }
        }
    }
}
