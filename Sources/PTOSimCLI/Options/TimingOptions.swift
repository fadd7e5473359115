import ArgumentParser
import Foundation
import PTOCore

/// The schedules `--schedule` names.
public enum ScheduleName: String, ExpressibleByArgument, CaseIterable, Sendable {
    case nominal, random, adversarial
}

/// The timed mode's options: whether to model time, which schedule, which cost model. Shared by `run` and `trace`.
public struct TimingOptions: ParsableArguments {
    @Flag(help: "Model a2a3 time with the cost model: every effect runs at its modeled time, and the Performance Summary gives modeled µs.")
    public var timing = false

    @Option(help: "Timed schedule (implies --timing): nominal (the cost model), random (seeded perturbations on every pipe, see --schedule-seed) or adversarial (delays that make each hazard the race checker finds observe wrong data).")
    public var schedule: ScheduleName?

    @Option(name: .customLong("schedule-seed"), help: "Seed of --schedule random (--seed stays the seed of the generated inputs).")
    public var scheduleSeed: UInt64?

    @Option(name: .customLong("cost-model"), help: "predicting (default: public figures plus figures fitted only on spmd_paged_attention's on-board rows), public (every figure from a public source, none fitted), pto-fitted-dma (the public set with pto-isa's on-device size-dependent DMA fit in place of the flat bandwidth table), history (the public set with two figures fitted on the kernel before simpler #704), calibrated (the HBM bandwidth fitted on Case1 of the kernel before #704), or a JSON file of the same form as the built-in one.")
    public var costModel: String = "predicting"

    @Option(name: .customLong("overlap"), help: "With --schedule adversarial: let this pipe overlap consecutive instructions when looking for hazards (repeatable, e.g. V), as `ptosim check --overlap` does, so the schedule also targets what a missing pipe_barrier leaves unordered.")
    public var overlap: [String] = []

    public init() {}

    /// Whether the run is timed.
    public var enabled: Bool { timing || schedule != nil }

    public func validate() throws {
        if scheduleSeed != nil && schedule != .random {
            throw UsageError("--schedule-seed needs --schedule random")
        }
        if schedule == .random && scheduleSeed == nil {
            throw UsageError("--schedule random needs --schedule-seed K")
        }
        if !enabled && costModel != "predicting" { throw UsageError("--cost-model needs --timing") }
        if !overlap.isEmpty && schedule != .adversarial { throw UsageError("--overlap needs --schedule adversarial") }
        _ = try overlappingPipes()
    }

    /// The pipes given with --overlap.
    public func overlappingPipes() throws -> Set<PTOCore.Pipe> {
        Set(try overlap.map { name in
            guard let p = PTOCore.Pipe(name: name.uppercased()) else {
                throw UsageError("--overlap \(name): unknown pipe (S, MTE1, MTE2, MTE3, M, V, FIX)")
            }
            return p
        })
    }

    /// The cost-model parameters chosen by `--cost-model`.
    public func parameters() throws -> TimingParameters { try Self.parameters(named: costModel) }

    /// The parameters `--cost-model NAME` chooses: a built-in set or a JSON file.
    public static func parameters(named costModel: String) throws -> TimingParameters {
        if let set = TimingParameters.BuiltInSet(rawValue: costModel) { return try TimingParameters.builtIn(set) }
        // A bare word that names no file is a misspelt set name, not a path.
        let looksLikeFile = costModel.contains("/") || costModel.hasSuffix(".json")
        guard looksLikeFile || FileManager.default.fileExists(atPath: costModel) else {
            let names = TimingParameters.BuiltInSet.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--cost-model \(costModel): not a named cost model (\(names)) nor a file")
        }
        do {
            return try TimingParameters.load(path: costModel)
        } catch let error as TimingParametersError {
            throw UsageError("--cost-model \(error.description)")
        }
    }

    /// The schedule chosen by `--schedule` / `--schedule-seed`.
    public var chosenSchedule: Schedule {
        switch schedule ?? .nominal {
        case .nominal: return .nominal
        case .random: return .random(seed: scheduleSeed ?? 0)
        case .adversarial: return .adversarial
        }
    }

    /// The timed chip's options.
    public func chipOptions(applyEffects: Bool = true) throws -> TimedChip.Options {
        TimedChip.Options(parameters: try parameters(), schedule: chosenSchedule, applyEffects: applyEffects,
                          adversarialOverlap: try overlappingPipes())
    }
}
