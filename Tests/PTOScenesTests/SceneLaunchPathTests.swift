import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// The generic launch path on a scene made for the test: AIV-only tasks that add two fp32 vectors tile by tile
/// through UB with their MTE2 → V → MTE3 events, submitted as many tasks as the case asks, so the runtime's
/// dispatch to single cores, the GM binding of views and the checked mode are exercised without any ported scene.
@Suite struct SceneLaunchPathTests {
    /// One AIV block: z[i] = x[i] + y[i] over the block's view, 32 × 128 fp32 tiles at a time.
    struct AddProgram: CoreProgram {
        let x: GMBuffer, y: GMBuffer, z: GMBuffer
        let base: Int, tiles: Int
        let dropVToMTE3: Bool
        var next = 0

        mutating func step(_ core: CoreIssuer) throws -> Bool {
            guard next < tiles else { return false }
            let offset = (base + next * 32 * 128) * 4
            func view(_ b: GMBuffer) -> GMView { GMView(b, offset: offset, rows: 32, cols: 128, rowStride: 128, .f32) }
            var tx = Tile(.ub, rows: 32, cols: 128, .f32), ty = tx, tz = tx
            try core.tassign(&tx, 0)
            try core.tassign(&ty, 0x4000)
            try core.tassign(&tz, 0x8000)
            core.tload(tx, view(x), label: "t.tload-x", detail: next)
            core.tload(ty, view(y), label: "t.tload-y", detail: next)
            core.setFlag(.mte2, .v, 0, label: "t.mte2-v", detail: next)
            core.waitFlag(.mte2, .v, 0, label: "t.mte2-v", detail: next)
            core.tadd(tz, tx, ty, label: "t.tadd", detail: next)
            if !dropVToMTE3 {
                core.setFlag(.v, .mte3, 0, label: "t.v-mte3", detail: next)
                core.waitFlag(.v, .mte3, 0, label: "t.v-mte3", detail: next)
            }
            core.tstore(view(z), tz, label: "t.tstore", detail: next)
            core.pipeBarrier(.all, label: "t.barrier", detail: next)
            next += 1
            return true
        }
    }

    struct AddScene: Scene {
        var dropVToMTE3 = false
        let name = "test_vector_add"
        let summary = "z = x + y in AIV tasks"
        let cases = [SceneCase(name: "Small", params: [("tasks", .int(7)), ("tiles_per_task", .int(3))])]
        let tolerance = SceneTolerance(rtol: 0, atol: 0)
        let outputNames = ["z"]

        func makeArgs(_ c: SceneCase, seed: UInt64) throws -> SceneArgs {
            let n = try c.int("tasks") * c.int("tiles_per_task") * 32 * 128
            let x = Tensor(dtype: .f32, shape: [n]), y = Tensor(dtype: .f32, shape: [n])
            for i in 0..<n {
                x.f32[i] = Float(i % 97) * 0.25
                y.f32[i] = Float(i % 13) - 6
            }
            var a = SceneArgs()
            a.add("x", x)
            a.add("y", y)
            a.add("z", Tensor(dtype: .f32, shape: [n]))
            a.add("tiles_per_task", int: try c.int("tiles_per_task"))
            return a
        }

        func golden(_ args: SceneArgs, _ c: SceneCase) throws -> [String: Tensor] {
            let x = try args.tensor("x"), y = try args.tensor("y")
            let z = Tensor(dtype: .f32, shape: x.shape)
            for i in 0..<x.count { z.f32[i] = x.f32[i] + y.f32[i] }
            return ["z": z]
        }

        func registerKernels(on host: KernelHost, _ c: SceneCase, options: SceneOptions) throws {
            let drop = dropVToMTE3
            host.registerAIV(0) { block, gm in
                let t = block.tensors
                return AddProgram(x: gm.buffer(t[0]), y: gm.buffer(t[1]), z: gm.buffer(t[2]),
                                  base: t[0].startOffset, tiles: block.int(0), dropVToMTE3: drop)
            }
        }

        func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ c: SceneCase) throws {
            let perTask = args.int(0) * 32 * 128
            for task in 0..<(args.tensor(0).elementCount / perTask) {
                var a = TaskArgs()
                a.addInput(try args.tensor(0).view(shape: [perTask], offsets: [task * perTask]),
                           try args.tensor(1).view(shape: [perTask], offsets: [task * perTask]))
                a.addOutput(try args.tensor(2).view(shape: [perTask], offsets: [task * perTask]))
                a.addScalar(args.int(0))
                _ = try orch.submitAIV(0, a)
            }
        }
    }

    @Test func functionalRunEqualsTheGoldenExactly() throws {
        let scene = AddScene()
        let c = try scene.sceneCase(named: "Small")
        let args = try scene.makeArgs(c, seed: 1)
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(clusters: 3, threads: 2))
        #expect(run.runtime.tasks.count == 7)
        let z = try run.outputs(scene)["z"]!
        let cmp = try SceneComparison.compare("z", actual: z, expected: try scene.golden(args, c)["z"]!,
                                              tolerance: scene.tolerance)
        #expect(cmp.exact && cmp.count == 7 * 3 * 32 * 128)
    }

    @Test func checkedRunFindsTheDroppedEventAsAHazardInEveryBlock() throws {
        let c = try AddScene().sceneCase(named: "Small")
        for drop in [false, true] {
            let scene = AddScene(dropVToMTE3: drop)
            let run = try SceneRunner.run(scene, c, args: try scene.makeArgs(c, seed: 1),
                                          launch: SceneLaunch(clusters: 2, threads: 1, mode: .checked(overlappingPipes: [])))
            let reports = run.outcomes.checkReports
            #expect(reports.count == 7)
            let withHazards = reports.filter { !$0.report.hazards.isEmpty }.count
            #expect(withHazards == (drop ? 7 : 0), "drop \(drop)")
        }
    }

    @Test func unknownCaseIsAOneLineErrorListingTheCases() {
        #expect(throws: CaseError.self) { try AddScene().sceneCase(named: "Case9") }
    }
}
