import Foundation

/// Which timing a timed run uses.
///
/// - `nominal`: the cost model as is.
/// - `random(seed:)`: every instruction on every pipe gets a seeded perturbation: its duration scaled by a
///   log-uniform factor, sometimes a stall before it starts, sometimes a lag between finishing and its writes (and
///   the signal of a later set) becoming visible. The distribution is `random_schedule` in the parameter file.
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

/// Identifies one issued instruction of a run: hardware block, core in the cluster, issue index.
struct InstructionKey: Hashable {
    var block: Int
    var core: Int
    var index: Int
}

/// Computes each instruction's perturbation for a schedule. Random values are a pure function of (seed, block,
/// core, index), so they do not depend on the order the simulation visits instructions in.
struct Perturber {
    var seed: UInt64?
    var random: TimingParameters.RandomSchedule?
    /// Explicit perturbations (the adversarial schedule's delays).
    var explicit: [InstructionKey: Perturbation] = [:]

    static let nominal = Perturber()

    var isNominal: Bool { seed == nil && explicit.isEmpty }

    func perturbation(block: Int, core: Int, index: Int) -> Perturbation {
        var p = Perturbation.none
        if let seed, let r = random {
            var state = seed &+ UInt64(truncatingIfNeeded: block) &* 0x9E37_79B9_7F4A_7C15
            state = Self.mix(state ^ (UInt64(truncatingIfNeeded: core) << 48) ^ UInt64(truncatingIfNeeded: index))
            func uniform() -> Double {
                state = Self.mix(state)
                return Double(state >> 11) / Double(1 << 53)
            }
            let spread = r.durationSpread.value
            p.spread = spread > 1 ? exp((uniform() * 2 - 1) * log(spread)) : 1
            if uniform() < r.stallProbability.value {
                p.stall = -log(1 - uniform()) * r.stallMeanCycles.value
            } else {
                _ = uniform()
            }
            if uniform() < r.completionDelayProbability.value {
                p.completionDelay = -log(1 - uniform()) * r.completionDelayMeanCycles.value
            }
        }
        if !explicit.isEmpty, let e = explicit[InstructionKey(block: block, core: core, index: index)] {
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
