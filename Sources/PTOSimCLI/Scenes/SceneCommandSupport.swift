import ArgumentParser
import PTOCases
import PTOKernels
import PTOScenes

/// What every `--scene` command shares: refusing the options of the built-in paged-attention path, which a scene
/// does not read, and turning a launch failure into the exit code the command line promises.
enum SceneCommandSupport {
    /// Refuses `--inputs`, custom parameters and the other options a scene run cannot honour (exit 2).
    static func refuseCaseOptions(_ input: CaseOptions, extra: [(given: Bool, name: String)] = []) throws {
        if input.inputsPath != nil { throw UsageError("--inputs cannot be combined with --scene (a scene generates its inputs)") }
        if input.hasParameterOptions {
            throw UsageError("parameter options (--batch, --num-heads, ...) belong to the built-in case path; "
                             + "with --scene, --case names one of the scene's cases (see `ptosim scenes`)")
        }
        for e in extra where e.given { throw UsageError("\(e.name) cannot be combined with --scene") }
    }

    /// Runs `body`, reporting a block's fault as `ptosim: kernel fault: ...` with exit 1, and a launch the timed
    /// model cannot time as a one-line error with exit 2.
    static func launching<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let fault as BlockFault {
            StandardError.write("ptosim: kernel fault: \(fault)\n")
            throw ExitCode(1)
        } catch let e as TimedModeUnsupported {
            throw UsageError(e.description)
        } catch let e as SceneError {
            throw UsageError(e.description)
        }
    }
}
