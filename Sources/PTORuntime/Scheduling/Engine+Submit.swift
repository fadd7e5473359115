import PTONumerics

/// The submit path (simpler's `submit_task_common`): validate, reserve a task slot and heap space (waiting under
/// back-pressure), materialise outputs, find producers, reserve dependency entries, wire, publish.
extension Engine {
    /// A producer found for a task, with what the edge does.
    private struct Edge {
        let producer: TaskNode
        var retain: Bool
    }

    func submit(_ kernels: MixedKernels, _ args: TaskArgs, scope: ScopeFrame) throws -> TaskOutputs {
        try locked {
            try throwIfFatal()
            do {
                return try submitLocked(kernels, args, scope: scope)
            } catch let error as RuntimeError {
                throw fail(error)
            }
        }
    }

    private func submitLocked(_ kernels: MixedKernels, _ args: TaskArgs, scope: ScopeFrame) throws -> TaskOutputs {
        if let message = args.validationError() { throw RuntimeError.invalidArguments(message) }
        try self.kernels.validate(kernels)
        let launch = args.launchSpec
        if launch.requireSyncStart && launch.blockNum > 1 && kernels.shape != .dummy
            && launch.blockNum > cores.total(kernels.shape) {
            throw RuntimeError.syncStartTooWide(kernels: kernels, blockNum: launch.blockNum,
                                                limit: cores.total(kernels.shape),
                                                unit: kernels.shape == .aiv ? "AIV cores" : "clusters")
        }

        let ring = min(scope.depth, RuntimeConfig.ringCount - 1)
        let window = rings[ring].sizes.taskWindow
        if scope.tasks.count >= window - 1 {
            throw RuntimeError.scopeDeadlock(ring: ring, scopeDepth: scope.depth, scopeTasks: scope.tasks.count,
                                             taskWindow: window)
        }

        // Outputs: each create-info padded to 1 KiB, all of a task packed into one heap piece.
        var outputBytes = 0
        for case let .create(info) in args.tensors {
            try ChipTensor.checkShape(info.shape, name: info.name)
            outputBytes += info.paddedByteCount
        }
        if outputBytes > rings[ring].sizes.heapBytes {
            throw RuntimeError.ringDeadlock(ring: ring, resource: .heap, needed: outputBytes, used: 0,
                                            capacity: rings[ring].sizes.heapBytes,
                                            reason: "one task's outputs are larger than the whole heap")
        }

        // Creator-edge producers are pinned before any wait, so their buffers cannot be reclaimed while this submit
        // is blocked.
        var edges: [ObjectIdentifier: Edge] = [:]
        var edgeOrder: [TaskNode] = []
        func addEdge(_ p: TaskNode, retain: Bool) {
            let key = ObjectIdentifier(p)
            if var e = edges[key] {
                if retain && !e.retain { e.retain = true; p.retainers += 1 }
                edges[key] = e
            } else {
                edges[key] = Edge(producer: p, retain: retain)
                edgeOrder.append(p)
                if retain { p.retainers += 1 }
            }
        }
        // An explicit dependency holds its producer until this task completes, like every fanin edge of simpler's
        // runtime: in a manual scope it is what keeps a producer's runtime-allocated outputs alive for its consumers.
        // What the task's record names as its producers: the same edges in the same order, but in program order
        // alone, so a producer the host's threads already completed and reclaimed is still named (the timed model
        // replays these, and must not start a consumer before its producer in modeled time).
        var recorded: [TaskID] = []
        func record(_ id: TaskID) { if !recorded.contains(id) { recorded.append(id) } }
        for id in args.explicitDependencies {
            guard id.ring >= 0 && id.ring < rings.count && id.local >= 0 && id.local < rings[id.ring].window.nextLocal
            else { throw RuntimeError.invalidArguments("explicit dependency on task \(id), which was never submitted") }
            record(id)
            if let p = rings[id.ring].window.task(local: id.local), p.state != .consumed { addEdge(p, retain: true) }
        }
        // A manual scope takes no creator edges and neither looks up nor records TensorMap writers.
        let manual = scope.manual
        for case let .existing(t, _) in args.tensors where !manual {
            guard let owner = t.owner else { continue }
            guard let p = liveOwner(of: t) else {
                unpin(edges.values)
                throw RuntimeError.tensorReclaimed(tensor: t.name, owner: owner)
            }
            addEdge(p, retain: true)
            record(p.id)
        }

        let placement: HeapRing.Placement
        do {
            placement = try reserveSlot(ring: ring, bytes: outputBytes)
        } catch {
            unpin(edges.values)
            throw error
        }
        let id = TaskID(ring: ring, local: rings[ring].window.nextLocal)
        let node = TaskNode(id: id, kernels: kernels, launch: launch, scopeDepth: scope.depth, scalars: args.scalars)
        rings[ring].window.push(node)
        rings[ring].submitted += 1
        node.heapOffset = placement.offset
        node.heapCharged = placement.charged
        node.heapEnd = placement.end
        node.heapBytes = outputBytes
        scope.tasks.append(node)
        tasks.append(node)
        incomplete += 1

        let outputs = materialise(args, node: node, ring: ring)

        // TensorMap: every lookup before any registration, so a task never depends on itself.
        for (t, direction) in zip(node.tensors, node.directions) where !manual && !t.manualDep {
            if direction == .input || direction == .inout {
                node.tensorMapLookups += 1
                let found = tensorMap.lookup(t, supersede: direction == .inout)
                for p in found.live { addEdge(p, retain: false) }
                for p in found.programOrder { record(p.id) }
            }
        }
        for (t, direction) in zip(node.tensors, node.directions) where !manual && !t.manualDep {
            if direction == .inout || direction == .outputExisting {
                node.tensorMapInserts += 1
                tensorMap.recordWriter(t, producer: node)
            }
        }

        try reserveDependencyEntries(for: node, producers: edgeOrder)
        node.producers = recorded
        for p in edgeOrder {
            if p.state < .completed {
                p.fanout.append(node)
                node.pendingFanin += 1
            }
            if edges[ObjectIdentifier(p)]!.retain { node.retained.append(p) }
        }

        node.events.submit = nextEvent()
        node.times.submit = now()
        if node.pendingFanin == 0 { markReady(node) }
        completeInlineTasks()
        dispatch()
        lock.broadcast()
        return TaskOutputs(taskID: id, outputs: outputs)
    }

    private func unpin(_ edges: Dictionary<ObjectIdentifier, Edge>.Values) {
        for e in edges where e.retain { e.producer.retainers -= 1; tryConsume(e.producer) }
    }

    /// Builds the task's tensor list: existing tensors as given, create-infos as views into its heap piece.
    private func materialise(_ args: TaskArgs, node: TaskNode, ring: Int) -> [ChipTensor] {
        var outputs: [ChipTensor] = []
        var offset = node.heapOffset
        for entry in args.tensors {
            switch entry {
            case let .existing(t, direction):
                node.tensors.append(t)
                node.tensorNames.append(t.name)
                node.directions.append(direction)
            case let .create(info):
                let memory = rings[ring].heapMemory()
                let raw = memory.base + offset
                let tensor = Tensor(dtype: info.dtype, shape: info.shape, adopting: raw,
                                    release: { _, _ in withExtendedLifetime(memory) {} })
                if let v = info.initialValue { fill(tensor, with: v) }
                let t = ChipTensor(tensor: tensor, name: info.name, startOffset: 0, shape: info.shape,
                                   strides: ChipTensor.rowMajor(info.shape), owner: node.id, ownerRun: token,
                                   manualDep: info.manualDep)
                node.tensors.append(t)
                node.tensorNames.append(t.name)
                node.directions.append(.output)
                outputs.append(t)
                offset += info.paddedByteCount
            }
        }
        return outputs
    }

    private func fill(_ t: Tensor, with v: Float) {
        switch t.dtype {
        case .f32: t.f32.update(repeating: v, count: t.count)
        case .bf16: t.bf16.update(repeating: BFloat16(v).bitPattern, count: t.count)
        case .i32: t.i32.update(repeating: Int32(v), count: t.count)
        case .i64: t.i64.update(repeating: Int64(v), count: t.count)
        }
    }
}
