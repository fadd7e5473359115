/// Block and task completion (simpler's `on_task_complete` / `on_task_release`).
extension Engine {
    /// Frees the block's core(s), records its end, and completes the task after its last block. Lock held.
    func finishBlock(_ job: BlockJob, error: Error?) {
        let t = job.node
        t.blocks[job.recordIndex].endEvent = nextEvent()
        t.blocks[job.recordIndex].endTime = now()
        switch job.placement {
        case let .core(core): cores.release(core)
        case let .cluster(c): cores.release(cluster: c)
        }
        if let error {
            let message = (error as? RuntimeError)?.description ?? String(describing: error)
            fail(.kernelFailed(task: t.id, kernels: t.kernels, blockIdx: job.blockIdx, message: message))
        }
        t.blocksDone += 1
        if t.blocksDone == t.launch.blockNum && fatal == nil { complete(t) }
        completeInlineTasks()
        dispatch()
        lock.broadcast()
    }

    /// Marks `t` COMPLETED, readies consumers whose last producer it was, releases the producers it retained, and
    /// consumes whatever that allows. Lock held.
    func complete(_ t: TaskNode) {
        t.state = .completed
        t.events.complete = nextEvent()
        t.times.complete = now()
        incomplete -= 1
        for consumer in t.fanout {
            consumer.pendingFanin -= 1
            if consumer.pendingFanin == 0 { markReady(consumer) }
        }
        t.fanout = []
        for producer in t.retained {
            producer.retainers -= 1
            tryConsume(producer)
        }
        t.retained = []
        tryConsume(t)
    }

    /// Drops blocks that were placed but never started, after a fatal error.
    func abandon(_ job: BlockJob) {
        switch job.placement {
        case let .core(core): cores.release(core)
        case let .cluster(c): cores.release(cluster: c)
        }
    }
}
