/// The kernels a runtime can dispatch, by kernel id (simpler's `func_id`s of a scene test's `incores` list), plus the
/// hooks that run MIX blocks.
///
/// A single-core task (AIC or AIV) runs the body registered under its kernel id once per block. A MIX task runs one
/// block per cluster through, in order of preference: a hook registered for its exact kernel triple, the default
/// cluster-block hook, or — when neither exists — the bodies of its active slots one after another on the cluster
/// (AIC, then AIV0, then AIV1). That last fallback suits kernels whose lanes do not communicate; lanes that
/// exchange data through FIFOs need a hook that runs them together.
public struct KernelRegistry: Sendable {
    private var bodies: [Int: KernelBody] = [:]
    private var clusterHooks: [MixedKernels: ClusterBlockHook] = [:]
    private var defaultClusterHook: ClusterBlockHook?

    /// An empty registry.
    public init() {}

    /// Registers the program for kernel `id` (replacing any earlier one).
    public mutating func register(_ id: Int, _ body: @escaping KernelBody) {
        bodies[id] = body
    }

    /// Registers the hook that runs MIX blocks of tasks with exactly these kernels.
    public mutating func registerClusterBlock(for kernels: MixedKernels, _ hook: @escaping ClusterBlockHook) {
        clusterHooks[kernels] = hook
    }

    /// Sets the hook for MIX tasks that have no hook of their own.
    public mutating func setDefaultClusterBlock(_ hook: @escaping ClusterBlockHook) {
        defaultClusterHook = hook
    }

    /// The body of kernel `id`.
    public func body(_ id: Int) -> KernelBody? { bodies[id] }

    /// How a MIX block of `kernels` runs; nil when no hook exists and a slot has no body.
    func clusterRunner(for kernels: MixedKernels) -> ClusterBlockHook? {
        if let hook = clusterHooks[kernels] ?? defaultClusterHook { return hook }
        let registered = bodies
        let slots = MixSlot.allCases
        guard slots.allSatisfy({ kernels.id($0) < 0 || registered[kernels.id($0)] != nil }) else { return nil }
        return { block in
            for slot in slots {
                guard let context = block.context(slot) else { continue }
                try registered[context.kernel]!(context)
            }
        }
    }

    /// Checks at submit that every kernel a task will run can be found.
    func validate(_ kernels: MixedKernels) throws {
        switch kernels.shape {
        case .dummy:
            return
        case .aic, .aiv:
            for slot in MixSlot.allCases where kernels.id(slot) >= 0 && bodies[kernels.id(slot)] == nil {
                throw RuntimeError.unknownKernel(id: kernels.id(slot), slot: slot.rawValue)
            }
        case .mix:
            if clusterRunner(for: kernels) == nil {
                let slot = MixSlot.allCases.first { kernels.id($0) >= 0 && bodies[kernels.id($0)] == nil }!
                throw RuntimeError.unknownKernel(id: kernels.id(slot), slot: "\(slot.rawValue) of MIX task \(kernels), "
                    + "which has no cluster-block hook either")
            }
        }
    }
}

extension MixedKernels {
    /// The kernel id in `slot`.
    public func id(_ slot: MixSlot) -> Int {
        switch slot {
        case .aic: return aic
        case .aiv0: return aiv0
        case .aiv1: return aiv1
        }
    }
}
