import ArgumentParser
import PTOCore
import PTOFormats
import PTOCases
import PTOKernels
import PTOScenes

extension PTOSimCommand {
    /// `ptosim check`: the synchronisation checker, for the paged-attention kernel or any kernel written as a trace.
    public struct Check: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Check a program's synchronisation: data races, deadlocks, lost signals, leftover flags.",
            discussion: """
                --trace FILE reads a program in the trace format the README documents (per core: instructions \
                with their pipe, the byte ranges they read and write, set_flag/wait_flag, pipe_barrier and \
                cross-core sets/waits), replays it through the emulator's pipes and flags, and reports every pair \
                of conflicting accesses that happens-before leaves unordered. --scene NAME --case CASE runs a scene \
                (see `ptosim scenes`) under the checker; --case alone (or custom parameters, or --inputs) runs the \
                paged-attention kernel, with --events, --drop-sync and --add-sync. --list-syncs prints the syncs the \
                case issues (recorded from a run, so only what the case reaches) and --necessity drops each in turn. \
                Exit status: 0 clean, 1 something was reported, 2 malformed input.
                """)

        @Option(name: .long, help: "A trace-format JSON program to check.")
        public var trace: String?

        @OptionGroup public var input: CaseOptions
        @OptionGroup public var kernel: KernelOptions
        @OptionGroup public var sceneSelection: SceneSelection

        @Flag(name: .customLong("list-syncs"), help: "List the syncs the case issues (set/wait pairs and barriers), recorded from a run; honours --json.")
        public var listSyncs = false

        @Flag(help: "Drop each sync in turn and classify it as required (list what appears) or redundant.")
        public var necessity = false

        @Option(help: "Host threads for the kernel run (clusters are checked independently). Default 1.")
        public var threads: Int = 1

        @Option(name: .customLong("overlap"),
                help: "Let this pipe overlap consecutive instructions (repeatable, e.g. V): only pipe_barrier orders them, so a missing pipe_barrier shows as a hazard.")
        public var overlap: [String] = []

        @Flag(name: .long, help: "Print the findings as JSON.")
        public var json = false

        /// The pipes given with --overlap.
        func overlappingPipes() throws -> Set<Pipe> {
            Set(try overlap.map { name in
                guard let p = Pipe(name: name.uppercased()) else {
                    throw UsageError("--overlap \(name): unknown pipe (S, MTE1, MTE2, MTE3, M, V, FIX)")
                }
                return p
            })
        }

        public init() {}

        public func validate() throws {
            guard (1...1024).contains(threads) else { throw UsageError("--threads must be between 1 and 1024 (got \(threads))") }
        }

        public func run() throws {
            if let trace {
                if input.caseName != nil || input.inputsPath != nil || input.hasParameterOptions {
                    throw UsageError("--trace checks a trace file; it cannot be combined with --case, --inputs or parameters")
                }
                let report = try TraceReplay.check(try TraceParser.parseFile(atPath: trace),
                                                   overlappingPipes: try overlappingPipes())
                print(json ? report.json() : report.text(), terminator: "")
                if !report.isClean { throw ExitCode(1) }
                return
            }
            if sceneSelection.isSet {
                try checkScene()
                return
            }
            let plan = try kernel.plan()
            let overlapping = try overlappingPipes()
            if listSyncs {
                let inputs = try input.makeInputs(workers: max(1, threads))
                let sites = try PagedAttentionKernel.syncCatalogue(inputs, plan: plan, clusters: kernel.clusters,
                                                                   threads: max(1, threads))
                print(json ? SyncCatalogueRendering.json(sites, addable: SyncPlan.addableSyncs)
                           : SyncCatalogueRendering.text(sites))
                return
            }
            if let params = try input.parameters() {
                try CommandMemory.check(params, inputsFromFile: false, clusters: kernel.clusters).check(what: "ptosim check")
            }
            let inputs = try input.makeInputs(workers: max(1, threads))
            if input.inputsPath != nil {
                try CommandMemory.check(inputs.params, inputsFromFile: true, clusters: kernel.clusters)
                    .check(what: "ptosim check")
            }
            for warning in inputs.warnings { StandardError.warn(warning) }
            if necessity {
                let (baseline, verdicts) = try PagedAttentionKernel.necessity(inputs, plan: plan, clusters: kernel.clusters,
                                                                           threads: max(1, threads),
                                                                           overlappingPipes: overlapping)
                print(json ? NecessityRendering.json(baseline, verdicts) : NecessityRendering.text(baseline, verdicts))
                return
            }
            let report = try PagedAttentionKernel.checkOrThrow(inputs, plan: plan, clusters: kernel.clusters,
                                                           threads: max(1, threads), overlappingPipes: overlapping).report
            print(json ? KernelCheckRendering.json(report).serialized : KernelCheckRendering.text(report))
            if !report.isClean { throw ExitCode(1) }
        }
    }
}

/// `check --necessity` output.
enum NecessityRendering {
    static func text(_ baseline: KernelCheckReport, _ verdicts: [SyncVerdict]) -> String {
        var lines = ["baseline: " + (baseline.signatures.isEmpty ? "clean" : baseline.signatures.joined(separator: "; ")), ""]
        for v in verdicts {
            let pad = String(repeating: " ", count: max(1, 24 - v.site.name.count))
            lines.append("\(v.site.name)\(pad)\(v.verdict.rawValue)"
                         + (v.appears.isEmpty ? "" : ": " + v.appears.joined(separator: "; ")))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ baseline: KernelCheckReport, _ verdicts: [SyncVerdict]) -> String {
        JSONValue.object([
            ("baseline", .array(baseline.signatures.map { .string($0) })),
            ("syncs", .array(verdicts.map { v in
                .object([("label", .string(v.site.name)), ("core", .string(v.site.core)),
                         ("kind", .string(v.site.kind.rawValue)), ("orders", .string(v.site.orders)),
                         ("issued", .number("\(v.site.count)")),
                         ("verdict", .string(v.verdict.rawValue)), ("appears", .array(v.appears.map { .string($0) }))])
            })),
        ]).serialized
    }
}

/// `check --list-syncs` output: one line per sync (label, core, kind, what it orders, times issued), or JSON with
/// the syncs `--add-sync` accepts.
enum SyncCatalogueRendering {
    static func text(_ sites: [SyncSite]) -> String {
        sites.map { "\($0.name)\t\($0.core)\t\($0.kind.rawValue)\t\($0.orders)\t\($0.count) issued" }.joined(separator: "\n")
    }

    static func json(_ sites: [SyncSite], addable: [String]) -> String {
        JSONValue.object([
            ("syncs", .array(sites.map {
                .object([("label", .string($0.name)), ("core", .string($0.core)), ("kind", .string($0.kind.rawValue)),
                         ("orders", .string($0.orders)), ("issued", .number("\($0.count)"))])
            })),
            ("addable", .array(addable.map { .string($0) })),
        ]).serialized
    }
}
