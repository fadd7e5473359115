import Testing
@testable import PTORuntime

/// The ring stress configuration of simpler's paged_attention_ringbuffer example (window 64, heap 4 MiB, dependency
/// pool 256) driven by the random stress graph until every resource of every ring it uses has wrapped, plus
/// determinism across host thread counts and chip widths.
@Suite struct RingStressTests {
    private func runtime(clusters: Int = 24, threads: Int = 2, window: Int = 64, heap: Int = 4 << 20,
                         depPool: Int = 256) throws -> Runtime {
        let config = try RuntimeConfig.resolve(clusters: clusters, hostThreads: threads, taskWindow: .all(window),
                                               heap: .all(heap), depPool: .all(depPool), environment: [:])
        return try Runtime(config: config, kernels: StressKernels.registry())
    }

    @Test func everyRingWrapsUnderTheRingStressSizes() throws {
        let plan = StressPlan.generate(.init(seed: 1, tasks: 12000, maxScopeTasks: 32, maxDepth: 3))
        let report = try StressRunner.run(plan, on: runtime())
        #expect(report.violations == 0 && report.mismatches == 0)
        #expect(report.tasks == 12000)
        for ring in report.run.rings[1...3] {
            #expect(ring.tasks > 0, "ring \(ring.ring)")
            #expect(ring.taskWindowWraps > 0 && ring.heapWraps > 0 && ring.depPoolWraps > 0, "ring \(ring.ring): \(ring)")
            #expect(ring.maxInFlight <= 63 && ring.maxHeapBytes <= 4 << 20 && ring.maxDepEntries <= 256)
        }
        #expect(ScheduleInvariants.violations(report.run) == [])
    }

    @Test func tinyRingsBackPressureEverywhereAndStillMatch() throws {
        let plan = StressPlan.generate(.init(seed: 5, tasks: 3000, maxScopeTasks: 8, maxDepth: 3))
        let report = try StressRunner.run(plan, on: runtime(window: 32, heap: 64 << 10, depPool: 16))
        #expect(report.violations == 0 && report.mismatches == 0)
        let rings = report.run.rings[1...3]
        #expect(rings.map(\.heapWaits).reduce(0, +) > 0 && rings.map(\.depPoolWaits).reduce(0, +) > 0)
        #expect(rings.allSatisfy { $0.maxHeapBytes <= 64 << 10 && $0.maxDepEntries <= 16 && $0.maxInFlight <= 31 })
    }

    @Test(arguments: [(1, 24), (4, 24), (2, 8), (3, 1)])
    func resultsDoNotDependOnHostThreadsOrChipWidth(threads: Int, clusters: Int) throws {
        // Every configuration must reproduce the serial replay bit for bit, hence each other.
        let plan = StressPlan.generate(.init(seed: 7, tasks: 1500, maxScopeTasks: 16, maxDepth: 4, clusters: clusters))
        let report = try StressRunner.run(plan, on: runtime(clusters: clusters, threads: threads))
        #expect(report.violations == 0 && report.mismatches == 0)
        #expect(ScheduleInvariants.violations(report.run) == [])
    }

    @Test func aScopeLargerThanTheWindowFailsAtOnce() throws {
        let plan = StressPlan.generate(.init(seed: 1, tasks: 500, maxScopeTasks: 64))
        let error = #expect(throws: RuntimeError.self) { try StressRunner.run(plan, on: runtime(window: 64)) }
        #expect(error == .scopeDeadlock(ring: 1, scopeDepth: 1, scopeTasks: 63, taskWindow: 64))
    }
}
