import ArgumentParser
import PTOCases
import PTOKernels
import PTOScenes

extension PTOSimCommand.Check {
    /// `check --scene NAME --case CASE`: the scene under the race checker, its sync catalogue, or its necessity.
    func checkScene() throws {
        try SceneCommandSupport.refuseCaseOptions(input)
        let (scene, sceneCase) = try sceneSelection.resolve(caseName: input.caseName)
        let overlapping = try overlappingPipes()
        let launch = try sceneSelection.launch(scene, kernel: kernel, threads: max(1, threads),
                                               mode: .checked(overlappingPipes: overlapping))
        let args = try scene.makeArgs(sceneCase, seed: input.effectiveSeed)
        if listSyncs {
            var functional = launch
            functional.mode = .functional
            let sites = try SceneCommandSupport.launching {
                try SceneNecessity.catalogue(scene, sceneCase, args: args, launch: functional)
            }
            print(json ? SyncCatalogueRendering.json(sites, addable: scene.addableSyncs.map(\.name))
                       : SyncCatalogueRendering.text(sites))
            return
        }
        if necessity {
            var bar: TerminalProgress?
            let (baseline, verdicts) = try SceneCommandSupport.launching {
                try SceneNecessity.run(scene, sceneCase, args: args, launch: launch) { done, total in
                    if bar == nil { bar = TerminalProgress("necessity: syncs checked", total: total) }
                    bar?.update(done)
                }
            }
            bar?.finish()
            print(json ? NecessityRendering.json(baseline, verdicts) : NecessityRendering.text(baseline, verdicts))
            return
        }
        let run = try SceneCommandSupport.launching { try SceneRunner.run(scene, sceneCase, args: args, launch: launch) }
        let report = SceneCheckReport(run.outcomes)
        print(json ? KernelCheckRendering.json(report).serialized : KernelCheckRendering.text(report))
        if !report.isClean { throw ExitCode(1) }
    }
}
