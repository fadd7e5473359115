/// Something a timed schedule ran into that the chip would turn into a hang or an error: a wait no set can satisfy
/// any more, a set absorbed by a flag that was still up, a cross-core counter past 15, flags left at exit.
public struct TimedFault: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case deadlock
        case lostSignal = "lost_signal"
        case counterOverflow = "counter_overflow"
        case leftoverFlags = "leftover_flags"
    }

    public var kind: Kind
    /// The hardware block whose cluster saw it.
    public var hardwareBlock: Int
    public var message: String

    public init(kind: Kind, hardwareBlock: Int, message: String) {
        self.kind = kind
        self.hardwareBlock = hardwareBlock
        self.message = message
    }

    public var description: String { "hardware block \(hardwareBlock): \(kind.rawValue): \(message)" }
}
