/// Plan generation.
extension StressPlan {
    /// Shape of a generated plan.
    public struct Parameters: Sendable {
        public var seed: UInt64
        public var tasks: Int
        /// Most tasks submitted directly in one scope (nested scopes' tasks count for their own scope).
        public var maxScopeTasks: Int
        /// Deepest user scope (1...63); depths 3 and beyond share ring 3.
        public var maxDepth: Int
        /// Clusters of the chip the plan will run on (bounds sync-start widths).
        public var clusters: Int

        public init(seed: UInt64 = 1, tasks: Int = 2000, maxScopeTasks: Int = 32, maxDepth: Int = 3,
                    clusters: Int = RuntimeConfig.defaultClusters) {
            self.seed = seed
            self.tasks = tasks
            self.maxScopeTasks = maxScopeTasks
            self.maxDepth = maxDepth
            self.clusters = clusters
        }
    }

    /// Generates a plan. The first top-level scope is filled to `maxScopeTasks` tasks before anything nests in it,
    /// so a window too small for that scope fails the same way for every seed.
    public static func generate(_ p: Parameters) -> StressPlan {
        var rng = SplitMix64(seed: p.seed)
        var steps: [Step] = []
        // Open scopes: their target task count, tasks submitted directly, and temporaries usable inside them.
        var scopes: [(target: Int, count: Int, temps: [Int])] = []
        var openTaskIDs: [[Int]] = []
        var slabRows = 0
        var planned = 0

        func openScope(target: Int) {
            steps.append(.beginScope)
            scopes.append((target, 0, []))
            openTaskIDs.append([])
        }
        while planned < p.tasks {
            if scopes.isEmpty {
                openScope(target: planned == 0 ? p.maxScopeTasks : 1 + rng.below(p.maxScopeTasks))
                continue
            }
            let top = scopes.count - 1
            if scopes[top].count >= scopes[top].target {
                steps.append(.endScope)
                scopes.removeLast()
                openTaskIDs.removeLast()
                continue
            }
            // Scopes at depth 3 and deeper share ring 3, so their open tasks must fit one window together: a nested
            // scope there only gets what the shallowest of them has not claimed.
            let sharedBudget = p.maxScopeTasks - scopes.dropFirst(2).reduce(0) { $0 + $1.target }
            if planned > p.maxScopeTasks && scopes.count < p.maxDepth && rng.below(24) == 0
                && (scopes.count < 3 || sharedBudget > 0) {
                let limit = scopes.count < 3 ? p.maxScopeTasks : sharedBudget
                openScope(target: 1 + rng.below(limit))
                continue
            }
            let temps = scopes.flatMap(\.temps)
            var task = Task(op: .produce, inputs: [], target: nil, constant: Float(rng.below(1000)) / 64,
                            shape: [.aic, .aiv, .mix][rng.below(3)], blockNum: 1 + rng.below(4), syncStart: false,
                            explicitDependencies: [], depth: scopes.count,
                            delayMicros: 0)
            let roll = rng.below(100)
            if temps.isEmpty || roll < 20 {
                task.op = .produce
            } else if roll < 40 {
                task.op = .chain
                task.target = .accumulator(rows: randomRows(&rng, in: accumulatorRows))
            } else if roll < 60 {
                task.op = .accumulate
                task.inputs = [.temporary(task: temps[rng.below(temps.count)])]
                task.target = .accumulator(rows: randomRows(&rng, in: accumulatorRows))
            } else if roll < 85 {
                task.op = .fanIn
                for _ in 0..<(1 + rng.below(4)) { task.inputs.append(.temporary(task: temps[rng.below(temps.count)])) }
                if slabRows > 0 && rng.below(2) == 0 {
                    // Half the slab reads take the newest rows, whose writer is likely still queued or running.
                    let rows = randomRows(&rng, in: slabRows)
                    let newest = (slabRows - rows.count)..<slabRows
                    task.inputs.append(.slab(rows: rng.below(2) == 0 ? newest : rows))
                }
            } else {
                task.op = .writeSlab
                let rows = 1 + rng.below(2)
                task.inputs = [.temporary(task: temps[rng.below(temps.count)])]
                task.target = .slab(rows: slabRows..<(slabRows + rows))
                slabRows += rows
            }
            // Writers of shared state sometimes take a while: their readers then meet them still running.
            if task.target != nil && rng.below(4) == 0 { task.delayMicros = 50 + rng.below(200) }
            if rng.below(50) == 0 { task.syncStart = true; task.blockNum = min(task.blockNum, p.clusters) }
            let open = openTaskIDs.flatMap { $0 }
            if !open.isEmpty && rng.below(20) == 0 { task.explicitDependencies = [open[rng.below(open.count)]] }
            steps.append(.task(task))
            if task.op == .produce || task.op == .fanIn { scopes[top].temps.append(planned) }
            scopes[top].count += 1
            openTaskIDs[top].append(planned)
            planned += 1
        }
        for _ in scopes { steps.append(.endScope) }
        return StressPlan(steps: steps, slabRows: slabRows)
    }

    private static func randomRows(_ rng: inout SplitMix64, in count: Int) -> Range<Int> {
        let height = 1 + rng.below(min(3, count))
        let start = rng.below(count - height + 1)
        return start..<(start + height)
    }
}

/// SplitMix64: a tiny, fast, seedable generator, so a plan is reproducible from its seed on any platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
