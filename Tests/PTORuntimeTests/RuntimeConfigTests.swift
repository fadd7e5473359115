import Testing
@testable import PTORuntime

/// Ring-size resolution: API override > environment (per-ring list or scalar) > simpler's defaults.
@Suite struct RuntimeConfigTests {
    @Test func defaultsAreSimplersConstants() throws {
        let c = try RuntimeConfig.resolve(environment: [:])
        #expect(c.rings == Array(repeating: RingSizes(taskWindow: 16384, heapBytes: 256 << 20, depPool: 16384),
                                 count: 4))
        #expect(c.clusters == 24 && c.aivCount == 48)
    }

    @Test func environmentScalarsAndListsApplyPerRing() throws {
        let c = try RuntimeConfig.resolve(environment: ["PTO2_RING_TASK_WINDOW": "64",
                                                        "PTO2_RING_HEAP": "0, 4194304, 0, 8192",
                                                        "PTO2_RING_DEP_POOL": "256"])
        #expect(c.rings.map(\.taskWindow) == [64, 64, 64, 64])
        #expect(c.rings.map(\.heapBytes) == [256 << 20, 4 << 20, 256 << 20, 8192])
        #expect(c.rings.map(\.depPool) == [256, 256, 256, 256])
    }

    @Test func apiOverridesBeatTheEnvironment() throws {
        let c = try RuntimeConfig.resolve(clusters: 8, hostThreads: 3, taskWindow: .perRing([0, 128, 0, 0]),
                                          heap: .all(1 << 20),
                                          environment: ["PTO2_RING_TASK_WINDOW": "32", "PTO2_RING_HEAP": "2048"])
        #expect(c.rings.map(\.taskWindow) == [32, 128, 32, 32])
        #expect(c.rings.map(\.heapBytes) == Array(repeating: 1 << 20, count: 4))
        #expect(c.clusters == 8 && c.hostThreads == 3)
    }

    @Test(arguments: [
        (["PTO2_RING_TASK_WINDOW": "100"], "ring 0 task window is 100; PTO2_RING_TASK_WINDOW must be a power of two >= 4"),
        (["PTO2_RING_TASK_WINDOW": "2"], "ring 0 task window is 2"),
        (["PTO2_RING_HEAP": "512"], "ring 0 heap is 512 bytes; PTO2_RING_HEAP must be at least 1024"),
        (["PTO2_RING_DEP_POOL": "1,2"], "PTO2_RING_DEP_POOL=1,2: expected one non-negative integer or 4"),
        (["PTO2_RING_HEAP": "lots"], "PTO2_RING_HEAP=lots"),
    ])
    func badEnvironmentValuesAreNamed(env: [String: String], message: String) {
        let error = #expect(throws: RuntimeError.self) { try RuntimeConfig.resolve(environment: env) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func badChipShapesAreRejected() {
        #expect(throws: RuntimeError.self) { try RuntimeConfig(clusters: 0).validate() }
        #expect(throws: RuntimeError.self) { try RuntimeConfig(hostThreads: 0).validate() }
        #expect(throws: RuntimeError.self) { try RuntimeConfig.resolve(taskWindow: .perRing([64, 64]), environment: [:]) }
    }
}
