/// One AI core's scalar unit as a kernel program sees it: every method issues one PTO instruction (or, for TPUSH
/// and TPOP, the short sequence the a2a3 library expands them into). Issuing moves no data by itself: the
/// instruction goes to the core's issue queue, and the executor dispatches it into its pipe's in-order queue.
///
/// Execution policy (the fast functional mode): an instruction whose pipe is idle runs at issue, so effects happen
/// in program order, which is one legal schedule of the chip. A `wait_flag` whose bit is clear blocks its pipe; later
/// instructions of that pipe queue behind it and run when a `set_flag` releases it. A wait on the scalar unit
/// (`wait_flag(X, S)`, `wait_flag_dev`, `pipe_barrier(PIPE_ALL)`) stalls issue: the program's later instructions
/// stay queued and the cluster switches to another core.
///
/// Methods that the contract declares non-throwing report bad operands by recording the first error; the cluster
/// throws it (as `CoreFault.invalidInstruction`) as soon as the program's `step` returns.
public final class CoreIssuer {
    /// AIC or AIV.
    public let kind: CoreKind
    /// AIV lane 0/1 (the kernel's `sub_block_id`); 0 on the AIC.
    public let subBlockId: Int
    /// Index in the cluster (0 = AIC, 1 = AIV0, 2 = AIV1) or in the trace file.
    let coreIndex: Int
    let name: String
    // unowned(unsafe): the cluster (or trace replay) that owns this issuer owns the context too and outlives both;
    // a checked unowned reference would cost a retain and a release on every instruction.
    unowned(unsafe) let context: ExecutionContext
    /// `context.counters` and `context.gm` (which the context keeps alive), used through `_withUnsafeGuaranteedRef`:
    /// reached through `context`, or even held `unowned(unsafe)`, every cross-core set or wait and every GM operand
    /// retained and released the object around its use.
    let counters: Unmanaged<CrossCoreCounters>
    let gm: Unmanaged<GlobalMemory>?
    let pads: Scratchpads

    // MARK: Issue state
    var issueQueue: [Instruction] = []
    var issueHead = 0
    /// Index the next submitted instruction gets.
    var nextIndex = 0
    /// Instructions executed on the scalar unit so far (see `IssueRecord.scalarEpoch`).
    var scalarEpoch = 0
    /// First error found while issuing; thrown after the current step.
    var pendingError: CoreFault? { didSet { hasPendingError = pendingError != nil } }
    /// `pendingError != nil`, kept as a plain flag: every issue checks it, and testing the optional itself copies
    /// the fault enum.
    private(set) var hasPendingError = false
    /// Instructions submitted since the program's `step` was last called.
    var submittedSinceStep = 0
    /// Whether the program has returned false from `step`.
    var programFinished = false
    /// When set, issuing only appends to `issueQueue` and nothing executes (the timed mode's capture pass).
    var captureOnly = false
    /// Sync labels the launch drops, and the catalogue it records (see `SyncEdits`); nil leaves every sync as issued.
    public var syncEdits: SyncEdits?

    // MARK: Pipes
    /// Per pipe, instructions waiting behind a blocked `wait_flag` (the head). Empty for a running pipe.
    var pipeQueues: [[Instruction]] = Array(repeating: [], count: Pipe.count)
    var pipeHeads: [Int] = Array(repeating: 0, count: Pipe.count)
    /// Bit p set while pipe p's queue is non-empty (its head is an unsatisfied wait).
    var blockedPipes: UInt8 = 0
    /// Pipes whose head wait a set has just satisfied, drained after the current instruction.
    var wokenPipes: UInt8 = 0
    var draining = false
    /// The record handed to an attached sink, refilled for every executed instruction so its operand arrays are
    /// allocated once per core rather than once per instruction (a sink that keeps a record gets its own copy).
    var sinkRecord = IssueRecord(core: 0, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1,
                                 reads: [], writes: [], event: .none, scalarEpoch: 0)

    // MARK: Flags
    /// Bit `id` of entry `src * 7 + dst`: the 1-bit event flag (src, dst, id).
    var flagBits: [UInt8] = Array(repeating: 0, count: Pipe.count * Pipe.count)
    /// The set that raised each flag bit, for reports: `(src * 7 + dst) * 8 + id`.
    var flagSetBy: [SiteRef] = Array(repeating: SiteRef(), count: Pipe.count * Pipe.count * ChipConfig.eventIDs)

    /// Where this core's FFTS mode-2 sets go: both AIVs from the AIC, the AIC from an AIV.
    var crossTargets = CoreSet()

    // MARK: Scalar data cache
    /// Scalar stores to GM waiting in the cache for a `dcci` (see `ScalarDataCache`).
    var scalarCache = ScalarDataCache()

    // MARK: Trace replay
    /// Byte ranges of trace-file instructions (`Action.external` points into this table).
    var externalAccesses: [(range: MemoryRange, isWrite: Bool)] = []

    init(kind: CoreKind, coreIndex: Int, subBlockId: Int, name: String, context: ExecutionContext,
         withStorage: Bool = true) {
        self.kind = kind
        self.coreIndex = coreIndex
        self.subBlockId = subBlockId
        self.name = name
        self.context = context
        counters = Unmanaged.passUnretained(context.counters)
        gm = context.gm.map { Unmanaged.passUnretained($0) }
        pads = Scratchpads(kind: kind, withStorage: withStorage)
    }

    /// Clears per-run state. Flags are kept: like the hardware's, they persist across dispatches.
    func resetForRun() {
        issueQueue.removeAll(keepingCapacity: true)
        issueHead = 0
        nextIndex = 0
        scalarEpoch = 0
        pendingError = nil
        submittedSinceStep = 0
        programFinished = false
        for p in 0..<Pipe.count {
            pipeQueues[p].removeAll(keepingCapacity: true)
            pipeHeads[p] = 0
        }
        blockedPipes = 0
        wokenPipes = 0
        draining = false
        scalarCache.reset()
    }

    /// Whether the core has nothing left: program done, issue queue and pipe queues empty.
    var isIdle: Bool { programFinished && issueHead == issueQueue.count && blockedPipes == 0 }
}

/// A compact reference to an instruction for reports (the set that raised a flag).
struct SiteRef {
    var index: Int = -1
    var pipe: Pipe = .s
    var op: Op = .setFlag
    var label: StaticString = ""
    var detail: Int = -1
}
