import ArgumentParser
import PTOCases
import PTOKernels
import PTOScenes

/// `--scene NAME` and `--variant KEY=VALUE`: run one of the scenes `ptosim scenes` lists instead of the built-in
/// paged-attention case path. Shared by `run`, `check`, `trace` and `bench`.
public struct SceneSelection: ParsableArguments {
    @Option(help: ArgumentHelp("A scene from `ptosim scenes`; --case then names one of its cases.", valueName: "name"))
    public var scene: String?

    @Option(name: .customLong("variant"), help: ArgumentHelp("A kernel variant of the scene (repeatable), e.g. events=shared; `ptosim scenes` lists them.", valueName: "key=value"))
    public var variantPairs: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a parameter of the scene's case (repeatable), e.g. batch=4 or context_lens_list=700,129,0; the scene's own validation applies.", valueName: "key=value"))
    public var paramPairs: [String] = []

    public init() {}

    /// Whether a scene was chosen.
    public var isSet: Bool { scene != nil }

    /// The scene and its case (`caseName` nil: the scene's first case).
    public func resolve(caseName: String?) throws -> (any Scene, SceneCase) {
        guard let scene else { throw UsageError("--scene is required here") }
        let s = try SceneCatalogue.scene(named: scene)
        var c = try caseName.map { try s.sceneCase(named: $0) } ?? s.cases[0]
        for pair in paramPairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError("--param \(pair): expected KEY=VALUE") }
            let (key, text) = (parts[0], parts[1])
            guard let old = c.value(key) else {
                let keys = c.params.map(\.0).joined(separator: ", ")
                if key.hasSuffix("_list") || text.contains(",") { c = c.with(key, .ints(try Self.ints(pair, text))); continue }
                throw UsageError("--param \(key): case \(c.name) of \(s.name) has no such parameter (parameters: \(keys))")
            }
            switch old {
            case .int:
                guard let v = Int(text) else { throw UsageError("--param \(pair): \(key) takes an integer") }
                c = c.with(key, .int(v))
            case .double:
                guard let v = Double(text), v.isFinite else { throw UsageError("--param \(pair): \(key) takes a number") }
                c = c.with(key, .double(v))
            case .string: c = c.with(key, .string(text))
            case .ints: c = c.with(key, .ints(try Self.ints(pair, text)))
            }
        }
        return (s, c)
    }

    static func ints(_ pair: String, _ text: String) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: " ")) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw UsageError("--param \(pair): expected comma-separated integers")
        }
        return values.map { $0! }
    }

    /// The run's sync edits and variants. `--events` and `--no-prefetch` are the variants `events` and `prefetch`
    /// of a scene that has them, and refused for one that has not.
    public func options(_ scene: any Scene, kernel: KernelOptions) throws -> SceneOptions {
        var variants: [String: String] = [:]
        for pair in variantPairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError("--variant \(pair): expected KEY=VALUE") }
            variants[parts[0]] = parts[1]
        }
        let names = Set(scene.variants.map(\.name))
        if names.contains("events") {
            if variants["events"] == nil { variants["events"] = kernel.events.rawValue }
        } else if kernel.events != .perSlot {
            throw UsageError("--events: scene \(scene.name) has no event-scheme variant")
        }
        if kernel.noPrefetch {
            guard names.contains("prefetch") else { throw UsageError("--no-prefetch: scene \(scene.name) has no prefetch variant") }
            variants["prefetch"] = "false"
        }
        let options = SceneOptions(droppedSyncs: Set(kernel.dropSync), addedSyncs: Set(kernel.addSync), variants: variants)
        do { try scene.validate(options) } catch let e as SceneError { throw UsageError(e.description) }
        return options
    }

    /// The scene launch for the kernel and execution options.
    public func launch(_ scene: any Scene, kernel: KernelOptions, threads: Int, mode: LaunchMode) throws -> SceneLaunch {
        if let c = kernel.clustersOption, !(1...1024).contains(c) {
            throw UsageError("--clusters must be in 1...1024, got \(c)")
        }
        return SceneLaunch(clusters: kernel.clustersOption, threads: threads, mode: mode,
                           options: try options(scene, kernel: kernel))
    }
}

extension VerdictPolicy: ExpressibleByArgument {}
