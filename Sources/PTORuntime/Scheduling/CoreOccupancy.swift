/// Which simulated cores are held by a block right now: the scheduler's view of the chip's AIC and AIV cores
/// (simpler's per-thread `CoreTracker`, here one global table).
///
/// Cores are claimed in index order. A MIX block claims a whole cluster and only a fully idle one; a single-core
/// block claims one core of its type.
struct CoreOccupancy {
    let clusters: Int
    private var aicBusy: [Bool]
    private var aivBusy: [Bool]
    /// Busy cores per cluster (0...3).
    private var busyInCluster: [Int]
    private(set) var idleAIC: Int
    private(set) var idleAIV: Int
    private(set) var idleClusters: Int

    init(clusters: Int) {
        self.clusters = clusters
        aicBusy = Array(repeating: false, count: clusters)
        aivBusy = Array(repeating: false, count: 2 * clusters)
        busyInCluster = Array(repeating: 0, count: clusters)
        idleAIC = clusters
        idleAIV = 2 * clusters
        idleClusters = clusters
    }

    /// How many blocks of `shape` could be placed right now.
    func capacity(_ shape: ResourceShape) -> Int {
        switch shape {
        case .aic: return idleAIC
        case .aiv: return idleAIV
        case .mix: return idleClusters
        case .dummy: return Int.max
        }
    }

    /// How many blocks of `shape` the chip holds at most (the sync-start limit).
    func total(_ shape: ResourceShape) -> Int {
        shape == .aiv ? 2 * clusters : clusters
    }

    /// Claims the lowest-numbered idle core of `type`.
    mutating func claimCore(_ type: CoreType) -> CoreID? {
        switch type {
        case .aic:
            guard idleAIC > 0, let i = aicBusy.firstIndex(of: false) else { return nil }
            aicBusy[i] = true
            idleAIC -= 1
            occupy(cluster: i)
            return CoreID(.aic, i)
        case .aiv:
            guard idleAIV > 0, let i = aivBusy.firstIndex(of: false) else { return nil }
            aivBusy[i] = true
            idleAIV -= 1
            occupy(cluster: i / 2)
            return CoreID(.aiv, i)
        }
    }

    /// Claims the lowest-numbered fully idle cluster (all three cores).
    mutating func claimCluster() -> Int? {
        guard idleClusters > 0, let c = busyInCluster.firstIndex(of: 0) else { return nil }
        aicBusy[c] = true
        aivBusy[2 * c] = true
        aivBusy[2 * c + 1] = true
        busyInCluster[c] = 3
        idleClusters -= 1
        idleAIC -= 1
        idleAIV -= 2
        return c
    }

    /// Frees a core claimed with `claimCore`.
    mutating func release(_ core: CoreID) {
        switch core.type {
        case .aic:
            aicBusy[core.index] = false
            idleAIC += 1
        case .aiv:
            aivBusy[core.index] = false
            idleAIV += 1
        }
        busyInCluster[core.cluster] -= 1
        if busyInCluster[core.cluster] == 0 { idleClusters += 1 }
    }

    /// Frees a cluster claimed with `claimCluster`.
    mutating func release(cluster c: Int) {
        aicBusy[c] = false
        aivBusy[2 * c] = false
        aivBusy[2 * c + 1] = false
        busyInCluster[c] = 0
        idleClusters += 1
        idleAIC += 1
        idleAIV += 2
    }

    private mutating func occupy(cluster c: Int) {
        if busyInCluster[c] == 0 { idleClusters -= 1 }
        busyInCluster[c] += 1
    }
}
