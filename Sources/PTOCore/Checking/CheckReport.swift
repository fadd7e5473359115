import PTOFormats

/// Everything a checked run found (a trace-file replay or an emulated cluster), renderable as the JSON
/// docs/cli.md documents (`ptosim check --json`) or as plain text. Sites carry their own labels: an empty label means the instruction had none.
/// `isClean` is false when anything at all was reported.
public struct CheckReport: Sendable {
    public var hazards: [Hazard]
    /// Every core's pending wait when the replay deadlocked, or nil.
    public var deadlock: [PendingWait]?
    public var lostSignals: [LostSignal]
    public var leftovers: [LeftoverFlag]
    public var warnings: [SyncWarning]
    /// Other faults (cross-core counter overflows).
    public var faults: [CoreFault]

    public init(hazards: [Hazard], deadlock: [PendingWait]?, lostSignals: [LostSignal], leftovers: [LeftoverFlag],
                warnings: [SyncWarning], faults: [CoreFault]) {
        self.hazards = hazards
        self.deadlock = deadlock
        self.lostSignals = lostSignals
        self.leftovers = leftovers
        self.warnings = warnings
        self.faults = faults
    }

    public var isClean: Bool {
        hazards.isEmpty && deadlock == nil && lostSignals.isEmpty && leftovers.isEmpty && warnings.isEmpty
            && faults.isEmpty
    }

    // MARK: JSON

    /// `{"hazards": [...], "deadlock": null | {"waiting": [...]}, "lost_signals": [...], "leftover_flags": [...],
    /// "warnings": [...]}` with stable key order.
    public func json() -> String {
        var out = "{\n  \"hazards\": ["
        out += hazards.map { h in
            "\n    {\"kind\": \(q(h.kind.rawValue)), \"space\": \(q(h.space.name)), \"offset\": \(h.offset), "
                + "\"bytes\": \(h.bytes), \"first\": \(site(h.first.coreName, h.first.index, h.first.pipe, h.first.label)), "
                + "\"second\": \(site(h.second.coreName, h.second.index, h.second.pipe, h.second.label))}"
        }.joined(separator: ",")
        out += hazards.isEmpty ? "],\n" : "\n  ],\n"
        if let deadlock {
            out += "  \"deadlock\": {\"waiting\": ["
            out += deadlock.map { w in
                "\n    {\"core\": \(q(w.site.coreName)), \"index\": \(w.site.index), \"pipe\": \(q(w.site.pipe.name)), "
                    + "\"op\": \(q(w.site.opName)), \"label\": \(label(w.site.label)), "
                    + "\"waits_for\": \(q(w.waitsFor))}"
            }.joined(separator: ",")
            out += "\n  ]},\n"
        } else {
            out += "  \"deadlock\": null,\n"
        }
        out += "  \"lost_signals\": ["
        out += lostSignals.map { l in
            var s = "\n    {\"core\": \(q(l.site.coreName)), \"index\": \(l.site.index), \"pipe\": \(q(l.site.pipe.name)), "
                + "\"label\": \(label(l.site.label)), \"src\": \(q(l.src.name)), \"dst\": \(q(l.dst.name)), "
                + "\"event\": \(l.id), \"pending_set\": "
            s += l.pendingSet.map { site($0.coreName, $0.index, $0.pipe, $0.label) } ?? "null"
            return s + "}"
        }.joined(separator: ",")
        out += lostSignals.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"leftover_flags\": ["
        out += leftovers.map { f in
            switch f.kind {
            case let .event(src, dst, id):
                let by = f.setBy.map { site($0.coreName, $0.index, $0.pipe, $0.label) } ?? "null"
                return "\n    {\"core\": \(q(f.coreName)), \"kind\": \"event\", \"src\": \(q(src.name)), "
                    + "\"dst\": \(q(dst.name)), \"event\": \(id), \"set_by\": \(by)}"
            case let .crossCore(flag, count):
                return "\n    {\"core\": \(q(f.coreName)), \"kind\": \"cross_core\", \"flag\": \(flag), \"count\": \(count)}"
            }
        }.joined(separator: ",")
        out += leftovers.isEmpty ? "],\n" : "\n  ],\n"
        let allWarnings = warnings.map { ($0.kind.rawValue, $0.message, $0.count) }
            + faults.map { ("counter_overflow", $0.description, 1) }
        out += "  \"warnings\": ["
        out += allWarnings.map { kind, message, count in
            "\n    {\"kind\": \(q(kind)), \"message\": \(q(message)), \"count\": \(count)}"
        }.joined(separator: ",")
        out += allWarnings.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    // MARK: Text

    /// One line per finding, or "clean".
    public func text() -> String {
        var lines: [String] = []
        for h in hazards {
            lines.append("\(h.kind.rawValue) on \(h.space) [\(h.offset), \(h.offset + h.bytes)): "
                + "\(describe(h.first)) and \(describe(h.second)) are unordered"
                + (h.count > 1 ? " (\(h.count) times)" : ""))
        }
        if let deadlock {
            lines.append("deadlock:")
            for w in deadlock {
                lines.append("  \(describe(w.site)) waits for \(w.waitsFor)")
            }
        }
        for l in lostSignals {
            let earlier = l.pendingSet.map { "; the bit was still set by \(describe($0))" } ?? ""
            lines.append("lost signal: \(describe(l.site)) set_flag(\(l.src)->\(l.dst), "
                + "\(l.id)) before the previous set was waited for\(earlier)")
        }
        for f in leftovers { lines.append("leftover: \(f.description)") }
        for w in warnings { lines.append("warning (\(w.kind.rawValue)): \(w.description)") }
        for f in faults { lines.append("fault: \(f.description)") }
        return lines.isEmpty ? "clean: no hazards, deadlocks, lost signals, leftover flags or warnings\n"
            : lines.joined(separator: "\n") + "\n"
    }

    // MARK: Helpers

    private func label(_ text: String) -> String { text.isEmpty ? "null" : q(text) }

    private func site(_ core: String, _ index: Int, _ pipe: Pipe, _ text: String) -> String {
        "{\"core\": \(q(core)), \"index\": \(index), \"pipe\": \(q(pipe.name)), \"label\": \(label(text))}"
    }

    private func describe(_ s: AccessSite) -> String { describe(s.coreName, s.index, s.opName, s.label, s.pipe) }
    private func describe(_ s: InstructionSite) -> String { describe(s.coreName, s.index, s.opName, s.label, s.pipe) }

    private func describe(_ core: String, _ index: Int, _ op: String, _ label: String, _ pipe: Pipe) -> String {
        "\(core)[\(index)] \(op)\(label.isEmpty ? "" : " '\(label)'") on \(pipe)"
    }

    /// A JSON string literal.
    private func q(_ s: String) -> String { JSONValue.quoted(s) }
}
