import ArgumentParser
import PTOCases
import PTOCore
import PTOFormats
import PTOKernels
import PTOScenes

extension PTOSimCommand {
    /// `ptosim suite`: the rows of simpler PR #694's on-board table, each run and judged, in one Performance Summary.
    public struct Suite: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Run the scene suite of simpler's on-board table (PR #694) and print one Performance Summary.",
            discussion: """
                Rows: alternating_matmul_add Case1, benchmark_bgemm Case0, paged_attention_unroll Case1 and Case2, \
                paged_attention_unroll_manual_scope Case1 and Case2, batch_paged_attention Case1, \
                spmd_paged_attention Case1 and Case2. Each row runs through the same front end as `run --scene` and \
                says PASS or FAIL against its golden (and exact reference where the scene has one); a row whose \
                scene PTOSim does not have yet says "not ported". Without --timing the figures are host wall time \
                of the emulation; with --timing they are modeled a2a3 µs (rows the timed model cannot time yet say \
                so). Rows whose inputs are the same (one generator, parameters and seed) run one after the other and share \
                the generated inputs and references; each still runs and is compared on its own. --timings prints \
                each row's phases, wall and CPU seconds, on stderr. --json prints the rows with both the host and, \
                when timed, the modeled figures. Exit code 0 \
                when every row passed, 1 when any row failed or did not run, 2 for bad options.
                """)

        @Flag(help: "Model a2a3 time (runtime and cores, nominal schedule) instead of host wall time, next to the on-board figures with each row's error.")
        public var timing = false

        @Option(name: .customLong("cost-model"), help: "With --timing: predicting (default: figures fitted only on spmd_paged_attention's on-board rows and public figures), public (no fitted figure), another built-in set, or a JSON file of the built-in form.")
        public var costModel: String = "predicting"

        @Option(name: .customLong("example"), help: ArgumentHelp("Run only the rows of this scene (repeatable).", valueName: "scene"))
        public var examples: [String] = []

        @Flag(help: "List the rows and whether each scene is ported, without running anything.")
        public var list = false

        @Option(help: "Seed for generated inputs.")
        public var seed: UInt64 = CaseOptions.defaultSeed

        @OptionGroup public var execution: ExecutionOptions

        @Flag(help: "Print the rows as JSON.")
        public var json = false

        public init() {}

        struct Outcome {
            var row: SceneSuite.Row
            var status: String
            var failures: [String]
            var wall: PerformanceSummary.Row?
            var modeled: PerformanceSummary.Row?
            /// Host wall and CPU seconds per phase (nil: the row did not run to its comparison).
            var seconds: (wall: SceneOutcome.Phases, cpu: SceneOutcome.Phases)?
        }

        func rows() throws -> [SceneSuite.Row] {
            let known = Set(SceneSuite.onBoardRows.map(\.scene))
            for e in examples where !known.contains(e) {
                throw UsageError("--example \(e): not a row of the suite (rows: "
                                 + SceneSuite.onBoardRows.map(\.scene).uniqued().joined(separator: ", ") + ")")
            }
            return SceneSuite.onBoardRows.filter { examples.isEmpty || examples.contains($0.scene) }
        }

        static func ported(_ row: SceneSuite.Row) -> (any Scene, SceneCase)? {
            guard let s = try? SceneCatalogue.scene(named: row.scene), let c = try? s.sceneCase(named: row.caseName) else {
                return nil
            }
            return (s, c)
        }

        public func validate() throws {
            if !timing && costModel != "predicting" { throw UsageError("--cost-model needs --timing") }
        }

        public func run() throws {
            let rows = try rows()
            if list {
                for r in rows { print("\(r.example)\t\(Self.ported(r) == nil ? "not ported" : "ported")") }
                return
            }
            let progress = TerminalProgress("suite: rows done", total: rows.count)
            // Rows whose inputs are the same (same generator, parameters and seed) run one after the other and share
            // the inputs and references (`SceneReuse`); the table keeps the suite's order.
            let reuse = SceneReuse()
            var inOrder = [Outcome?](repeating: nil, count: rows.count)
            for (done, i) in SceneReuse.grouped(rows.map { r in
                Self.ported(r).flatMap { try? $0.0.argumentsKey($0.1, seed: seed) }
            }).enumerated() {
                progress.update(done)
                inOrder[i] = try runRow(rows[i], reuse: reuse)
                if execution.timings, let (s, c) = inOrder[i]?.seconds {
                    progress.finish()
                    func both(_ p: KeyPath<SceneOutcome.Phases, Double>) -> String {
                        "\(fixed(s[keyPath: p], 3)) s (cpu \(fixed(c[keyPath: p], 3)) s)"
                    }
                    StandardError.write("timings: \(rows[i].example): inputs \(both(\.inputs)), golden \(both(\.golden)), "
                                        + "emulation \(both(\.emulation)), compare \(both(\.compare))\n")
                }
            }
            progress.update(rows.count)
            progress.finish()
            let parameters = timing ? try TimingOptions.parameters(named: costModel) : nil
            let title = parameters.map { "modeled a2a3 time — cost model \($0.name), schedule nominal" }
                ?? SceneRunRendering.wallTitle
            let board = timing ? try OnBoardTable.pr694() : nil
            let outcomes = inOrder.compactMap { $0 }
            let table = PerformanceSummary(title: title, rows: outcomes.map { o in
                var row = (timing ? o.modeled : o.wall) ?? .init(example: o.row.example, result: o.status)
                row.result = o.status
                return row
            })
            if json, let board {
                print(JSONValue.object([
                    ("cost_model", .string(parameters?.name ?? "")), ("hardware_source", .string(board.source)),
                    ("rows", .array(outcomes.map { o in
                        let hw = board.row(scene: o.row.scene, caseName: o.row.caseName)
                        return .object([("example", .string(o.row.scene)), ("case", .string(o.row.caseName)),
                                        ("result", .string(o.status)), ("modeled_us", Self.figures(o.modeled)),
                                        ("hardware_us", hw.map { .object([("elapsed", SceneRunRendering.num($0.elapsed)),
                                                                          ("sched", SceneRunRendering.num($0.sched)),
                                                                          ("orch", SceneRunRendering.num($0.orch))]) }
                                            ?? .null)])
                    })),
                ]).serialized)
            } else if json {
                print(JSONValue.object([
                    ("timing", .bool(timing)),
                    ("rows", .array(outcomes.map { o in
                        .object([("example", .string(o.row.example)), ("scene", .string(o.row.scene)),
                                 ("case", .string(o.row.caseName)), ("result", .string(o.status)),
                                 ("failures", .array(o.failures.map { .string($0) })),
                                 ("host_us", Self.figures(o.wall)), ("modeled_us", Self.figures(o.modeled))])
                    })),
                ]).serialized)
            } else {
                print(table.rendered)
                if let board {
                    print(TimingComparison(board: board, rows: outcomes.map {
                        TimingComparison.Row(scene: $0.row.scene, caseName: $0.row.caseName, modeled: $0.modeled)
                    }).rendered)
                }
                for o in outcomes where !o.failures.isEmpty {
                    print("\(o.row.example): " + o.failures.joined(separator: "; "))
                }
            }
            if outcomes.contains(where: { $0.status != "PASS" }) { throw ExitCode(1) }
        }

        static func figures(_ r: PerformanceSummary.Row?) -> JSONValue {
            guard let r, r.hasTimes else { return .null }
            return .object([("elapsed", SceneRunRendering.num(r.elapsedMicros)),
                            ("sched", SceneRunRendering.num(r.schedMicros)), ("orch", SceneRunRendering.num(r.orchMicros))])
        }

        func runRow(_ r: SceneSuite.Row, reuse: SceneReuse) throws -> Outcome {
            guard let (scene, sceneCase) = Self.ported(r) else {
                return Outcome(row: r, status: "not ported", failures: [], wall: nil, modeled: nil)
            }
            let mode: LaunchMode = timing
                ? .timed(TimedChip(options: .init(parameters: try TimingOptions.parameters(named: costModel),
                                                  schedule: .nominal)))
                : .functional
            let job = SceneJob(scene: scene, sceneCase: sceneCase, seed: seed,
                               launch: SceneLaunch(threads: execution.workers, mode: mode,
                                                   options: SceneOptions(variants: r.variants)))
            do {
                let o = try SceneFrontEnd.execute(job, reuse: reuse)
                let wall = PerformanceSummary.Row(example: r.example, elapsedMicros: o.seconds.emulation * 1e6,
                                                  schedMicros: SceneRunRendering.schedSeconds(o.run.runtime) * 1e6,
                                                  orchMicros: o.run.runtime.orchestrationSeconds * 1e6)
                return Outcome(row: r, status: o.passed ? "PASS" : "FAIL", failures: o.failures, wall: wall,
                               modeled: o.run.timed == nil ? nil : SceneRunRendering.row(o), seconds: (o.seconds, o.cpuSeconds))
            } catch let e as TimedModeUnsupported {
                return Outcome(row: r, status: "not timed", failures: [e.description], wall: nil, modeled: nil)
            } catch let f as BlockFault {
                return Outcome(row: r, status: "FAIL", failures: ["kernel fault: \(f)"], wall: nil, modeled: nil)
            }
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
