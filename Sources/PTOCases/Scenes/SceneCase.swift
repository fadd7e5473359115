/// One case of a scene as simpler's scene test declares it: a name, the parameters its `generate_args` and golden
/// read, and the launch configuration (AICPU threads, block dim) the test asks of the runtime.
public struct SceneCase: Sendable, Equatable {
    /// A parameter value: simpler's cases use integers, floats, strings and integer lists.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case int(Int)
        case double(Double)
        case string(String)
        case ints([Int])

        public var description: String {
            switch self {
            case let .int(v): return "\(v)"
            case let .double(v): return "\(v)"
            case let .string(v): return v
            case let .ints(v): return "[" + v.map(String.init).joined(separator: ", ") + "]"
            }
        }
    }

    /// The case name as simpler spells it (`Case1`, `default`, ...).
    public let name: String
    /// Parameters in declaration order.
    public let params: [(String, Value)]
    /// AICPU threads the case asks for (`aicpu_thread_num`).
    public let aicpuThreads: Int
    /// Block dim the case asks for (`block_dim`): clusters the runtime may use.
    public let blockDim: Int
    /// Whether simpler marks the case manual (run on request, not in CI).
    public let manual: Bool
    /// What the case is for, and anything known about it (e.g. that it fails its golden on hardware too).
    public let note: String

    public init(name: String, params: [(String, Value)], aicpuThreads: Int = 4, blockDim: Int = 24,
                manual: Bool = false, note: String = "") {
        self.name = name
        self.params = params
        self.aicpuThreads = aicpuThreads
        self.blockDim = blockDim
        self.manual = manual
        self.note = note
    }

    public static func == (a: SceneCase, b: SceneCase) -> Bool {
        a.name == b.name && a.params.map(\.0) == b.params.map(\.0) && a.params.map(\.1) == b.params.map(\.1)
            && a.aicpuThreads == b.aicpuThreads && a.blockDim == b.blockDim && a.manual == b.manual
    }

    /// The parameter `key`, or nil.
    public func value(_ key: String) -> Value? { params.first { $0.0 == key }?.1 }

    /// The integer parameter `key`; a one-line error naming the case when it is missing or not an integer.
    public func int(_ key: String) throws -> Int {
        guard case let .int(v)? = value(key) else {
            throw CaseError(.invalidParameter, "case \(name): parameter '\(key)' is missing or not an integer")
        }
        return v
    }

    /// The integer parameter `key`, or `fallback` when the case does not set it (simpler's `params.get(key, d)`).
    public func int(_ key: String, default fallback: Int) throws -> Int {
        value(key) == nil ? fallback : try int(key)
    }

    /// The integer-list parameter `key`.
    public func ints(_ key: String) throws -> [Int] {
        guard case let .ints(v)? = value(key) else {
            throw CaseError(.invalidParameter, "case \(name): parameter '\(key)' is missing or not an integer list")
        }
        return v
    }

    /// The floating-point parameter `key` (an integer is accepted).
    public func double(_ key: String) throws -> Double {
        switch value(key) {
        case let .double(v)?: return v
        case let .int(v)?: return Double(v)
        default: throw CaseError(.invalidParameter, "case \(name): parameter '\(key)' is missing or not a number")
        }
    }

    /// The string parameter `key`.
    public func string(_ key: String) throws -> String {
        guard case let .string(v)? = value(key) else {
            throw CaseError(.invalidParameter, "case \(name): parameter '\(key)' is missing or not a string")
        }
        return v
    }

    /// This case with one parameter replaced (or added): how a user overrides a case from the command line.
    public func with(_ key: String, _ value: Value) -> SceneCase {
        var p = params
        if let i = p.firstIndex(where: { $0.0 == key }) { p[i].1 = value } else { p.append((key, value)) }
        return SceneCase(name: name, params: p, aicpuThreads: aicpuThreads, blockDim: blockDim, manual: manual,
                         note: note)
    }
}
