import PTONumerics

/// The host memory a command will allocate for a case, part by part (inputs, output, references, the emulated
/// clusters' scratchpads), checked against what the host has available *before* any of it is allocated, so that a
/// case too large for the machine is refused with the numbers instead of ending in the OOM killer or in swap.
public struct MemoryEstimate: Sendable, Equatable {
    /// One named part and its size in bytes.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var bytes: Int
        public init(_ name: String, _ bytes: Int) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// The parts, in the order they are reported.
    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    /// The sum of the parts (saturating: estimates of absurd cases must not overflow).
    public var total: Int {
        parts.reduce(0) { sum, part in
            let (s, overflow) = sum.addingReportingOverflow(max(0, part.bytes))
            return overflow ? .max : s
        }
    }

    /// Throws `.insufficientMemory` when the total exceeds `available` (by default `HostMemory.available()`;
    /// nothing is checked when the host's memory cannot be measured). `what` names the work, e.g. "ptosim run".
    public func check(what: String, available: (bytes: Int, source: String)? = HostMemory.available())
        throws(CaseError) {
        guard let available, total > available.bytes else { return }
        let breakdown = parts.filter { $0.bytes > 0 }.map { "\($0.name) \(Self.format($0.bytes))" }
            .joined(separator: ", ")
        throw CaseError(.insufficientMemory, "\(what) needs an estimated \(Self.format(total)) of memory (\(breakdown)) "
                        + "but only \(Self.format(available.bytes)) is available (\(available.source)); "
                        + "use a smaller batch or context length")
    }

    /// Decimal units as memory tools print them: `68.72 GB`, `3.1 MB`, `512 B`.
    public static func format(_ bytes: Int) -> String {
        for (scale, unit) in [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        where Double(bytes) >= scale {
            let hundredths = Int((Double(bytes) / scale * 100).rounded())
            let frac = hundredths % 100
            return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac) \(unit)"
        }
        return "\(bytes) B"
    }
}
