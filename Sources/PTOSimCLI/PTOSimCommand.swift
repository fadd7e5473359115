import ArgumentParser

/// `ptosim`: runs Ascend a2a3 PTO kernels on a CPU.
public struct PTOSimCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ptosim",
        abstract: "Emulates Ascend a2a3 PTO kernels (simpler's SPMD paged attention) on a CPU.",
        subcommands: [Stress.self])
    public init() {}
}
