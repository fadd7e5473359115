/// One named synchronisation of a program, as the program issued it: every `set_flag`/`wait_flag` carrying the
/// label (a pair, dropped or kept as a unit), or every `pipe_barrier` carrying it. Built from what the cores issued
/// during a run, never from a hand-kept list, so the catalogue cannot drift from the kernel.
public struct SyncSite: Sendable, Equatable, CustomStringConvertible {
    /// Whether the label names set/wait instructions or pipe barriers.
    public enum Kind: String, Sendable { case pair, barrier }

    /// The instructions' label, e.g. `aic.qk.mte2-mte1`.
    public let name: String
    public let kind: Kind
    /// "aic" or "aiv".
    public let core: String
    /// What it orders, from the issued operands: `MTE2→MTE1 id 0/1` for a pair, `V` or `ALL` for a barrier.
    public let orders: String
    /// Set and wait instructions (pairs) or barriers issued under the label over the run.
    public let count: Int
    /// The earliest position in its block's instruction stream the label was issued at (orders the catalogue).
    public let firstIndex: Int

    public init(name: String, kind: Kind, core: String, orders: String, count: Int, firstIndex: Int) {
        self.name = name
        self.kind = kind
        self.core = core
        self.orders = orders
        self.count = count
        self.firstIndex = firstIndex
    }

    public var description: String { "\(name)\t\(core)\t\(kind.rawValue)\t\(orders)" }

    /// The pipe a barrier orders; nil for pairs and for PIPE_ALL.
    public var barrierPipe: Pipe? { kind == .barrier ? Pipe(name: orders) : nil }
}

/// What a launch changes in, and learns from, one core's synchronisation: labels whose `set_flag`, `wait_flag` and
/// `pipe_barrier` instructions are not issued at all (`--drop-sync`), and optionally a record of every labelled
/// sync the core issued (the sync catalogue). Attached to a `CoreIssuer` by the launch, so a scene's kernels issue
/// their syncs as the kernel source has them and never test for dropped labels themselves.
///
/// One instance belongs to one core and is touched only by the thread running it.
public final class SyncEdits {
    /// Labels not issued.
    public let dropped: Set<String>
    /// Whether issued syncs are recorded.
    public let recording: Bool

    private struct Entry {
        var kind: SyncSite.Kind
        var orders: [String: Set<Int>] = [:]
        var count = 0
        var firstIndex: Int
    }
    private var entries: [String: Entry] = [:]
    private let coreName: String

    public init(dropped: Set<String>, recording: Bool, core: CoreKind) {
        self.dropped = dropped
        self.recording = recording
        coreName = core == .aic ? "aic" : "aiv"
    }

    /// Whether the edits do anything at all (a core without any is left without the hook).
    public var isEmpty: Bool { dropped.isEmpty && !recording }

    /// Notes a labelled sync about to be issued at stream position `index`; false when its label is dropped.
    func admits(_ label: StaticString, _ kind: SyncSite.Kind, orders: String, id: Int, index: Int) -> Bool {
        let name = label.description
        guard !name.isEmpty else { return true }
        if recording {
            var e = entries[name] ?? Entry(kind: kind, firstIndex: index)
            e.orders[orders, default: []].insert(id)
            e.count += 1
            e.firstIndex = min(e.firstIndex, index)
            entries[name] = e
        }
        return !dropped.contains(name)
    }

    /// The syncs recorded so far (dropped ones included: they were reached, not issued).
    public var sites: [SyncSite] {
        entries.map { name, e in
            let orders = e.orders.keys.sorted().map { key in
                let ids = e.orders[key]!.sorted().filter { $0 >= 0 }
                return ids.isEmpty ? key : key + " id " + ids.map(String.init).joined(separator: "/")
            }.joined(separator: ", ")
            return SyncSite(name: name, kind: e.kind, core: coreName, orders: orders, count: e.count,
                            firstIndex: e.firstIndex)
        }
    }

    /// Merges the catalogues of several cores: one entry per label (counts added, earliest position kept), AIC
    /// labels first, then by first position in their block's stream, then by name.
    public static func merge(_ parts: [[SyncSite]]) -> [SyncSite] {
        var byName: [String: SyncSite] = [:]
        for site in parts.joined() {
            if let old = byName[site.name] {
                let orders = Set(old.orders.split(separator: ",").map { $0.trimmingSpaces })
                    .union(site.orders.split(separator: ",").map { $0.trimmingSpaces }).sorted()
                byName[site.name] = SyncSite(name: site.name, kind: old.kind, core: old.core,
                                             orders: orders.joined(separator: ", "), count: old.count + site.count,
                                             firstIndex: min(old.firstIndex, site.firstIndex))
            } else {
                byName[site.name] = site
            }
        }
        return byName.values.sorted {
            ($0.core, $0.firstIndex, $0.name) < ($1.core, $1.firstIndex, $1.name)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
