import ArgumentParser
import PTOCases
import PTOFormats
import PTOScenes

extension PTOSimCommand {
    /// `ptosim scenes`: every ported scene with its cases and their parameters.
    public struct Scenes: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the scenes PTOSim runs (simpler's scene tests), their cases and parameters.",
            discussion: """
                Each scene lists its tolerance (the test file's RTOL/ATOL), its outputs, the kernel variants \
                `--variant` accepts, the syncs `--add-sync` accepts, and its cases with their parameters, block_dim \
                and whether simpler marks them manual. Run one with `ptosim run --scene NAME --case CASE`.
                """)

        @Flag(help: "Print the catalogue as JSON.")
        public var json = false

        public init() {}

        public func run() throws {
            print(json ? SceneListing.json(SceneCatalogue.all).serialized : SceneListing.text(SceneCatalogue.all))
        }
    }
}

/// `ptosim scenes` output.
enum SceneListing {
    static func text(_ scenes: [any Scene]) -> String {
        var lines: [String] = []
        for s in scenes {
            lines.append("\(s.name): \(s.summary)")
            lines.append("  tolerance rtol = \(s.tolerance.rtol), atol = \(s.tolerance.atol); outputs "
                         + s.outputNames.joined(separator: ", "))
            for v in s.variants {
                lines.append("  variant \(v.name) = \(v.values.joined(separator: " | ")) (default \(v.defaultValue)): \(v.summary)")
            }
            for a in s.addableSyncs { lines.append("  addable sync \(a.name): \(a.orders)") }
            for c in s.cases {
                lines.append("  \(c.name)\(c.manual ? " (manual)" : ""): "
                             + c.params.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " block_dim=\(c.blockDim)"
                             + (c.note.isEmpty ? "" : " — \(c.note)"))
            }
            lines.append("")
        }
        if scenes.isEmpty { lines.append("no scenes") }
        return lines.joined(separator: "\n")
    }

    static func json(_ scenes: [any Scene]) -> JSONValue {
        .object([("scenes", .array(scenes.map { s in
            .object([
                ("name", .string(s.name)), ("summary", .string(s.summary)),
                ("rtol", .number("\(s.tolerance.rtol)")), ("atol", .number("\(s.tolerance.atol)")),
                ("outputs", .array(s.outputNames.map { .string($0) })),
                ("variants", .array(s.variants.map { v in
                    .object([("name", .string(v.name)), ("values", .array(v.values.map { .string($0) })),
                             ("default", .string(v.defaultValue)), ("summary", .string(v.summary))])
                })),
                ("addable_syncs", .array(s.addableSyncs.map { .object([("name", .string($0.name)), ("orders", .string($0.orders))]) })),
                ("cases", .array(s.cases.map { c in
                    .object([("name", .string(c.name)), ("params", SceneRunRendering.params(c)),
                             ("block_dim", .number("\(c.blockDim)")), ("aicpu_thread_num", .number("\(c.aicpuThreads)")),
                             ("manual", .bool(c.manual)), ("note", .string(c.note))])
                })),
            ])
        }))])
    }
}
