import PTONumerics
@testable import PTOCore

/// A core program made of closures, one per step: the simplest way to hand-build instruction sequences in tests.
struct ScriptProgram: CoreProgram {
    var steps: [(CoreIssuer) throws -> Void]
    var next = 0

    init(_ steps: [(CoreIssuer) throws -> Void] = []) { self.steps = steps }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard next < steps.count else { return false }
        try steps[next](core)
        next += 1
        return true
    }
}

/// Runs scripts on a fresh cluster (cores without a script do nothing) and returns the cluster.
@discardableResult
func runCluster(gm: GlobalMemory, aic: [(CoreIssuer) throws -> Void] = [], aiv0: [(CoreIssuer) throws -> Void] = [],
                aiv1: [(CoreIssuer) throws -> Void] = [], sink: RecordSink? = nil,
                configure: (Cluster) -> Void = { _ in }) throws -> Cluster {
    let cluster = Cluster(index: 0, gm: gm)
    configure(cluster)
    var a = ScriptProgram(aic), b = ScriptProgram(aiv0), c = ScriptProgram(aiv1)
    try cluster.run(aic: &a, aiv0: &b, aiv1: &c, sink: sink)
    return cluster
}

/// Deterministic pseudo-random values (SplitMix64), uniform in [-1, 1).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func float() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
}

/// Tensors for tests.
enum TestTensors {
    static func f32(_ values: [Float], shape: [Int]) -> Tensor {
        let t = Tensor(dtype: .f32, shape: shape)
        for (i, v) in values.enumerated() { t.f32[i] = v }
        return t
    }

    /// bf16 tensor holding `values` rounded to nearest even; also returns the exact bf16 values as floats.
    static func bf16(_ values: [Float], shape: [Int]) -> (Tensor, [Float]) {
        let t = Tensor(dtype: .bf16, shape: shape)
        var exact: [Float] = []
        for (i, v) in values.enumerated() {
            let b = BFloat16(v)
            t.bf16[i] = b.bitPattern
            exact.append(b.float)
        }
        return (t, exact)
    }

    static func floats(_ t: Tensor) -> [Float] { (0..<t.count).map { t.floatValue(at: $0) } }
}
