/// What the cores of one cluster (or one trace replay) share while they run: GM, the cross-core counters, the
/// record sink, and the faults and warnings collected so far.
final class ExecutionContext {
    let gm: GlobalMemory?
    let counters: CrossCoreCounters
    var sink: RecordSink? {
        didSet {
            sinkHolder = sink.map(SinkHolder.init)
            unretainedSink = sinkHolder.map { Unmanaged.passUnretained($0) }
        }
    }
    /// `sink` as the issue path reads it for every executed instruction: through an unretained reference to a holder
    /// whose `let` names the sink, so handing a record over costs no reference counting (`sinkHolder` keeps both
    /// alive while the sink is attached).
    private(set) var unretainedSink: Unmanaged<SinkHolder>?
    private var sinkHolder: SinkHolder?

    final class SinkHolder {
        let sink: RecordSink
        init(_ sink: RecordSink) { self.sink = sink }
    }
    /// Collect lost signals and counter overflows and keep running (trace checking) instead of throwing at the first.
    var collectFaults = false
    /// Whether TPUSH/TPOP's built-in lane offset uses the AIV lane (true) or sees 0 on both lanes (simpler's MIX
    /// dispatch, the default).
    var laneOffsetUsesSubBlockId = false
    var coreNames: [String]

    private(set) var lostSignals: [LostSignal] = []
    private(set) var faultsOtherThanLostSignals: [CoreFault] = []
    private(set) var warnings: [SyncWarning] = []
    private var warningIndex: [SyncWarningKey: Int] = [:]

    init(gm: GlobalMemory?, counters: CrossCoreCounters, coreNames: [String]) {
        self.gm = gm
        self.counters = counters
        self.coreNames = coreNames
    }

    /// Reports a fault: thrown at once unless faults are being collected.
    func fault(_ f: CoreFault) throws {
        guard collectFaults else { throw f }
        if case let .lostSignal(lost) = f { lostSignals.append(lost) } else { faultsOtherThanLostSignals.append(f) }
    }

    /// Adds a warning, merging repeats that share `key` into one entry with a count.
    func warn(_ kind: SyncWarning.Kind, key: SyncWarningKey, message: @autoclosure () -> String) {
        // A pattern that recurs on every KV step is one of the last few seen: compared by label address first, it is
        // found without hashing the labels' text.
        for recent in recentWarnings where recent.key == key {
            warnings[recent.index].count += 1
            return
        }
        let index: Int
        if let i = warningIndex[key] {
            warnings[i].count += 1
            index = i
        } else {
            index = warnings.count
            warningIndex[key] = index
            warnings.append(SyncWarning(kind: kind, message: message(), count: 1))
        }
        if recentWarnings.count == Self.recentWarningLimit { recentWarnings.removeFirst() }
        recentWarnings.append((key, index))
    }

    /// How many recently warned keys `warn` checks before the dictionary.
    private static let recentWarningLimit = 8
    private var recentWarnings: [(key: SyncWarningKey, index: Int)] = []

    func resetCollected() {
        lostSignals.removeAll()
        faultsOtherThanLostSignals.removeAll()
        warnings.removeAll()
        warningIndex.removeAll()
        recentWarnings.removeAll()
    }
}

/// A sync pattern that is legal but risky on the chip. Repeats are merged: `count` says how often it occurred.
public struct SyncWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The same (src pipe, event id) was live toward two destination pipes at once (PTOAS #118/#130: the
        /// hardware may key flags by (src, id) only).
        case sharedEventID = "shared_event_id"
        /// A set_flag is not ordered after the wait that consumed the previous set of the same flag, so under a
        /// slower destination pipe it could find the bit still set and be lost.
        case unorderedSet = "unordered_set"
        /// Consecutive cross-core sets of one flag from one core come from unordered pipes, so which set a wait
        /// consumes depends on timing.
        case unorderedCrossSet = "unordered_cross_set"
        /// Scalar stores to GM still in the core's data cache when the kernel ended (no `dcci` cleaned their line):
        /// GM never receives them.
        case uncleanedScalarStore = "uncleaned_scalar_store"
    }

    public var kind: Kind
    public var message: String
    public var count: Int

    public var description: String { count > 1 ? "\(message) (\(count) times)" : message }
}
