import Testing
@testable import PTOCore

/// Explicit perturbations (the adversarial schedule's delays) hit one instruction of one captured block: block
/// indices restart in every runtime task, so the task is part of the key.
@Suite struct InstructionKeyTests {
    @Test func anExplicitDelayHitsOnlyItsTasksBlock() {
        let key = InstructionKey(task: 7, block: 0, core: 1, index: 5)
        let p = Perturber(explicit: [key: Perturbation(stall: 100, completionDelay: 30)])
        func at(task: Int, block: Int, core: Int = 1, index: Int = 5) -> Perturbation {
            p.perturbation(task: task, block: block, core: core, index: index, pipe: .v, movesData: true)
        }
        #expect(at(task: 7, block: 0) == Perturbation(stall: 100, completionDelay: 30))
        #expect(at(task: 8, block: 0) == .none)
        #expect(at(task: -1, block: 0) == .none)
        #expect(at(task: 7, block: 1) == .none)
        #expect(at(task: 7, block: 0, core: 2) == .none)
        #expect(at(task: 7, block: 0, index: 6) == .none)
    }
}
