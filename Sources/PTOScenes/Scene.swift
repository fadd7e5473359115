import PTOCases
import PTOKernels
import PTONumerics
import PTORuntime

/// One of simpler's scene tests, ported: its cases, its inputs, the in-core kernels it registers (PTOCore programs,
/// by func_id), the orchestration that submits its tasks through the runtime, and the golden its outputs are
/// judged against at the scene's tolerance.
///
/// A conforming type is the glue only: inputs live in PTOCases, the golden in PTOGolden (which knows nothing of the
/// emulator), kernels and orchestration in PTOKernels. Every scene runs through one launch path (`SceneRunner`).
public protocol Scene: Sendable {
    /// simpler's scene name, e.g. `alternating_matmul_add`.
    var name: String { get }
    /// One line: what the scene computes and how its tasks are shaped.
    var summary: String { get }
    /// The cases simpler's test declares, in its order.
    var cases: [SceneCase] { get }
    /// The test file's tolerance: an output element passes when |actual − expected| ≤ atol + rtol · |expected|.
    var tolerance: SceneTolerance { get }
    /// The tensors the golden computes and the run is judged on, in order.
    var outputNames: [String] { get }

    /// The scene's arguments for `sceneCase` (tensors then scalars, as its orchestration reads them), inputs drawn
    /// from the golden's distributions with PTOSim's seeded generator, outputs allocated. Throws a one-line
    /// `CaseError` for parameters the scene's generator would reject.
    func makeArgs(_ sceneCase: SceneCase, seed: UInt64) throws -> SceneArgs
    /// The expected outputs by name, from the scene's golden.
    func golden(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor]
    /// Registers the scene's in-core kernels on `host` (simpler's `incores`).
    func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws
    /// The orchestration entry (`aicpu_orchestration_entry`): submits the scene's tasks; `args` are the arguments
    /// as GM tensors and scalars in order.
    func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws

    /// Kernel variants the scene offers (`--variant name=value`); default none.
    var variants: [SceneVariant] { get }
    /// Syncs the scene can add by name (`--add-sync`), with what each orders; default none.
    var addableSyncs: [(name: String, orders: String)] { get }
    /// A reference the outputs must equal bit for bit (the kernel's own arithmetic, in the kernel's order), when
    /// the scene has one; nil when only the tolerance verdict applies. Default nil.
    func exactReference(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor]?
    /// Whether the golden itself performs the kernels' arithmetic exactly (the same fp32 operations in the same
    /// order, the cube's products through the same BLAS calls), so the exact verdict holds the outputs to the golden
    /// bit for bit without a second reference. Default false.
    var goldenIsBitExact: Bool { get }

    /// What `makeArgs(sceneCase, seed:)` depends on, as a key that two runs (of this scene or another) share exactly
    /// when their generated arguments are the same bit for bit: the same generator, parameters and seed. A sequence
    /// of runs then generates them once (`SceneReuse`). A scene that gives a key promises that a run writes no
    /// tensor but its `outputNames`. Default nil: never shared.
    func argumentsKey(_ sceneCase: SceneCase, seed: UInt64) throws -> String?
    /// What `golden` computes from arguments of one `argumentsKey`, as a key two scenes share exactly when their
    /// goldens are the same function of the case. Default nil: never shared.
    func goldenKey(_ sceneCase: SceneCase) throws -> String?
    /// The same for `exactReference`. Default nil: never shared.
    func exactReferenceKey(_ sceneCase: SceneCase) throws -> String?
}

extension Scene {
    public var variants: [SceneVariant] { [] }
    public var addableSyncs: [(name: String, orders: String)] { [] }
    public func exactReference(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor]? { nil }
    public var goldenIsBitExact: Bool { false }
    public func argumentsKey(_ sceneCase: SceneCase, seed: UInt64) throws -> String? { nil }
    public func goldenKey(_ sceneCase: SceneCase) throws -> String? { nil }
    public func exactReferenceKey(_ sceneCase: SceneCase) throws -> String? { nil }
}

/// A named kernel variant of a scene and the values it takes, the first being the default.
public struct SceneVariant: Sendable, Equatable {
    public let name: String
    public let values: [String]
    public let summary: String

    public init(name: String, values: [String], summary: String) {
        self.name = name
        self.values = values
        self.summary = summary
    }

    /// The default value.
    public var defaultValue: String { values[0] }
}

extension Scene {
    /// The value of variant `name` in `options` (its default when unset).
    public func variant(_ name: String, in options: SceneOptions) -> String {
        options.variants[name] ?? variants.first { $0.name == name }?.defaultValue ?? ""
    }

    /// Checks `options` against the scene: known variants with known values, addable syncs it offers. One-line
    /// `SceneError` otherwise.
    public func validate(_ options: SceneOptions) throws {
        for (key, value) in options.variants.sorted(by: { $0.key < $1.key }) {
            guard let v = variants.first(where: { $0.name == key }) else {
                throw SceneError("scene \(name) has no variant '\(key)'"
                                 + (variants.isEmpty ? "" : " (variants: \(variants.map(\.name).joined(separator: ", ")))"))
            }
            guard v.values.contains(value) else {
                throw SceneError("variant \(key) of scene \(name) takes \(v.values.joined(separator: " or ")), not '\(value)'")
            }
        }
        let addable = Set(addableSyncs.map(\.name))
        for s in options.addedSyncs.sorted() where !addable.contains(s) {
            throw SceneError("scene \(name) cannot add sync '\(s)'"
                             + (addable.isEmpty ? " (it offers none)" : " (addable: \(addable.sorted().joined(separator: ", ")))"))
        }
    }

    /// The case named `name`, or a one-line error listing the scene's cases.
    public func sceneCase(named name: String) throws -> SceneCase {
        guard let c = cases.first(where: { $0.name == name }) else {
            throw CaseError(.unknownCase, "scene \(self.name) has no case '\(name)' (cases: "
                + cases.map(\.name).joined(separator: ", ") + ")")
        }
        return c
    }
}

/// A scene test's tolerance (`RTOL`, `ATOL`).
public struct SceneTolerance: Sendable, Equatable {
    public var rtol: Double
    public var atol: Double
    public init(rtol: Double, atol: Double) {
        self.rtol = rtol
        self.atol = atol
    }
}

/// Sync edits and kernel variants a run applies (generic over scenes; a scene reads what applies to it).
public struct SceneOptions: Sendable {
    /// Sync labels to drop (`--drop-sync`).
    public var droppedSyncs: Set<String>
    /// Extra syncs to add by name (`--add-sync`).
    public var addedSyncs: Set<String>
    /// Scene-specific variant switches by name (e.g. `events=shared`, `prefetch_kv=false`).
    public var variants: [String: String]

    public init(droppedSyncs: Set<String> = [], addedSyncs: Set<String> = [], variants: [String: String] = [:]) {
        self.droppedSyncs = droppedSyncs
        self.addedSyncs = addedSyncs
        self.variants = variants
    }
}

/// The orchestration's view of its arguments (simpler's `orch_args.tensor(i)` / `orch_args.scalar(i)`): the scene's
/// tensors registered as external GM tensors under their names, and its scalars.
public struct OrchestrationArgs: Sendable {
    /// Tensor arguments in order.
    public let tensors: [ChipTensor]
    /// Scalar arguments in order, raw bits.
    public let scalars: [UInt64]

    /// Makes the external GM tensors of `args` (each a flat tensor of its host shape).
    public init(_ args: SceneArgs) throws {
        tensors = try args.tensors.map { try ChipTensor(external: $0.tensor, name: $0.name) }
        scalars = args.scalars.map(\.bits)
    }

    /// The i-th tensor argument.
    public func tensor(_ i: Int) -> ChipTensor { tensors[i] }
    /// The i-th scalar as a signed integer.
    public func int(_ i: Int) -> Int { Int(Int64(bitPattern: scalars[i])) }
    /// The i-th scalar as a float (its low 32 bits).
    public func float(_ i: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: scalars[i])) }
}
