/// The capture pass of the timed mode: a core program's whole instruction stream, issued without executing.
///
/// A kernel's control flow depends only on scalars (loop counters, block tables, tile ids), never on tile contents,
/// so the stream a program issues is the same under every schedule; only when each effect runs differs. The timed
/// mode therefore records the streams first and decides the timing afterwards.
extension Cluster {
    /// Steps a program may take without issuing anything before it counts as stalled.
    static let captureEmptyStepLimit = 1_000_000

    /// Issues every instruction of the three programs (AIC, AIV0, AIV1) without running any, in program order per
    /// core. Operand errors are thrown as the eager executor throws them. Scratchpads, flags and counters are not
    /// touched.
    ///
    /// `expected` (per core) is how many instructions the caller expects, from blocks captured before: reserving
    /// that much up front spares the stream the regrowth copies, each of which would touch fresh memory.
    func captureStreams(aic aicProgram: inout some CoreProgram, aiv0 aiv0Program: inout some CoreProgram,
                        aiv1 aiv1Program: inout some CoreProgram, expected: [Int] = [0, 0, 0]) throws -> [CapturedStream] {
        [try Self.captureStream(aic, expected[0]) { try aicProgram.step($0) },
         try Self.captureStream(aiv0, expected[1]) { try aiv0Program.step($0) },
         try Self.captureStream(aiv1, expected[2]) { try aiv1Program.step($0) }]
    }

    /// Issues one core's whole program without running it (any core: a cluster's or a `SoloCore`'s).
    static func captureStream(_ core: CoreIssuer, _ expected: Int,
                              _ step: (CoreIssuer) throws -> Bool) throws -> CapturedStream {
        core.resetForRun()
        if expected > core.issueQueue.capacity { core.issueQueue.reserveCapacity(expected) }
        core.captureOnly = true
        defer {
            core.captureOnly = false
            core.resetForRun()
        }
        var empty = 0
        while true {
            core.submittedSinceStep = 0
            let more = try step(core)
            if let error = core.pendingError { throw error }
            if !more { break }
            if core.submittedSinceStep == 0 {
                empty += 1
                if empty >= Self.captureEmptyStepLimit { throw CoreFault.programStalled(core: core.name) }
            } else {
                empty = 0
            }
        }
        // The scalar epoch an instruction inherits: how many scalar-unit instructions precede it in issue order.
        // The stream is then packed (`CapturedStream`) and the core's queue storage released: the timed mode holds
        // every block's stream until its simulation ends.
        var stream: [Instruction] = []
        swap(&stream, &core.issueQueue)
        var epoch = 0
        for i in stream.indices {
            stream[i].scalarEpoch = epoch
            if stream[i].pipe == .s { epoch += 1 }
        }
        return CapturedStream(stream)
    }
}
