/// Issue and pipe scheduling: program order into per-pipe in-order queues, flags, and scalar stalls.
extension CoreIssuer {
    /// Entry point of every issuing method: queue `action`, or run it at once when nothing is queued ahead.
    @inline(__always)
    func submit(_ action: Action, pipe: Pipe, op: Op, label: StaticString, detail: Int) {
        guard !hasPendingError else { return }
        let inst = Instruction(action: action, pipe: pipe, op: op, label: label, detail: detail, index: nextIndex)
        nextIndex += 1
        submittedSinceStep += 1
        // Timed mode records the whole stream first and schedules it later (Timing/Cluster+Capture.swift).
        if captureOnly { issueQueue.append(inst); return }
        if issueHead == issueQueue.count {
            do {
                if try issue(inst) { return }
            } catch let fault as CoreFault {
                pendingError = fault
                return
            } catch {
                pendingError = .invalidInstruction("\(error)")
                return
            }
        }
        issueQueue.append(inst)
    }

    /// Records the first issue-time error (bad operands); the cluster throws it after the program's step.
    func reject(_ op: Op, _ label: StaticString, _ detail: Int, _ problem: String) {
        guard !hasPendingError else { return }
        pendingError = .invalidInstruction("\(name): \(op) '\(IssueRecord.labelText(label, detail))': \(problem)")
    }

    /// Issues queued instructions until the queue is empty or the scalar unit stalls. Returns whether any issued.
    func issueQueued() throws -> Bool {
        var progressed = false
        while issueHead < issueQueue.count {
            guard try issue(issueQueue[issueHead]) else { break }
            issueHead += 1
            progressed = true
        }
        if issueHead == issueQueue.count && issueHead > 0 {
            issueQueue.removeAll(keepingCapacity: true)
            issueHead = 0
        }
        return progressed
    }

    /// Dispatches one instruction into its pipe (running it if the pipe is free). Returns false when the scalar unit
    /// must stall on it, in which case nothing changed.
    @inline(__always)
    func issue(_ instruction: Instruction) throws -> Bool {
        var inst = instruction
        inst.scalarEpoch = scalarEpoch
        if inst.pipe == .s {
            guard try executeScalar(inst) else { return false }
            scalarEpoch += 1
        } else {
            let bit: UInt8 = 1 << inst.pipe.rawValue
            if blockedPipes & bit != 0 {
                pipeQueues[Int(inst.pipe.rawValue)].append(inst)
            } else if try !execute(inst) {
                pipeQueues[Int(inst.pipe.rawValue)].append(inst)
                blockedPipes |= bit
            }
        }
        if wokenPipes != 0 && !draining { try drainWoken() }
        return true
    }

    /// Runs a pipe instruction. Returns false for a wait whose bit is clear (the pipe blocks on it).
    @inline(__always)
    func execute(_ inst: Instruction) throws -> Bool {
        switch inst.action {
        case let .waitFlag(src, dst, id):
            let slot = Int(src.rawValue) * Pipe.count + Int(dst.rawValue)
            guard flagBits[slot] & (1 << id) != 0 else { return false }
            flagBits[slot] &= ~(1 << id)
        case let .setFlag(src, dst, id):
            try raise(src: src, dst: dst, id: id, by: inst)
        case let .crossSet(flag, targets):
            try crossSet(flag: Int(flag), targets: targets, by: inst)
        default:
            try perform(inst)
        }
        if let sink = context.unretainedSink { sink._withUnsafeGuaranteedRef { recordExecuted(inst, to: $0.sink) } }
        return true
    }

    /// Runs a scalar-unit instruction. Returns false when it must stall.
    func executeScalar(_ inst: Instruction) throws -> Bool {
        switch inst.action {
        case let .waitFlag(src, dst, id):
            let slot = Int(src.rawValue) * Pipe.count + Int(dst.rawValue)
            guard flagBits[slot] & (1 << id) != 0 else { return false }
            flagBits[slot] &= ~(1 << id)
        case .barrierAll:
            guard blockedPipes == 0 else { return false }
        case let .crossWait(flag, count):
            let taken = counters._withUnsafeGuaranteedRef { c in
                guard c.available(flag: Int(flag), on: coreIndex) >= Int(count) else { return false }
                c.consume(flag: Int(flag), on: coreIndex, count: Int(count))
                return true
            }
            guard taken else { return false }
        case let .setFlag(src, dst, id):
            try raise(src: src, dst: dst, id: id, by: inst)
        case let .crossSet(flag, targets):
            try crossSet(flag: Int(flag), targets: targets, by: inst)
        default:
            try perform(inst)
        }
        if let sink = context.unretainedSink { sink._withUnsafeGuaranteedRef { recordExecuted(inst, to: $0.sink) } }
        return true
    }

    /// set_flag: raises the bit, or reports a lost signal if it is already up.
    private func raise(src: Pipe, dst: Pipe, id: UInt8, by inst: Instruction) throws {
        let slot = Int(src.rawValue) * Pipe.count + Int(dst.rawValue)
        let siteSlot = slot * ChipConfig.eventIDs + Int(id)
        if flagBits[slot] & (1 << id) != 0 {
            let lost = LostSignal(site: site(of: inst), src: src, dst: dst, id: Int(id),
                                  pendingSet: site(of: flagSetBy[siteSlot]))
            try context.fault(.lostSignal(lost))
            return
        }
        checkSharedEventID(src: src, dst: dst, id: id, by: inst)
        flagBits[slot] |= 1 << id
        flagSetBy[siteSlot] = SiteRef(index: inst.index, pipe: inst.pipe, op: inst.op, label: inst.label,
                                      detail: inst.detail)
        let dstBit: UInt8 = 1 << dst.rawValue
        if dst != .s && blockedPipes & dstBit != 0 { wokenPipes |= dstBit }
    }

    /// Warns when (src, id) is already live toward another destination pipe.
    private func checkSharedEventID(src: Pipe, dst: Pipe, id: UInt8, by inst: Instruction) {
        for other in Pipe.allCases where other != dst {
            let slot = Int(src.rawValue) * Pipe.count + Int(other.rawValue)
            guard flagBits[slot] & (1 << id) != 0 else { continue }
            let earlier = flagSetBy[slot * ChipConfig.eventIDs + Int(id)]
            let key = SyncWarningKey(kind: .sharedEventID,
                                     numbers: [Int32(coreIndex), Int32(src.rawValue), Int32(id), Int32(other.rawValue),
                                               Int32(dst.rawValue), 0, 0, 0],
                                     first: LabelText(earlier.label), second: LabelText(inst.label))
            context.warn(.sharedEventID, key: key, message:
                "\(name): event (\(src), \(id)) is live toward \(other) (set by \(self.site(of: earlier).map(\.description) ?? "?")) "
                + "and toward \(dst) (set by \(self.site(of: inst))) at once")
        }
    }

    /// An FFTS cross-core set: bumps each target's counter.
    private func crossSet(flag: Int, targets: CoreSet, by inst: Instruction) throws {
        let by = SiteRef(index: inst.index, pipe: inst.pipe, op: inst.op, label: inst.label, detail: inst.detail)
        for t in targets where !counters._withUnsafeGuaranteedRef({ $0.set(flag: flag, from: coreIndex, to: t, by: by) }) {
            try context.fault(.counterOverflow(site: site(of: inst), core: context.coreNames[t], flag: flag))
        }
    }

    /// Runs every pipe a set has released, until each is empty or blocked again.
    func drainWoken() throws {
        draining = true
        defer { draining = false }
        while wokenPipes != 0 {
            let p = wokenPipes.trailingZeroBitCount
            wokenPipes &= ~(1 << UInt8(p))
            while pipeHeads[p] < pipeQueues[p].count {
                guard try execute(pipeQueues[p][pipeHeads[p]]) else { break }
                pipeHeads[p] += 1
            }
            if pipeHeads[p] == pipeQueues[p].count {
                pipeQueues[p].removeAll(keepingCapacity: true)
                pipeHeads[p] = 0
                blockedPipes &= ~(1 << UInt8(p))
            }
        }
    }

    // MARK: Reporting helpers

    func site(of inst: Instruction) -> InstructionSite {
        InstructionSite(core: coreIndex, coreName: name, index: inst.index, pipe: inst.pipe, op: inst.op,
                        label: IssueRecord.labelText(inst.label, inst.detail))
    }

    func site(of ref: SiteRef) -> InstructionSite? {
        guard ref.index >= 0 else { return nil }
        return InstructionSite(core: coreIndex, coreName: name, index: ref.index, pipe: ref.pipe, op: ref.op,
                               label: IssueRecord.labelText(ref.label, ref.detail))
    }

    /// What this core is stuck on: the stalled scalar instruction and every blocked pipe's head wait.
    func pendingWaits() -> [PendingWait] {
        var out: [PendingWait] = []
        if issueHead < issueQueue.count {
            let inst = issueQueue[issueHead]
            out.append(PendingWait(site: site(of: inst), waitsFor: describeWait(inst)))
        }
        for p in 0..<Pipe.count where blockedPipes & (1 << UInt8(p)) != 0 {
            let inst = pipeQueues[p][pipeHeads[p]]
            out.append(PendingWait(site: site(of: inst), waitsFor: describeWait(inst)))
        }
        return out
    }

    private func describeWait(_ inst: Instruction) -> String {
        switch inst.action {
        case let .waitFlag(src, dst, id):
            return "flag \(src)->\(dst) #\(id), which no issued set_flag can raise"
        case let .crossWait(flag, count):
            let has = counters.takeUnretainedValue().available(flag: Int(flag), on: coreIndex)
            return "cross-core flag \(flag) (needs \(count), has \(has))"
        case .barrierAll:
            let names = Pipe.allCases.filter { blockedPipes & (1 << $0.rawValue) != 0 }.map(\.name)
            return "pipe_barrier(PIPE_ALL) to drain blocked pipe(s) \(names.joined(separator: ", "))"
        default:
            return "its turn"
        }
    }
}
