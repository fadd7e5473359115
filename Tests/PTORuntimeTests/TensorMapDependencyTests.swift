import Foundation
import PTONumerics
import Testing
@testable import PTORuntime

/// Dependency discovery through the TensorMap, creator edges and explicit dependencies, judged from the producers
/// each task's record lists and from the order its blocks ran in.
@Suite struct TensorMapDependencyTests {
    /// Runs `body` against an 8×8 fp32 external buffer with no-op AIV kernel 0; returns each submit's producers.
    private func producers(_ body: (Orchestrator, ChipTensor) throws -> [TaskID]) throws -> [[TaskID]] {
        var registry = KernelRegistry()
        registry.register(0) { _ in }
        let buffer = Tensor(dtype: .f32, shape: [8, 8])
        var ids: [TaskID] = []
        let report = try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry).run { orch in
            ids = try body(orch, try ChipTensor(external: buffer, name: "buf"))
        }
        #expect(ScheduleInvariants.violations(report) == [])
        return ids.map { report.record($0)!.producers }
    }

    private func submit(_ orch: Orchestrator, _ build: (inout TaskArgs) throws -> Void) throws -> TaskID {
        var args = TaskArgs()
        try build(&args)
        return try orch.submitAIV(0, args).taskID
    }

    private func rows(_ t: ChipTensor, _ r: Range<Int>) throws -> ChipTensor {
        try t.view(shape: [r.count, 8], offsets: [r.lowerBound, 0])
    }

    @Test func readAfterWriteWaitsForTheWriter() throws {
        let deps = try producers { orch, buf in
            let w = try submit(orch) { $0.addInout(buf) }
            let r = try submit(orch) { $0.addInput(try rows(buf, 0..<2)) }
            return [w, r]
        }
        #expect(deps[1].count == 1)
        #expect(deps[1] == [TaskID(ring: 0, local: 0)])
    }

    @Test func disjointViewsAreIndependent() throws {
        let deps = try producers { orch, buf in
            [try submit(orch) { $0.addInout(try rows(buf, 0..<4)) },
             try submit(orch) { $0.addInout(try rows(buf, 4..<8)) },
             try submit(orch) { $0.addInput(try buf.view(shape: [8, 4], offsets: [0, 4])) }]
        }
        #expect(deps[1] == [])
        // Columns 4..<8 of every row meet both writers.
        #expect(Set(deps[2]) == [TaskID(ring: 0, local: 0), TaskID(ring: 0, local: 1)])
    }

    @Test func inoutThatCoversAnEntryReplacesIt() throws {
        let deps = try producers { orch, buf in
            [try submit(orch) { $0.addInout(try rows(buf, 0..<2)) },
             try submit(orch) { $0.addInout(try rows(buf, 0..<4)) },   // covers the first writer's region
             try submit(orch) { $0.addInput(try rows(buf, 0..<1)) }]
        }
        #expect(deps[1] == [TaskID(ring: 0, local: 0)])
        #expect(deps[2] == [TaskID(ring: 0, local: 1)], "the superseded writer must not be found again")
    }

    @Test func partialInoutKeepsTheOlderWriter() throws {
        let deps = try producers { orch, buf in
            [try submit(orch) { $0.addInout(try rows(buf, 0..<4)) },
             try submit(orch) { $0.addInout(try rows(buf, 2..<6)) },
             try submit(orch) { $0.addInput(try rows(buf, 0..<1)) },
             try submit(orch) { $0.addInput(try rows(buf, 3..<4)) }]
        }
        #expect(deps[2] == [TaskID(ring: 0, local: 0)])
        #expect(Set(deps[3]) == [TaskID(ring: 0, local: 0), TaskID(ring: 0, local: 1)])
    }

    @Test func outputExistingRegistersWithoutLookingUp() throws {
        let deps = try producers { orch, buf in
            [try submit(orch) { $0.addOutput(buf) },
             try submit(orch) { $0.addOutput(buf) },          // write-only: no WAW lookup
             try submit(orch) { $0.addInout(buf) }]           // INOUT looks up: finds the newest writer
        }
        #expect(deps[1] == [])
        #expect(deps[2] == [TaskID(ring: 0, local: 1), TaskID(ring: 0, local: 0)])
    }

    @Test func writeAfterReadIsNotTracked() throws {
        let deps = try producers { orch, buf in
            [try submit(orch) { $0.addInput(buf) },
             try submit(orch) { $0.addInout(buf) }]
        }
        #expect(deps[1] == [], "a writer never waits for earlier readers (simpler's documented WAR gap)")
    }

    @Test func noDepAndManualDepTensorsCreateNoEdges() throws {
        let deps = try producers { orch, buf in
            let manual = try ChipTensor(external: buf.tensor, name: "manual", manualDep: true)
            return [try submit(orch) { $0.addInout(buf) },
                    try submit(orch) { $0.addNoDep(buf) },
                    try submit(orch) { $0.addInout(manual) },
                    try submit(orch) { $0.addInput(buf) }]
        }
        #expect(deps[1] == [] && deps[2] == [])
        #expect(deps[3] == [TaskID(ring: 0, local: 0)], "the manual-dep INOUT was not recorded as a writer")
    }

    @Test func runtimeOutputsAreReachedThroughTheirOwner() throws {
        var registry = KernelRegistry()
        registry.register(0) { ctx in ctx.tensor(0).f32.update(repeating: 7, count: 16) }
        registry.register(1) { ctx in
            for i in 0..<16 { ctx.tensor(1).f32[i] = ctx.tensor(0).f32[i] + 1 }
        }
        let result = Tensor(dtype: .f32, shape: [16])
        let report = try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry).run { orch in
            try orch.scope {
                var produce = TaskArgs()
                produce.addOutput(TensorCreateInfo(shape: [16], name: "tmp"))
                let tmp = try orch.submitAIC(0, produce)
                var consume = TaskArgs()
                consume.addInput(tmp[0])
                consume.addOutput(try ChipTensor(external: result, name: "result"))
                try orch.submitAIV(1, consume)
            }
        }
        let (producer, consumer) = (report.tasks[0], report.tasks[1])
        #expect(consumer.producers == [producer.id])
        #expect(producer.heapBytes == 1024)
        // The consumer retained the producer: it was consumed only after the consumer completed.
        #expect(producer.events.consumed > consumer.events.complete)
        #expect(Array(UnsafeBufferPointer(start: result.f32, count: 16)) == Array(repeating: 8, count: 16))
    }

    @Test func explicitDependenciesOrderTasks() throws {
        let deps = try producers { orch, _ in
            let a = try submit(orch) { _ in }
            let b = try submit(orch) { $0.addDependency(a) }
            return [a, b]
        }
        #expect(deps[1] == [TaskID(ring: 0, local: 0)])
    }

    @Test func overlappingReadModifyWritesAreSerialised() throws {
        // 40 tasks each add 1 to a window of rows, with a pause between read and write: a missing dependency between
        // two overlapping tasks would lose an update.
        var registry = KernelRegistry()
        registry.register(0) { ctx in
            let t = ctx.tensor(0)
            let snapshot = (0..<t.shape[0]).map { r in (0..<8).map { t.f32[r * t.rowStride + $0] } }
            Thread.sleep(forTimeInterval: 0.001)
            for r in 0..<t.shape[0] { for c in 0..<8 { t.f32[r * t.rowStride + c] = snapshot[r][c] + 1 } }
        }
        let buffer = Tensor(dtype: .f32, shape: [8, 8])
        var expected = [Float](repeating: 0, count: 64)
        let windows = (0..<40).map { i in (i * 3 % 7)..<min(8, i * 3 % 7 + 1 + i % 3) }
        for w in windows { for r in w { for c in 0..<8 { expected[r * 8 + c] += 1 } } }
        let report = try Runtime(config: RuntimeConfig(clusters: 4, hostThreads: 4), kernels: registry).run { orch in
            let buf = try ChipTensor(external: buffer, name: "acc")
            for w in windows {
                var args = TaskArgs()
                args.addInout(try rows(buf, w))
                try orch.submitAIV(0, args)
            }
        }
        #expect(Array(UnsafeBufferPointer(start: buffer.f32, count: 64)) == expected)
        #expect(ScheduleInvariants.violations(report) == [])
    }
}

/// The two answers a TensorMap lookup gives: the live one forgets a writer once it is consumed (the runtime's own
/// lookup), the program-order one keeps it until a later writer covers its region, so the producers a task's
/// record names do not depend on how far the host's threads had got when it was submitted.
@Suite struct TensorMapProgramOrderTests {
    private func node(_ local: Int) -> TaskNode {
        TaskNode(id: TaskID(ring: 0, local: local), kernels: MixedKernels(aiv0: 0), launch: LaunchSpec(),
                 scopeDepth: 0, scalars: [])
    }

    @Test func aConsumedWriterIsForgottenLiveAndKeptInProgramOrder() throws {
        let buf = try ChipTensor(external: Tensor(dtype: .f32, shape: [8, 8]), name: "buf")
        let top = try buf.view(shape: [4, 8], offsets: [0, 0])
        var map = TensorMap()
        let a = node(0), b = node(1)
        map.recordWriter(top, producer: a)
        a.state = .consumed
        let afterConsumed = map.lookup(buf, supersede: false)
        #expect(afterConsumed.live.isEmpty)
        #expect(afterConsumed.programOrder.map(\.id) == [a.id])
        // A later writer that covers the region supersedes it in both answers.
        map.recordWriter(buf, producer: b)
        let both = map.lookup(top, supersede: true)
        #expect(both.programOrder.map(\.id) == [b.id, a.id])
        #expect(both.live.map(\.id) == [b.id])
        #expect(map.lookup(buf, supersede: true).programOrder.map(\.id) == [b.id])
        let none = map.lookup(top, supersede: false)
        #expect(none.programOrder.isEmpty && none.live.isEmpty)
    }
}
