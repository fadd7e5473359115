/// One named synchronisation of a program, as the program issued it: every `set_flag`/`wait_flag` carrying the
/// label (a pair, dropped or kept as a unit), every `pipe_barrier` carrying it, or every `dcci` (a flush of the
/// scalar unit's data cache to GM, which orders the core's scalar stores before what reads GM after it). Built from what the cores issued
/// during a run, never from a hand-kept list, so the catalogue cannot drift from the kernel.
public struct SyncSite: Sendable, Equatable, CustomStringConvertible {
    /// Whether the label names set/wait instructions or pipe barriers.
    public enum Kind: String, Sendable { case pair, barrier, flush }

    /// The instructions' label, e.g. `aic.qk.mte2-mte1`.
    public let name: String
    public let kind: Kind
    /// "aic" or "aiv".
    public let core: String
    /// What it orders, from the issued operands: `MTE2→MTE1 id 0/1` for a pair, `V` or `ALL` for a barrier.
    public let orders: String
    /// Set and wait instructions (pairs), barriers or flushes issued under the label over the run.
    public let count: Int

    public init(name: String, kind: Kind, core: String, orders: String, count: Int) {
        self.name = name
        self.kind = kind
        self.core = core
        self.orders = orders
        self.count = count
    }

    public var description: String { "\(name)\t\(core)\t\(kind.rawValue)\t\(orders)" }

    /// The pipe a barrier orders; nil for pairs and for PIPE_ALL.
    public var barrierPipe: Pipe? { kind == .barrier ? Pipe(name: orders) : nil }
}

/// What a launch changes in, and learns from, one core's synchronisation: labels whose `set_flag`, `wait_flag`,
/// `pipe_barrier` and `dcci` instructions are not issued at all (`--drop-sync`), and optionally a record of every labelled
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
    }
    private var entries: [String: Entry] = [:]
    /// Labels in the order this core first issued them.
    private var order: [String] = []
    private let coreName: String

    public init(dropped: Set<String>, recording: Bool, core: CoreKind) {
        self.dropped = dropped
        self.recording = recording
        coreName = core == .aic ? "aic" : "aiv"
    }

    /// Whether the edits do anything at all (a core without any is left without the hook).
    public var isEmpty: Bool { dropped.isEmpty && !recording }

    /// Notes a labelled sync about to be issued; false when its label is dropped.
    func admits(_ label: StaticString, _ kind: SyncSite.Kind, orders: String, id: Int) -> Bool {
        let name = label.description
        guard !name.isEmpty else { return true }
        if recording {
            var e = entries[name] ?? Entry(kind: kind)
            if e.count == 0 { order.append(name) }
            e.orders[orders, default: []].insert(id)
            e.count += 1
            entries[name] = e
        }
        return !dropped.contains(name)
    }

    /// The syncs recorded so far, in the order this core first issued them (dropped ones included: they were
    /// reached, not issued).
    public var sites: [SyncSite] {
        order.map { name in
            let e = entries[name]!
            let orders = e.orders.keys.sorted().map { key in
                let ids = e.orders[key]!.sorted().filter { $0 >= 0 }
                return ids.isEmpty ? key : key + " id " + ids.map(String.init).joined(separator: "/")
            }.joined(separator: ", ")
            return SyncSite(name: name, kind: e.kind, core: coreName, orders: orders, count: e.count)
        }
    }

    /// Merges the catalogues of several cores: one entry per label (counts added, orders joined), AIC labels first,
    /// each core type in program order — the core that issued the most labels gives the order, and a label only
    /// another core issued goes right after the label that core issued before it.
    public static func merge(_ parts: [[SyncSite]]) -> [SyncSite] {
        var byName: [String: SyncSite] = [:]
        for site in parts.joined() {
            if let old = byName[site.name] {
                let orders = Set(old.orders.split(separator: ",").map { $0.trimmingSpaces })
                    .union(site.orders.split(separator: ",").map { $0.trimmingSpaces }).sorted()
                byName[site.name] = SyncSite(name: site.name, kind: old.kind, core: old.core,
                                             orders: orders.joined(separator: ", "), count: old.count + site.count)
            } else {
                byName[site.name] = site
            }
        }
        var out: [String] = []
        for core in ["aic", "aiv"] {
            let sequences = parts.map { $0.filter { $0.core == core }.map(\.name) }
                .sorted { ($0.count, $0.joined(separator: ",")) > ($1.count, $1.joined(separator: ",")) }
            var merged: [String] = []
            for seq in sequences {
                var at = 0
                for name in seq {
                    if let i = merged.firstIndex(of: name) { at = i + 1; continue }
                    merged.insert(name, at: at)
                    at += 1
                }
            }
            out += merged
        }
        return out.compactMap { byName[$0] }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
