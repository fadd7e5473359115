import FuzzSupport
import PTOCore

/// libFuzzer entry: the input is a trace file for `ptosim check --trace`. It is parsed and, when it parses,
/// replayed through the executor and race checker exactly as the command does (deadlocks, lost signals and
/// leftovers must come back as findings, never as a crash or a hang).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = FuzzInput.write(data, size)
    let program: TraceProgram
    do {
        program = try TraceParser.parseFile(atPath: path)
    } catch {
        FuzzInput.checkMessage("\(error)", path: path)
        return 0
    }
    do {
        let report = try TraceReplay.check(program)
        _ = report.json()
        _ = report.text()
    } catch {
        FuzzInput.checkMessage(path + ": " + "\(error)", path: path)
    }
    return 0
}

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzTrace_main")
public func fuzzTraceMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzzTrace)
}
