import Foundation

/// Which timing a timed run uses.
///
/// - `nominal`: the cost model as is.
/// - `random(seed:)`: every instruction on every pipe gets a seeded perturbation: its duration scaled by a
///   log-uniform factor (wide on the DMA pipes, narrow on S/V/M), sometimes a lag between finishing and its writes
///   (and the signal of a later set) becoming visible, and on DMA pipes sometimes an arbitration stall before it
///   starts. The distribution is `random_schedule` in the parameter file.
/// - `adversarial`: for each hazard the race checker finds in the nominal timing, the delay that makes the later
///   access observe the wrong data: a WAR's read starts after the write lands, a RAW's or WAW's first write lands
///   after the other access.
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    case nominal
    case random(seed: UInt64)
    case adversarial

    public var description: String {
        switch self {
        case .nominal: return "nominal"
        case let .random(seed): return "random (seed \(seed))"
        case .adversarial: return "adversarial"
        }
    }
}

/// How one instruction's timing departs from the cost model.
struct Perturbation: Equatable {
    /// Multiplies the duration (and divides a DMA's bandwidth).
    var spread: Double = 1
    /// Cycles the pipe stalls before starting the instruction.
    var stall: Double = 0
    /// Cycles between the instruction finishing on its pipe and its completion (writes visible, later sets free).
    var completionDelay: Double = 0

    static let none = Perturbation()
}

/// Identifies one issued instruction of a run: the captured block (its runtime task, -1 in a one-task launch, and
/// its block index in that task), the core slot it was captured on (AIC, AIV0, AIV1), its issue index. Block indices
/// restart at 0 in every task, so the task is part of the key.
struct InstructionKey: Hashable {
    var task: Int = -1
    var block: Int
    var core: Int
    var index: Int
}

/// Computes each instruction's perturbation for a schedule. Random values are a pure function of (seed, task rank,
/// block, core, index), so they do not depend on the order the simulation visits instructions in.
struct Perturber {
    var seed: UInt64?
    var random: TimingParameters.RandomSchedule?
    /// Explicit perturbations (the adversarial schedule's delays).
    var explicit: [InstructionKey: Perturbation] = [:]

    static let nominal = Perturber()

    var isNominal: Bool { seed == nil && explicit.isEmpty }

    /// The perturbation of one instruction of block `block` of task `task`. Stalls and completion lags hit only
    /// instructions that move or compute data: a set, wait or barrier involves no transfer to arbitrate and no write
    /// to land. The random draws depend on the task's rank in its launch (`taskRank`) as well as the block, so
    /// block b of every task does not repeat one draw; the first (or only) task, rank 0, draws as one-task launches
    /// always have, so their seeded results are unchanged.
    func perturbation(task: Int = -1, taskRank: Int = 0, block: Int, core: Int, index: Int, pipe: Pipe,
                      movesData: Bool) -> Perturbation {
        var p = Perturbation.none
        if let seed, let r = random {
            var state = seed &+ UInt64(truncatingIfNeeded: block) &* 0x9E37_79B9_7F4A_7C15
            if taskRank > 0 { state ^= Self.mix(UInt64(truncatingIfNeeded: taskRank) &* 0xD1B5_4A32_D192_ED03) }
            state = Self.mix(state ^ (UInt64(truncatingIfNeeded: core) << 48) ^ UInt64(truncatingIfNeeded: index))
            func uniform() -> Double {
                state = Self.mix(state)
                return Double(state >> 11) / Double(1 << 53)
            }
            let isDMA = pipe == .mte1 || pipe == .mte2 || pipe == .mte3 || pipe == .fix
            let spread = isDMA ? r.dmaSpread.value : r.computeSpread.value
            let u = uniform()
            p.spread = spread > 1 ? exp((u * 2 - 1) * log(spread)) : 1
            let stallDraw = uniform(), stallSize = uniform()
            if movesData && isDMA && stallDraw < r.dmaStallProbability.value {
                p.stall = -log(1 - stallSize) * r.dmaStallMeanCycles.value
            }
            let delayDraw = uniform(), delaySize = uniform()
            if movesData && delayDraw < r.completionDelayProbability.value {
                let mean = isDMA ? r.dmaCompletionDelayMeanCycles.value : r.computeCompletionDelayMeanCycles.value
                p.completionDelay = -log(1 - delaySize) * mean
            }
        }
        if !explicit.isEmpty, let e = explicit[InstructionKey(task: task, block: block, core: core, index: index)] {
            p.stall += e.stall
            p.completionDelay += e.completionDelay
        }
        return p
    }

    /// SplitMix64's finaliser.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
