import PTOCases
import PTONumerics

/// What a sequence of scene runs in one process (`ptosim suite`) generates once and shares: the arguments of runs
/// whose scenes give the same `argumentsKey`, and the golden and exact reference of runs that also give the same
/// `goldenKey` / `exactReferenceKey`. Nothing of the chip is modeled here; it saves host time only. Every run still
/// gets outputs of its own (copies of the generated ones, taken before any run wrote them), runs its own emulation
/// and is compared on its own; the inputs are shared read-only, as the key's promise says.
///
/// It keeps the most recent entry of each kind only, so runs that share must be adjacent (`grouped(_:)` orders a
/// plan so) and at most one argument set is alive at a time beyond the run's own outputs.
public final class SceneReuse {
    /// How many times each kind of work was done and how many times it was reused, for reports and tests.
    public struct Counts: Sendable, Equatable {
        public var argumentsMade = 0, argumentsReused = 0
        public var goldensMade = 0, goldensReused = 0
        public var exactReferencesMade = 0, exactReferencesReused = 0
    }

    public private(set) var counts = Counts()
    private var arguments: (key: String, args: SceneArgs)?
    private var golden: (key: String, outputs: [String: Tensor])?
    private var exact: (key: String, outputs: [String: Tensor]?)?

    public init() {}

    /// The arguments of `scene`'s `sceneCase` under `seed`: generated, or the stored ones with fresh copies of the
    /// outputs. Also returns the key (nil when the scene shares nothing), which the references' keys extend.
    func arguments(_ scene: any Scene, _ sceneCase: SceneCase, seed: UInt64) throws -> (SceneArgs, String?) {
        guard let key = try scene.argumentsKey(sceneCase, seed: seed) else {
            return (try scene.makeArgs(sceneCase, seed: seed), nil)
        }
        if let stored = arguments, stored.key == key {
            counts.argumentsReused += 1
            return (stored.args.copying(scene.outputNames), key)
        }
        // Drop the previous set before making the next, so two are never alive at once.
        arguments = nil
        golden = nil
        exact = nil
        let made = try scene.makeArgs(sceneCase, seed: seed)
        counts.argumentsMade += 1
        arguments = (key, made)
        return (made.copying(scene.outputNames), key)
    }

    /// The golden of the arguments under `argumentsKey`, computed by `compute` unless stored.
    func golden(_ scene: any Scene, _ sceneCase: SceneCase, argumentsKey: String?,
                compute: () throws -> [String: Tensor]) throws -> [String: Tensor] {
        try reuse(\.golden, own: argumentsKey == nil ? nil : try scene.goldenKey(sceneCase), argumentsKey,
                  made: \.goldensMade, reused: \.goldensReused, compute: compute)
    }

    /// The exact reference of the arguments under `argumentsKey`, computed by `compute` unless stored.
    func exactReference(_ scene: any Scene, _ sceneCase: SceneCase, argumentsKey: String?,
                        compute: () throws -> [String: Tensor]?) throws -> [String: Tensor]? {
        try reuse(\.exact, own: argumentsKey == nil ? nil : try scene.exactReferenceKey(sceneCase), argumentsKey,
                  made: \.exactReferencesMade, reused: \.exactReferencesReused, compute: compute)
    }

    /// The stored value in `slot` when its key is `argumentsKey | own`, else `compute()` stored there; with no key
    /// (the scene shares nothing) `compute()` alone.
    private func reuse<Value>(_ slot: ReferenceWritableKeyPath<SceneReuse, (key: String, outputs: Value)?>,
                              own: String?, _ argumentsKey: String?, made: WritableKeyPath<Counts, Int>,
                              reused: WritableKeyPath<Counts, Int>, compute: () throws -> Value) throws -> Value {
        guard let argumentsKey, let own else { return try compute() }
        let key = argumentsKey + " | " + own
        if let stored = self[keyPath: slot], stored.key == key {
            counts[keyPath: reused] += 1
            return stored.outputs
        }
        let value = try compute()
        counts[keyPath: made] += 1
        self[keyPath: slot] = (key, value)
        return value
    }

    /// The indices of `items` in an order where items with the same non-nil key are adjacent: each group at the
    /// place of its first member, the rest in their own order.
    public static func grouped(_ keys: [String?]) -> [Int] {
        var order: [Int] = [], placed = Set<Int>()
        for (i, key) in keys.enumerated() where !placed.contains(i) {
            order.append(i)
            placed.insert(i)
            guard let key else { continue }
            for j in (i + 1)..<keys.count where keys[j] == key {
                order.append(j)
                placed.insert(j)
            }
        }
        return order
    }
}
