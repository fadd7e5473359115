/// The adversarial schedule: for each hazard the race checker finds in the nominal timing (one instance of each
/// distinct hazard), the delay that makes the later access observe the wrong data, found by re-simulating until
/// every targeted pair runs the harmful way round (or a round limit is reached).
extension TimedChip {
    /// Rounds of "delay, re-simulate, check" before giving up on a pair.
    static let adversarialRounds = 8
    /// Cycles past the exact crossing point, so the harmful order is strict.
    static let adversarialMargin = 16.0

    func adversarialPerturber(blocks: [CapturedBlock], specs: [TimingEngine.BlockSpec], start: Double,
                              between: Double) -> (Perturber, [TimedRun.AdversarialTarget]) {
        var engine = makeEngine(blocks: blocks, specs: specs, perturber: .nominal)
        engine.run(firstStart: start, betweenBlocks: between)
        // One instance per distinct hazard, as `ptosim check` reports them (merged over blocks, lanes and KV steps):
        // the first instance in the lowest hardware block. One corrupted tile, like one failing run on the chip.
        var targets: [(block: Int, hazard: Hazard)] = []
        var seen = Set<String>()
        for b in blocks.indices.sorted(by: { blocks[$0].hardwareBlock < blocks[$1].hardwareBlock }) {
            for h in Self.hazards(block: b, engine: engine, blocks: blocks)
            where seen.insert(Self.identity(h)).inserted {
                targets.append((b, h))
            }
        }
        guard !targets.isEmpty else { return (.nominal, []) }
        var explicit: [InstructionKey: Perturbation] = [:]
        for _ in 0..<Self.adversarialRounds {
            var increments: [InstructionKey: Perturbation] = [:]
            for t in targets {
                let (first, second) = Self.times(t.hazard, block: t.block, engine: engine)
                guard !Self.harmful(t.hazard.kind, first: first, second: second) else { continue }
                let key = InstructionKey(block: blocks[t.block].hardwareBlock, core: t.hazard.first.core,
                                         index: t.hazard.first.index)
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
            engine = makeEngine(blocks: blocks, specs: specs, perturber: Perturber(explicit: explicit))
            engine.run(firstStart: start, betweenBlocks: between)
        }
        let list = targets.map { t -> TimedRun.AdversarialTarget in
            let key = InstructionKey(block: blocks[t.block].hardwareBlock, core: t.hazard.first.core,
                                     index: t.hazard.first.index)
            let p = explicit[key] ?? .none
            let isStall = t.hazard.kind == .war
            return TimedRun.AdversarialTarget(hazard: t.hazard, hardwareBlock: blocks[t.block].hardwareBlock,
                                              delayKind: isStall ? "stall" : "completion",
                                              delayCycles: isStall ? p.stall : p.completionDelay, realized: false)
        }
        return (Perturber(explicit: explicit), list)
    }

    /// What makes two hazards the same finding: kind, space and both sites' labels without their KV index.
    static func identity(_ h: Hazard) -> String {
        func site(_ label: String) -> String {
            guard label.hasSuffix("]"), let open = label.lastIndex(of: "[") else { return label }
            return String(label[..<open])
        }
        return "\(h.kind.rawValue) \(h.space) \(h.first.op) \(site(h.first.label)) \(h.second.op) \(site(h.second.label))"
    }

    /// Marks which targets ran the harmful way round in `engine`'s timing.
    static func verify(_ targets: [TimedRun.AdversarialTarget], engine: TimingEngine,
                       blocks: [CapturedBlock]) -> [TimedRun.AdversarialTarget] {
        targets.map { t in
            var t = t
            if let b = blocks.firstIndex(where: { $0.hardwareBlock == t.hardwareBlock }) {
                let (first, second) = times(t.hazard, block: b, engine: engine)
                t.realized = harmful(t.hazard.kind, first: first, second: second)
            }
            return t
        }
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
    /// everything else at its start): each hazard it reports, first instance only.
    static func hazards(block b: Int, engine: TimingEngine, blocks: [CapturedBlock]) -> [Hazard] {
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
        let checker = RaceChecker()
        let block = blocks[b]
        for item in items {
            checker.record(block.issuer(item.core).makeRecord(block.streams[item.core][item.index]))
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
