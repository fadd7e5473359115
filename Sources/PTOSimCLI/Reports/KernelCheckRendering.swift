import PTOCore
import PTOFormats
import PTOKernels

/// `ptosim check --case` output: the same JSON shape as `check --trace`, with each core named by its hardware block
/// (`aic3`, `aiv3.0`, `aiv3.1`) and each merged finding's block and occurrence counts.
enum KernelCheckRendering {
    /// A cluster core's name (`aic`, `aiv0`, `aiv1`) qualified by its hardware block; a single core's checker
    /// already names it by its place on the chip (`aic3`, `aiv3.1`), the same scheme.
    static func coreName(_ block: Int, _ core: Int, _ name: String) -> String {
        switch name {
        case "aic": return "aic\(block)"
        case "aiv0", "aiv1": return "aiv\(block).\(core - 1)"
        default: return name
        }
    }

    static func site(_ block: Int, _ s: AccessSite) -> JSONValue {
        .object([("core", .string(coreName(block, s.core, s.coreName))), ("index", .number("\(s.index)")),
                 ("pipe", .string(s.pipe.name)), ("op", .string(s.op.name)), ("label", .string(s.label))])
    }
    static func site(_ block: Int, _ s: InstructionSite) -> JSONValue {
        .object([("core", .string(coreName(block, s.core, s.coreName))), ("index", .number("\(s.index)")),
                 ("pipe", .string(s.pipe.name)), ("op", .string(s.op.name)), ("label", .string(s.label))])
    }

    static func json(_ r: KernelCheckReport) -> JSONValue {
        let hazards: [JSONValue] = r.findings.map { f in
            let block = f.block
            return .object([("kind", .string(f.hazard.kind.rawValue)), ("space", .string(f.hazard.space.name)),
                            ("offset", .number("\(f.hazard.offset)")), ("bytes", .number("\(f.hazard.bytes)")),
                            ("first", site(block, f.hazard.first)), ("second", site(block, f.hazard.second)),
                            ("blocks", .number("\(f.blocks)")), ("occurrences", .number("\(f.occurrences)"))])
        }
        let deadlock: JSONValue = r.deadlocks.isEmpty ? .null : .object([("waiting", .array(r.deadlocks.flatMap { d in
            d.waits.map { w in .object([("block", .number("\(d.block)")), ("site", site(d.block, w.site)),
                                       ("waits_for", .string(w.waitsFor))]) }
        }))])
        let lost: [JSONValue] = r.lostSignals.map { l in
            .object([("site", site(l.block, l.signal.site)), ("src", .string(l.signal.src.name)),
                     ("dst", .string(l.signal.dst.name)), ("event", .number("\(l.signal.id)"))])
        }
        let leftovers: [JSONValue] = r.leftovers.map { .object([("block", .number("\($0.block)")), ("flag", .string("\($0.flag)"))]) }
        let warnings: [JSONValue] = r.warnings.map {
            .object([("kind", .string($0.kind.rawValue)), ("message", .string($0.message)), ("count", .number("\($0.count)"))])
        } + r.otherFaults.map { .object([("kind", .string("fault")), ("message", .string("block \($0.block): \($0.fault)")),
                                         ("count", .number("1"))]) }
        return .object([("hazards", .array(hazards)), ("deadlock", deadlock), ("lost_signals", .array(lost)),
                        ("leftover_flags", .array(leftovers)), ("warnings", .array(warnings))])
    }

    static func text(_ r: KernelCheckReport) -> String {
        var lines: [String] = []
        for f in r.findings {
            lines.append("\(f.hazard.kind.rawValue) on \(f.hazard.spaceOwner.map { "\($0) " } ?? "")\(f.hazard.space.name) "
                         + "[0x\(String(f.hazard.offset, radix: 16)), +\(f.hazard.bytes)): \(f.hazard.first.pipe.name) "
                         + "'\(f.firstSite)' then \(f.hazard.second.pipe.name) '\(f.secondSite)' unordered — "
                         + "\(f.occurrences) times in \(f.blocks) hardware blocks")
        }
        for d in r.deadlocks {
            lines.append("deadlock in hardware block \(d.block): " + d.waits.map(\.description).joined(separator: "; "))
        }
        for l in r.lostSignals { lines.append("lost signal in hardware block \(l.block): \(l.signal)") }
        for f in r.leftovers { lines.append("left at exit in hardware block \(f.block): \(f.flag)") }
        for f in r.otherFaults { lines.append("fault in hardware block \(f.block): \(f.fault)") }
        for w in r.warnings { lines.append("warning: \(w)") }
        if lines.isEmpty { lines.append("clean: no hazard, no fault") }
        return lines.joined(separator: "\n")
    }
}

