import Foundation

/// Runs external programs from tests: the built `ptosim` binary, and python3 with numpy as an independent reader of
/// the files PTOSim writes.
public enum Subprocess {
    /// Exit status and captured output of a finished process.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments` (in `currentDirectory` when given) and waits for it.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        // Output goes to files, not pipes: a child that fills one pipe while the test drains the other (an ASan
        // report of many kilobytes on stderr) would otherwise block both for good.
        let dir = TemporaryDirectory("ptosim-subprocess")
        defer { dir.remove() }
        guard FileManager.default.createFile(atPath: dir.file("out"), contents: nil),
              FileManager.default.createFile(atPath: dir.file("err"), contents: nil),
              let out = FileHandle(forWritingAtPath: dir.file("out")),
              let err = FileHandle(forWritingAtPath: dir.file("err")) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return Result(status: process.terminationStatus, stdout: String(decoding: dir.read("out"), as: UTF8.self),
                      stderr: String(decoding: dir.read("err"), as: UTF8.self))
    }

    /// Starts `executable`, sends it SIGINT after `delay` seconds (if still running) and waits for it.
    public static func runInterrupted(_ executable: String, _ arguments: [String], after delay: Double) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        if process.isRunning { process.interrupt() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The first of `python3` on PATH and `/usr/bin/python3` that can import numpy, or nil.
    public static func pythonWithNumPy() -> String? {
        var candidates: [String] = []
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: p) { candidates.append(p); break }
        }
        candidates.append("/usr/bin/python3")
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            if let r = try? run(python, ["-c", "import numpy"]), r.status == 0 { return python }
        }
        return nil
    }

    /// The built `ptosim` executable next to the test bundle.
    public static var ptosimBinary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ptosim").path
    }
}
