/// The adversarial schedule: for each hazard the race checker finds in the nominal timing (one instance of each
/// distinct hazard), the delay that makes the later access observe the wrong data, found by re-simulating until
/// every targeted pair runs the harmful way round (or a round limit is reached).
extension TimedChip {
    /// Rounds of "delay, re-simulate, check" before giving up on a pair.
    static let adversarialRounds = 8
    /// Cycles past the exact crossing point, so the harmful order is strict.
    static let adversarialMargin = 16.0

    /// One hazard the adversarial schedule aims at: `block` indexes the captured blocks the engine runs.
    struct AdversarialAim {
        var block: Int
        var hazard: Hazard
    }

    /// The delays of the adversarial schedule. `simulate` runs the whole launch under a perturber and returns the
    /// engine with its timing (the one-task model or the runtime replay; no data effects needed). The first run is
    /// nominal; each later one adds, for every pair still in the harmless order, the delay that crosses it.
    func adversarialPerturber(blocks: [CapturedBlock],
                              simulate: (Perturber) -> TimingEngine) -> (Perturber, [AdversarialAim]) {
        var engine = simulate(.nominal)
        // One instance per distinct hazard, as `ptosim check` reports them (merged over tasks, blocks, lanes and KV
        // steps): the first instance in the lowest (task, block). One corrupted tile, like one failing run on the chip.
        var aims: [AdversarialAim] = []
        var seen = Set<String>()
        for b in blocks.indices.sorted(by: { (blocks[$0].task, blocks[$0].hardwareBlock)
                                               < (blocks[$1].task, blocks[$1].hardwareBlock) }) {
            for h in Self.hazards(block: b, engine: engine, blocks: blocks, overlapping: options.adversarialOverlap)
            where seen.insert(Self.identity(h)).inserted {
                aims.append(AdversarialAim(block: b, hazard: h))
            }
        }
        guard !aims.isEmpty else { return (.nominal, []) }
        var explicit: [InstructionKey: Perturbation] = [:]
        for _ in 0..<Self.adversarialRounds {
            var increments: [InstructionKey: Perturbation] = [:]
            for t in aims {
                let (first, second) = Self.times(t.hazard, block: t.block, engine: engine)
                guard !Self.harmful(t.hazard.kind, first: first, second: second) else { continue }
                let key = Self.key(t, blocks: blocks)
                var inc = increments[key] ?? .none
                switch t.hazard.kind {
                case .war: inc.stall = max(inc.stall, second.end - first.start + Self.adversarialMargin)
                case .raw: inc.completionDelay = max(inc.completionDelay, second.start - first.end + Self.adversarialMargin)
                case .waw: inc.completionDelay = max(inc.completionDelay, second.end - first.end + Self.adversarialMargin)
                }
                increments[key] = inc
            }
            if increments.isEmpty { break }
            for (key, inc) in increments {
                var p = explicit[key] ?? .none
                p.stall += max(0, inc.stall)
                p.completionDelay += max(0, inc.completionDelay)
                explicit[key] = p
            }
            engine = simulate(Perturber(explicit: explicit))
        }
        return (Perturber(explicit: explicit), aims)
    }

    /// The perturbation key of an aim's first access: its task, block, capture slot and issue index.
    static func key(_ t: AdversarialAim, blocks: [CapturedBlock]) -> InstructionKey {
        InstructionKey(task: blocks[t.block].task, block: blocks[t.block].hardwareBlock, core: t.hazard.first.core,
                       index: t.hazard.first.index)
    }

    /// The report of each aim: the delay `perturber` gives its first access and whether the pair ran the harmful way
    /// round in `engine` (the final run). `taskNumber` maps a captured task key to what the report calls the task.
    static func adversarialTargets(_ aims: [AdversarialAim], perturber: Perturber, engine: TimingEngine,
                                   blocks: [CapturedBlock],
                                   taskNumber: (Int) -> Int = { $0 }) -> [TimedRun.AdversarialTarget] {
        aims.map { t in
            let p = perturber.explicit[key(t, blocks: blocks)] ?? .none
            let isStall = t.hazard.kind == .war
            let (first, second) = times(t.hazard, block: t.block, engine: engine)
            return TimedRun.AdversarialTarget(hazard: t.hazard, task: taskNumber(blocks[t.block].task),
                                              hardwareBlock: blocks[t.block].hardwareBlock,
                                              delayKind: isStall ? "stall" : "completion",
                                              delayCycles: isStall ? p.stall : p.completionDelay,
                                              realized: harmful(t.hazard.kind, first: first, second: second))
        }
    }

    /// What makes two hazards the same finding: kind, space and both sites' labels without their KV index.
    static func identity(_ h: Hazard) -> String {
        func site(_ label: String) -> String {
            guard label.hasSuffix("]"), let open = label.lastIndex(of: "[") else { return label }
            return String(label[..<open])
        }
        return "\(h.kind.rawValue) \(h.space) \(h.first.op) \(site(h.first.label)) \(h.second.op) \(site(h.second.label))"
    }

    /// Whether the pair ran so that the later access saw the wrong data: a WAR's read started after the write
    /// landed; a RAW's read started before the write landed; a WAW's first write landed last.
    static func harmful(_ kind: Hazard.Kind, first: (start: Double, end: Double),
                        second: (start: Double, end: Double)) -> Bool {
        guard first.start >= 0, second.start >= 0, first.end >= 0, second.end >= 0 else { return false }
        switch kind {
        case .war: return first.start >= second.end
        case .raw: return second.start < first.end
        case .waw: return first.end > second.end
        }
    }

    static func times(_ h: Hazard, block b: Int,
                      engine: TimingEngine) -> ((start: Double, end: Double), (start: Double, end: Double)) {
        let f = engine.cores[b * 3 + h.first.core], s = engine.cores[b * 3 + h.second.core]
        return ((f.start[h.first.index], f.end[h.first.index]), (s.start[h.second.index], s.end[h.second.index]))
    }

    /// The race checker over one block's records in the order the timing ran them (sets at their completion,
    /// everything else at its start), consecutive instructions of `overlapping` pipes unordered: each hazard it
    /// reports, first instance only.
    static func hazards(block b: Int, engine: TimingEngine, blocks: [CapturedBlock],
                        overlapping: Set<Pipe> = []) -> [Hazard] {
        struct Item { var time: Double; var rank: Int; var core: Int; var index: Int }
        var items: [Item] = []
        for c in 0..<3 {
            let core = engine.cores[b * 3 + c]
            for (i, op) in core.ops.enumerated() where core.start[i] >= 0 {
                let isSet = op.kind == .setFlag || op.kind == .crossSet
                items.append(Item(time: isSet ? core.end[i] : core.start[i], rank: isSet ? 0 : 1, core: c, index: i))
            }
        }
        items.sort { ($0.time, $0.rank, $0.core, $0.index) < ($1.time, $1.rank, $1.core, $1.index) }
        let checker = RaceChecker(overlappingPipes: overlapping)
        let block = blocks[b]
        for item in items {
            // By capture slot: a single-core task's issuer numbers its core 0 whichever slot it was captured on.
            var record = block.issuer(item.core).makeRecord(block.streams[item.core][item.index])
            record.core = item.core
            checker.record(record)
        }
        // The checker names the pair in the order the records reached it (their start times). For two instructions
        // of one core, what the program means is issue order: a read issued before a write it races with is a WAR
        // even if the write's transfer happened to start first.
        return checker.hazards.map { h in
            guard h.first.core == h.second.core, h.first.index > h.second.index else { return h }
            var swapped = h
            swapped.first = h.second
            swapped.second = h.first
            swapped.kind = h.kind == .raw ? .war : (h.kind == .war ? .raw : .waw)
            return swapped
        }
    }
}
