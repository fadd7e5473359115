/// The FFTS cross-core flags of a group of cores: per core 16 flag ids, each a 4-bit counting semaphore, set in
/// "mode 2" (CV_CORES_SYNC) as on a2a3.
///
/// - A set from an AIC increments the counter of each target (both AIVs of its cluster).
/// - An AIC's counter counts only sets that every AIV of its reduce group has sent: it is
///   `min over the group of (sets received from that AIV) - consumed`.
/// - `wait_flag_dev` blocks while the counter is below what it needs, then decrements.
///
/// Counters persist across dispatches on the same cluster, as on the chip (leftovers poison the next launch).
final class CrossCoreCounters {
    let kinds: [CoreKind]
    /// For each core, the cores whose sets it must all have received before its counter rises (AIC targets).
    private(set) var reduceGroups: [[Int]]
    /// `reduceGroups` as one bit per member core, zero for a core that is not a reduce target.
    private let reduceMembers: UnsafeMutableBufferPointer<UInt64>
    /// received[(target * flags + flag) * cores + source]
    private let received: UnsafeMutableBufferPointer<Int>
    /// consumed[target * flags + flag]
    private let consumed: UnsafeMutableBufferPointer<Int>
    /// lastSet[target * flags + flag]: the core and instruction of the latest set toward it, so that a set left
    /// unconsumed at exit can be traced to the instruction (and label) that sent it.
    private let lastSet: UnsafeMutableBufferPointer<(source: Int, site: SiteRef)?>
    private let flags = ChipConfig.crossCoreFlags
    private let cores: Int
    // The tables are read and written on every cross-core set and wait_flag_dev. As buffers the object owns (not
    // arrays in stored properties) an access neither retains the storage nor checks it is uniquely referenced.

    init(kinds: [CoreKind], reduceGroups: [[Int]]) {
        self.kinds = kinds
        self.reduceGroups = reduceGroups
        cores = kinds.count
        reduceMembers = .allocate(capacity: kinds.count)
        for core in kinds.indices {
            var bits: UInt64 = 0
            if kinds[core] == .aic {
                for member in reduceGroups[core] {
                    precondition((0..<64).contains(member), "a reduce group names core \(member); at most 64 cores")
                    bits |= 1 << UInt64(member)
                }
            }
            reduceMembers[core] = bits
        }
        received = .allocate(capacity: kinds.count * ChipConfig.crossCoreFlags * kinds.count)
        received.initialize(repeating: 0)
        consumed = .allocate(capacity: kinds.count * ChipConfig.crossCoreFlags)
        consumed.initialize(repeating: 0)
        lastSet = .allocate(capacity: kinds.count * ChipConfig.crossCoreFlags)
        lastSet.initialize(repeating: nil)
    }

    deinit {
        reduceMembers.deallocate()
        received.deallocate()
        consumed.deallocate()
        lastSet.deallocate()
    }

    /// Records one set from `source` toward `target`. Returns false when a 4-bit counter would pass 15.
    func set(flag: Int, from source: Int, to target: Int, by site: SiteRef = SiteRef()) -> Bool {
        let n = cores
        lastSet[target * flags + flag] = (source, site)
        received[(target * flags + flag) * n + source] += 1
        // A reduce target (the AIC) holds each AIV's sets until the other AIV's arrive: that backlog is per source.
        // Any other target's counter is simply received minus consumed.
        let pendingFromSource = usesReduce(target)
            ? received[(target * flags + flag) * n + source] - consumed[target * flags + flag]
            : available(flag: flag, on: target)
        return available(flag: flag, on: target) <= ChipConfig.crossCoreCounterMax
            && pendingFromSource <= ChipConfig.crossCoreCounterMax
    }

    /// The counter value `wait_flag_dev(flag)` on `core` sees.
    func available(flag: Int, on core: Int) -> Int {
        let n = cores
        let row = (core * flags + flag) * n
        let members = reduceMembers[core]
        if members != 0 {
            var least = Int.max
            var rest = members
            while rest != 0 {
                least = min(least, received[row + rest.trailingZeroBitCount])
                rest &= rest - 1
            }
            return least - consumed[core * flags + flag]
        }
        var total = 0
        for s in 0..<n { total += received[row + s] }
        return total - consumed[core * flags + flag]
    }

    /// Consumes `count` sets (the caller checked `available`).
    func consume(flag: Int, on core: Int, count: Int) {
        consumed[core * flags + flag] += count
    }

    /// Back to a fresh device.
    func reset() {
        for i in received.indices { received[i] = 0 }
        for i in consumed.indices { consumed[i] = 0 }
        for i in lastSet.indices { lastSet[i] = nil }
    }

    /// Every (core, flag) with a non-zero counter, with the latest set toward it.
    func leftovers() -> [(core: Int, flag: Int, count: Int, lastSet: (source: Int, site: SiteRef)?)] {
        var out: [(core: Int, flag: Int, count: Int, lastSet: (source: Int, site: SiteRef)?)] = []
        for c in 0..<kinds.count {
            for f in 0..<flags {
                let a = available(flag: f, on: c)
                if a > 0 { out.append((c, f, a, lastSet[c * flags + f])) }
            }
        }
        return out
    }

    private func usesReduce(_ core: Int) -> Bool { reduceMembers[core] != 0 }
}
