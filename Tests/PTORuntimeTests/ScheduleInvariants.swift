@testable import PTORuntime

/// Checks of a run's records that must hold for any correct schedule, whatever the host timing.
enum ScheduleInvariants {
    /// Problems found, one line each; empty when the schedule is sound.
    static func violations(_ report: RunReport) -> [String] {
        var problems: [String] = []
        for (consumer, producer) in report.orderingViolations() {
            problems.append("task \(consumer) started before its producer \(producer) completed")
        }
        problems += coreExclusivity(report)
        for t in report.tasks where t.launch.requireSyncStart && t.launch.blockNum > 1 {
            problems += cohort(t)
        }
        for t in report.tasks where t.shape != .dummy {
            if t.blocks.count != t.launch.blockNum {
                problems.append("task \(t.id) ran \(t.blocks.count) of \(t.launch.blockNum) blocks")
            }
            // Blocks are claimed in index order.
            let order = t.blocks.sorted { $0.dispatchEvent < $1.dispatchEvent }.map(\.blockIdx)
            if order != Array(0..<t.launch.blockNum) { problems.append("task \(t.id) claimed blocks in order \(order)") }
        }
        return problems
    }

    /// A sync-start cohort: every block was placed before any of them started, so all held cores at once.
    static func cohort(_ t: TaskRecord) -> [String] {
        let lastPlaced = t.blocks.map(\.dispatchEvent).max() ?? 0
        let firstStarted = t.blocks.map(\.startEvent).min() ?? 0
        let firstEnded = t.blocks.map(\.endEvent).min() ?? 0
        guard lastPlaced < firstStarted && lastPlaced < firstEnded else {
            return ["sync-start task \(t.id): a block started or ended before the whole cohort was resident"]
        }
        return []
    }

    /// No physical core is held by two blocks at once; a MIX block holds all three cores of its cluster.
    static func coreExclusivity(_ report: RunReport) -> [String] {
        var holds: [CoreID: [(Int, Int, TaskID)]] = [:]
        for t in report.tasks {
            for b in t.blocks {
                let cores = b.core.map { [$0] }
                    ?? [CoreID(.aic, b.cluster), CoreID(.aiv, 2 * b.cluster), CoreID(.aiv, 2 * b.cluster + 1)]
                for c in cores { holds[c, default: []].append((b.dispatchEvent, b.endEvent, t.id)) }
            }
        }
        var problems: [String] = []
        for (core, intervals) in holds {
            let sorted = intervals.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.0 < a.1 {
                problems.append("core \(core) held by \(a.2) and \(b.2) at once")
            }
        }
        return problems
    }

    /// Most blocks holding cores at the same moment, per shape of the core they hold.
    static func maxResident(_ report: RunReport, where include: (TaskRecord) -> Bool = { _ in true }) -> Int {
        var edges: [(Int, Int)] = []
        for t in report.tasks where include(t) {
            for b in t.blocks {
                edges.append((b.dispatchEvent, 1))
                edges.append((b.endEvent, -1))
            }
        }
        var current = 0, best = 0
        for (_, delta) in edges.sorted(by: { $0.0 < $1.0 }) {
            current += delta
            best = max(best, current)
        }
        return best
    }
}
