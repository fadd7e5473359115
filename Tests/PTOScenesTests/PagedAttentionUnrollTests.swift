import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTORuntime
@testable import PTOScenes

/// Both unroll scenes on small cases shaped like simpler's Case1 and Case2: against the golden at the test's
/// tolerance, bit for bit against the kernels' own formulation, the task graph the orchestration builds, and the
/// checked run's verdict (shared checks: `PagedAttentionGoldenModuleChecks`).
@Suite struct PagedAttentionUnrollTests {
    typealias Checks = PagedAttentionGoldenModuleChecks
    static let scenes = [PagedAttentionUnrollScene(scopeMode: .auto), PagedAttentionUnrollScene(scopeMode: .manual)]

    /// Case2's shape (64 heads, blocks of 64) with one request of 65 blocks: two groups, the second a single block
    /// with 37 valid tokens, so the online update merges two groups and the softmax pads.
    static func smallCase2(_ scene: PagedAttentionUnrollScene) throws -> SceneCase {
        try scene.sceneCase(named: "Case2").with("batch", .int(1)).with("context_len", .int(64 * 64 + 37))
    }

    /// Case1's shape (16 heads, blocks of 128) with two requests of 3 blocks (the last with 44 valid tokens).
    static func smallCase1(_ scene: PagedAttentionUnrollScene) throws -> SceneCase {
        try scene.sceneCase(named: "Case1").with("batch", .int(2)).with("context_len", .int(300))
    }

    func run(_ scene: PagedAttentionUnrollScene, _ c: SceneCase, mode: LaunchMode = .functional) throws -> SceneRun {
        try Checks.run(scene, c, clusters: 4, mode: mode)
    }

    @Test(arguments: [0, 1], [1, 2])
    func smallCasePassesTheGoldenAndEqualsTheKernelFormulation(scene: Int, shape: Int) throws {
        let s = Self.scenes[scene]
        let c = try shape == 1 ? Self.smallCase1(s) : Self.smallCase2(s)
        let vsGolden = try Checks.expectPassesGoldenAndEqualsKernelFormulation(s, try run(s, c), c)
        #expect(vsGolden.maxAbsError > 0, "the golden's per-block arithmetic differs from the kernels'")
    }

    @Test(arguments: [0, 1])
    func taskGraphHasFourTasksPerGroupAndTheScenesEdges(scene: Int) throws {
        let s = Self.scenes[scene]
        let c = try Self.smallCase2(s)
        let tasks = try run(s, c).runtime.tasks
        // One scope (1 request × 1 q tile): the allocation, then QK, SF, PV, UP for each of the two groups.
        #expect(tasks.count == 1 + 2 * 4)
        let alloc = tasks[0].id
        for g in 0..<2 {
            let qk = tasks[1 + 4 * g], sf = tasks[2 + 4 * g], pv = tasks[3 + 4 * g], up = tasks[4 + 4 * g]
            #expect(qk.producers == [])
            #expect(sf.producers == [qk.id])
            #expect(pv.producers == [sf.id])
            let previous = g == 0 ? alloc : tasks[4].id
            switch s.scopeMode {
            case .auto:
                // Creator edges to SF (mij, lij), PV (oi_new) and the allocation; the second update also finds the
                // first through the tensormap (it wrote mi, li and oi).
                #expect(Set(up.producers) == Set([sf.id, pv.id, alloc] + (g == 0 ? [] : [previous])))
            case .manual:
                // Only what add_dep names: PV, then the allocation (first) or the previous update and, for the last
                // group, the allocation again.
                #expect(up.producers == (g == 0 ? [pv.id, alloc] : [pv.id, previous, alloc]))
            }
        }
    }

    /// The verdict observed: every block is clean except the softmax of a group of three or more blocks, where the
    /// pass-1 prefetch of score tile i+1 (MTE2 TLOAD into the UB slot of tile i−1) is not ordered after the TROWMAX
    /// that read tile i−1 (V): the kernel's only event on that path runs MTE2 → V, nothing runs V → MTE2. A WAR
    /// hazard in simpler's kernel, reported at every such iteration (62 of a 64-block group).
    @Test(arguments: [0, 1])
    func checkedRunFindsOnlyThePassOnePrefetchWAR(scene: Int) throws {
        let s = Self.scenes[scene]
        let run = try run(s, try Self.smallCase2(s), mode: .checked(overlappingPipes: []))
        let reports = run.outcomes.checkReports
        #expect(reports.count == 8)
        // Tasks in submit order: the allocation, then QK, SF, PV, UP of the 64-block group, then of the 1-block one.
        let longSoftmax = run.runtime.tasks[2].id
        for (site, report) in reports {
            #expect(report.deadlock == nil && report.lostSignals.isEmpty && report.leftovers.isEmpty
                    && report.faults.isEmpty, "\(site)")
            if site.task != longSoftmax {
                #expect(report.hazards.isEmpty, "\(site): \(report.hazards)")
                continue
            }
            #expect(report.hazards.count == 1)
            let h = try #require(report.hazards.first)
            #expect(h.kind == .war && h.space == .ub && h.offset == 0)
            #expect(h.first.label.hasPrefix("aiv.sf.p1.rowmax[") && h.first.pipe == .v)
            #expect(h.second.label.hasPrefix("aiv.sf.p1.prefetch-s[") && h.second.pipe == .mte2)
            #expect(h.count == 62)
        }
        #expect(reports.filter { !$0.report.hazards.isEmpty }.count == 1)
        // Warnings (risky patterns, not hazards): the softmax's and PV's back-to-back MTE2 → V / MTE2 → MTE1 sets
        // in their loops, the softmax's last V → MTE3 set, and PV's (MTE1, slot) event live toward MTE2 and M at once.
        var patterns = Set<String>()
        for (site, report) in reports {
            for w in report.warnings {
                let labels = w.message.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }
                    .map { $0.element.split(separator: "[").first.map(String.init) ?? "" }
                patterns.insert("\(site.kernel) \(w.kind.rawValue) " + labels.joined(separator: " "))
            }
        }
        #expect(patterns == [
            "1 unordered_set aiv.sf.p1.mte2-v aiv.sf.p1.mte2-v", "1 unordered_set aiv.sf.l.v-mte3 aiv.sf.p2.v-mte3",
            "2 shared_event_id aic.pv.l1-free aic.pv.l0-ready", "2 unordered_set aic.pv.p-ready aic.pv.p-ready",
            "2 unordered_set aic.pv.v-ready aic.pv.v-ready",
        ])
        #expect(run.runtime.tasks[2].kernels.aiv0 == PagedAttentionUnrollOrchestration.Kernel.softmaxPrepare.rawValue)
    }

    @Test(arguments: [0, 1])
    func case3RunsAndFailsItsGolden(scene: Int) throws {
        try Checks.expectCase3RunsAndFailsItsGolden(Self.scenes[scene])
    }

    @Test func badParametersAreOneLineCaseErrors() throws {
        try Checks.expectBadParametersAreCaseErrors(Self.scenes[0], "Case1")
    }
}
