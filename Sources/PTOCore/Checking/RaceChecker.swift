/// A happens-before race checker over issue records (vector clocks, one component per (core, pipe)).
///
/// Happens-before comes from: program order inside each pipe; issue order (an instruction inherits what the scalar
/// unit knew when it issued it); set_flag → wait_flag pairs as the hardware matched them; scalar waits;
/// pipe_barrier(PIPE_ALL); and cross-core sets → wait_flag_dev (counting: the k-th consume of a flag matches the
/// k-th set from each source; an AIC's consume joins the matching set of every AIV in its reduce group).
/// Every pair of accesses to overlapping bytes, one a write, that this order leaves unordered is a hazard. Repeats
/// of the same pair of instructions (labels without details) are merged with a count.
///
/// The checker also warns when a set_flag is not ordered after the wait that consumed the previous set of the same
/// flag (a slower consumer would let the set be absorbed), and when consecutive cross-core sets of one flag from one
/// core are unordered (the wait's match would depend on timing). Under those two conditions the matching the run
/// observed is the only possible one, so the hazard analysis holds for every schedule.
public final class RaceChecker: RecordSink {
    /// Name and kind of each core, by the index records use.
    public let coreNames: [String]
    public let coreKinds: [CoreKind]
    private let reduceGroups: [[Int]]
    private let components: Int

    /// Pipes whose consecutive instructions may overlap (see `init`).
    public let overlappingPipes: Set<Pipe>
    /// The same, one bit per pipe (bit = raw value), so a record tests it without hashing.
    private let overlappingMask: UInt32
    private var pipeClocks: [VectorClock]
    /// Instructions recorded per component (the epoch of the next one is this + 1).
    private var issued: [UInt32]
    /// Per core, the scalar unit's clock after each of its S-pipe instructions (index = scalar epoch), stored
    /// compactly: there is one per scalar instruction of the run. Freed in `deinit`.
    private var scalarSnapshots: [ClockLog]
    /// Pending intra-core sets by flag (`flagKey`: core, src, dst, id): the clock of the set that raised the bit.
    /// Flat tables indexed by the key, as every set and wait looks one up.
    private var pendingSets: [VectorClock?]
    /// The wait that consumed the last set of each flag (by `flagKey`).
    private var lastWaits: [AccessEpoch?]
    /// Cross-core sets not yet consumed, per (target, flag, lane).
    private var crossQueues: [Int: [VectorClock]] = [:]
    private var crossHeads: [Int: Int] = [:]
    /// The last cross-core set per (source core, flag), index `core * ChipConfig.crossCoreFlags + flag`.
    private var lastCrossSets: [AccessEpoch?]
    /// Shadow memory per (owner core + 1, space), made on first access (index `(owner + 1) * Space.count + space`).
    /// Held unretained: `shadowOwners` keeps each alive for the checker's life, so an access does not pay for
    /// reference counting on the shadow it goes through.
    private var shadows: [Unmanaged<ShadowMemory>?]
    /// Shadows for keys outside that table (a record naming a core the checker was not told about).
    private var otherShadows: [Int: Unmanaged<ShadowMemory>] = [:]
    private var shadowOwners: [ShadowMemory] = []
    /// The conflicts of the access being checked; emptied and reused for every access.
    private var conflicts: [ShadowMemory.Conflict] = []

    private var hazardList: [Hazard] = []
    private var hazardIndex: [HazardKey: Int] = [:]
    private var warningList: [SyncWarning] = []
    private var warningIndex: [SyncWarningKey: Int] = [:]
    /// The warning each flag raised last, with its two label literals, per kind (unordered set_flag by `flagKey`,
    /// unordered cross-core set by source key): a repeat with the same literals counts it without hashing a key.
    private var unorderedSetMemo: [WarningMemo?]
    private var unorderedCrossSetMemo: [WarningMemo?]

    private struct WarningMemo {
        let label: StaticString
        let otherLabel: StaticString
        let index: Int
    }

    /// Hazards found so far, in the order first seen.
    public var hazards: [Hazard] { hazardList }
    /// Sync warnings found so far.
    public var warnings: [SyncWarning] { warningList }

    /// A checker for cores with the given names and kinds. `reduceGroups[c]` lists the cores whose sets an AIC `c`
    /// needs from each before its counter rises (empty for AIVs).
    ///
    /// `overlappingPipes` (default none) drops program order as an ordering inside those pipes: consecutive
    /// instructions may overlap, and only `pipe_barrier` on the pipe, PIPE_ALL, or an edge through another pipe
    /// orders them. A later instruction reading (RAW) or writing (WAW) bytes an earlier one of the same pipe writes
    /// is then reported, which finds a missing `pipe_barrier(PIPE_V)`. Same-pipe WAR is not reported: a pipe reads
    /// its operands in issue order.
    public init(coreNames: [String], coreKinds: [CoreKind], reduceGroups: [[Int]], overlappingPipes: Set<Pipe> = []) {
        self.coreNames = coreNames
        self.coreKinds = coreKinds
        self.reduceGroups = reduceGroups
        self.overlappingPipes = overlappingPipes
        overlappingMask = overlappingPipes.reduce(0) { $0 | (1 << UInt32($1.rawValue)) }
        components = coreNames.count * Pipe.count
        pipeClocks = Array(repeating: VectorClock(components: components), count: components)
        issued = Array(repeating: 0, count: components)
        let zero = VectorClock(components: components)
        scalarSnapshots = (0..<coreNames.count).map { _ in
            var log = ClockLog(width: zero.count)
            log.append(zero)
            return log
        }
        shadows = Array(repeating: nil, count: (coreNames.count + 1) * Space.count)
        let flags = coreNames.count * Pipe.count * Pipe.count * ChipConfig.eventIDs
        pendingSets = Array(repeating: nil, count: flags)
        lastWaits = Array(repeating: nil, count: flags)
        unorderedSetMemo = Array(repeating: nil, count: flags)
        lastCrossSets = Array(repeating: nil, count: coreNames.count * ChipConfig.crossCoreFlags)
        unorderedCrossSetMemo = Array(repeating: nil, count: coreNames.count * ChipConfig.crossCoreFlags)
    }

    deinit {
        for log in scalarSnapshots { log.deallocate() }
    }

    /// A checker for one cluster (core 0 = AIC, 1 = AIV0, 2 = AIV1). Attach a fresh one to each run.
    public convenience init(overlappingPipes: Set<Pipe> = []) {
        self.init(coreNames: ["aic", "aiv0", "aiv1"], coreKinds: [.aic, .aiv, .aiv], reduceGroups: [[1, 2], [], []],
                  overlappingPipes: overlappingPipes)
    }

    public func record(_ r: IssueRecord) {
        let k = r.core * Pipe.count + Int(r.pipe.rawValue)
        var clock = pipeClocks[k]
        if r.pipe != .s {
            // Issue order: the instruction knows whatever the scalar unit knew when it issued it.
            let log = scalarSnapshots[r.core]
            clock.join(entries: log.entries(min(r.scalarEpoch, log.count - 1)))
        }
        acquire(r, into: &clock)
        issued[k] += 1
        let tick = issued[k]
        // In an in-order pipe every earlier instruction of the pipe has finished; in an overlapping one only those
        // before its last pipe_barrier (or learnt through another path) have.
        let overlaps = overlappingMask & (1 << UInt32(r.pipe.rawValue)) != 0 && r.event != .barrier(.pipe(r.pipe))
        if !overlaps { clock[k] = tick }
        let epoch = AccessEpoch(component: Int32(k), clock: tick, core: Int32(r.core), index: r.index, pipe: r.pipe,
                                op: r.op, label: r.label, detail: r.detail)
        for range in r.reads { check(range, isWrite: false, epoch, clock) }
        for range in r.writes { check(range, isWrite: true, epoch, clock) }
        switch r.event {
        case .setFlag, .waitFlag, .crossSet:
            // A set fires only after all earlier work of its pipe has finished, overlapping or not.
            var released = clock
            released[k] = tick
            release(r, clock: released, epoch: epoch)
        default:
            break  // nothing to release: the clock is not copied
        }
        pipeClocks[k] = clock
        if r.pipe == .s { scalarSnapshots[r.core].append(clock) }
    }

    // MARK: Happens-before edges

    private func acquire(_ r: IssueRecord, into clock: inout VectorClock) {
        switch r.event {
        case let .waitFlag(src, dst, id):
            let key = flagKey(r.core, src, dst, id)
            if let set = pendingSets[key] {
                clock.join(set)
                pendingSets[key] = nil
            }
        case .barrier(.all):
            // PIPE_ALL waits for every pipe to finish everything issued so far.
            for p in 0..<Pipe.count {
                let c = r.core * Pipe.count + p
                // Joined in place, then entry c raised to all the pipe issued (no entry of a clock exceeds that).
                clock.join(pipeClocks[c])
                if clock[c] < issued[c] { clock[c] = issued[c] }
            }
        case let .crossWait(flag, count):
            let lanes = reduceGroups[r.core].isEmpty ? [0] : reduceGroups[r.core]
            for _ in 0..<count {
                for lane in lanes {
                    let key = crossKey(r.core, flag, lane)
                    let head = crossHeads[key, default: 0]
                    guard let queue = crossQueues[key], head < queue.count else { continue }
                    clock.join(queue[head])
                    crossHeads[key] = head + 1
                }
            }
        default:
            break
        }
    }

    private func release(_ r: IssueRecord, clock: VectorClock, epoch: AccessEpoch) {
        switch r.event {
        case let .setFlag(src, dst, id):
            let key = flagKey(r.core, src, dst, id)
            if let wait = lastWaits[key], !clock.knows(Int(wait.component), wait.clock) {
                warn(.unorderedSet, flag: key, r.label, wait.label, message:
                    "\(site(epoch)) set_flag(\(src)->\(dst), \(id)) is not ordered after \(site(wait)), the wait "
                    + "that consumed the previous set: if \(dst) lags, this set finds the bit still up and is lost")
            }
            // A second set before the wait is absorbed by the hardware bit: keep the first.
            if pendingSets[key] == nil { pendingSets[key] = clock }
        case let .waitFlag(src, dst, id):
            lastWaits[flagKey(r.core, src, dst, id)] = epoch
        case let .crossSet(flag, targets):
            let sourceKey = r.core * ChipConfig.crossCoreFlags + flag
            if let last = lastCrossSets[sourceKey], !clock.knows(Int(last.component), last.clock) {
                warn(.unorderedCrossSet, flag: sourceKey, r.label, last.label, message:
                    "\(site(epoch)) cross-core set of flag \(flag) is not ordered after \(site(last)), an earlier "
                    + "set of the same flag: which one a wait consumes depends on timing")
            }
            lastCrossSets[sourceKey] = epoch
            for t in targets {
                let lane = reduceGroups[t].isEmpty ? 0 : r.core
                crossQueues[crossKey(t, flag, lane), default: []].append(clock)
            }
        default:
            break
        }
    }

    // MARK: Memory

    private func check(_ range: MemoryRange, isWrite: Bool, _ epoch: AccessEpoch, _ clock: VectorClock) {
        let owner = range.space == .gm ? -1 : Int(epoch.core)
        let key = (owner + 1) * Space.count + Int(range.space.rawValue)
        let shadow: Unmanaged<ShadowMemory>
        if key >= 0 && key < shadows.count {
            if let s = shadows[key] { shadow = s } else { shadow = newShadow(); shadows[key] = shadow }
        } else if let s = otherShadows[key] {
            shadow = s
        } else {
            shadow = newShadow()
            otherShadows[key] = shadow
        }
        conflicts.removeAll(keepingCapacity: true)
        shadow._withUnsafeGuaranteedRef {
            $0.access(start: range.offset, end: range.end, isWrite: isWrite, by: epoch, clock: clock, into: &conflicts)
        }
        if conflicts.isEmpty { return }
        // Within one pipe operands are read in issue order, so a later write cannot overtake an earlier read.
        for c in conflicts where !(c.kind == .war && c.earlier.component == epoch.component) {
            report(c.kind, range.space, owner: owner, start: c.start, end: c.end, first: c.earlier, second: epoch)
        }
    }

    private func newShadow() -> Unmanaged<ShadowMemory> {
        let shadow = ShadowMemory()
        shadowOwners.append(shadow)
        return Unmanaged.passUnretained(shadow)
    }

    private func report(_ kind: Hazard.Kind, _ space: Space, owner: Int, start: Int, end: Int,
                        first: AccessEpoch, second: AccessEpoch) {
        let key = HazardKey(kind: kind, space: space, owner: owner, first: HazardKey.Site(first),
                            second: HazardKey.Site(second))
        if let i = hazardIndex[key] {
            hazardList[i].count += 1
            return
        }
        hazardIndex[key] = hazardList.count
        hazardList.append(Hazard(kind: kind, space: space, spaceOwner: owner < 0 ? nil : coreNames[owner],
                                 offset: start, bytes: end - start, first: site(first), second: site(second), count: 1))
    }

    // MARK: Helpers

    private func site(_ e: AccessEpoch) -> AccessSite {
        AccessSite(core: Int(e.core), coreName: coreNames[Int(e.core)], index: e.index, pipe: e.pipe, op: e.op,
                   opName: e.op.name, label: IssueRecord.labelText(e.label, e.detail))
    }

    /// Counts a warning, formatting its message only the first time its pattern (kind, flag, the two labels) is seen.
    private func warn(_ kind: SyncWarning.Kind, flag: Int, _ label: StaticString, _ otherLabel: StaticString,
                      message: @autoclosure () -> String) {
        // The same literals as this flag's last warning of this kind: the same pattern, so the same entry.
        if let memo = kind == .unorderedSet ? unorderedSetMemo[flag] : unorderedCrossSetMemo[flag],
           sameLiteral(memo.label, label), sameLiteral(memo.otherLabel, otherLabel) {
            warningList[memo.index].count += 1
            return
        }
        let key = SyncWarningKey(kind: kind, numbers: SIMD8(Int32(truncatingIfNeeded: flag), 0, 0, 0, 0, 0, 0, 0),
                                 first: LabelText(label), second: LabelText(otherLabel))
        let index: Int
        if let i = warningIndex[key] {
            warningList[i].count += 1
            index = i
        } else {
            index = warningList.count
            warningIndex[key] = index
            warningList.append(SyncWarning(kind: kind, message: message(), count: 1))
        }
        let memo = WarningMemo(label: label, otherLabel: otherLabel, index: index)
        if kind == .unorderedSet { unorderedSetMemo[flag] = memo } else { unorderedCrossSetMemo[flag] = memo }
    }

    /// Whether two labels are the same literal (same bytes in the binary); equal text at two addresses answers false.
    private func sameLiteral(_ a: StaticString, _ b: StaticString) -> Bool {
        a.hasPointerRepresentation && b.hasPointerRepresentation && a.utf8Start == b.utf8Start
            && a.utf8CodeUnitCount == b.utf8CodeUnitCount
    }

    private func flagKey(_ core: Int, _ src: Pipe, _ dst: Pipe, _ id: Int) -> Int {
        ((core * Pipe.count + Int(src.rawValue)) * Pipe.count + Int(dst.rawValue)) * ChipConfig.eventIDs + id
    }

    private func crossKey(_ core: Int, _ flag: Int, _ lane: Int) -> Int {
        (core * ChipConfig.crossCoreFlags + flag) * 64 + lane
    }
}
