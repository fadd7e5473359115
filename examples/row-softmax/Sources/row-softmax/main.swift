import Foundation
import PTOCore
import PTONumerics

// Row softmax on one AIV of an emulated a2a3 cluster: run it against its golden, check its events, remove one and
// read the race the checker reports, then time it on the cost model.
// Usage: row-softmax [--without x-loaded|x-free|y-ready|y-free]   (the event to remove; default x-free)

let rows = 64, cols = 128, tileRows = 16
let input = sampleMatrix(rows: rows, cols: cols)
let expected = goldenRowSoftmax(input, rows: rows, cols: cols)
var failures: [String] = []

var removed = Event.xFree
if let i = CommandLine.arguments.firstIndex(of: "--without") {
    guard i + 1 < CommandLine.arguments.count, let e = Event(rawValue: CommandLine.arguments[i + 1]) else {
        let names = Event.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("row-softmax: error: --without takes one of \(names)\n".utf8))
        exit(2)
    }
    removed = e
}

/// A fresh GM holding `x` (and a zeroed `y`), a cluster over it, and the kernel on AIV0.
@MainActor func setUp(slots: Int = 2, without: Event? = nil) -> (Cluster, GlobalMemory, GMBuffer, RowSoftmaxKernel) {
    let gm = GlobalMemory()
    let x = Tensor(dtype: .f32, shape: [rows, cols])
    for i in 0..<input.count { x.f32[i] = input[i] }
    let xBuffer = gm.register(x, name: "x")
    let yBuffer = gm.register(Tensor(dtype: .f32, shape: [rows, cols]), name: "y")
    let kernel = RowSoftmaxKernel(input: xBuffer, output: yBuffer, rows: rows, cols: cols, tileRows: tileRows,
                                  slots: slots, without: without)
    return (Cluster(index: 0, gm: gm), gm, yBuffer, kernel)
}

/// How the kernel's `y` compares with the golden, bit for bit (a difference is recorded as a failure).
@MainActor func compare(_ gm: GlobalMemory, _ y: GMBuffer) -> String {
    let out = gm.tensor(y)
    let differ = (0..<expected.count).filter { out.f32[$0].bitPattern != expected[$0].bitPattern }
    if differ.isEmpty { return "bit-identical to the golden (\(expected.count) elements)" }
    let worst = differ.map { abs(out.f32[$0] - expected[$0]) }.max() ?? 0
    failures.append("\(differ.count) elements differ from the golden")
    return "\(differ.count) of \(expected.count) elements differ from the golden (max |diff| \(worst))"
}

print("row softmax of a \(rows) x \(cols) fp32 matrix on one AIV: \(rows / tileRows) tiles of \(tileRows) rows, "
      + "2 UB slots (ping-pong)")

// 1. Run it on the emulator: every tile through UB on its pipe, ordered by the events.
do {
    let (cluster, gm, y, kernel) = setUp()
    var aic = Idle(), aiv0 = kernel, aiv1 = Idle()
    try cluster.run(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
    print("run: " + compare(gm, y))
}

// 2. Check its synchronisation under the happens-before race checker.
do {
    let (cluster, _, _, kernel) = setUp()
    var aic = Idle(), aiv0 = kernel, aiv1 = Idle()
    let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
    if report.isClean { print("race checker: clean") } else {
        failures.append("the race checker reports findings on the full kernel")
        print("race checker:\n" + report.text())
    }
}

// 3. Remove one event and read what the checker reports.
do {
    let (cluster, _, _, kernel) = setUp(without: removed)
    var aic = Idle(), aiv0 = kernel, aiv1 = Idle()
    let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
    print("race checker without '\(removed.label)' (\(removed.src) -> \(removed.dst)):")
    if report.isClean { failures.append("removing '\(removed.label)' went unnoticed") }
    print(report.isClean ? "clean" : report.text())
}

// 4. Time it on the a2a3 cost model (the data effects run at their modeled times), with one slot and with two.
for slots in [1, 2] {
    let (cluster, gm, y, kernel) = setUp(slots: slots)
    let chip = TimedChip(options: .init(parameters: try TimingParameters.builtIn()))
    var aic = Idle(), aiv0 = kernel, aiv1 = Idle()
    try chip.capture(cluster: cluster, hardwareBlock: 0, aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
    let run = chip.simulate()
    if !run.faults.isEmpty { failures.append("the timed run faulted: \(run.faults)") }
    let busy = [Pipe.mte2, .v, .mte3].map { "\($0) \(Int((run.busyFraction(.aiv, $0) * 100).rounded()))%" }
    print("timed, \(slots) slot(s): \(String(format: "%.2f", run.microseconds(run.kernelCycles))) us "
          + "(\(Int(run.kernelCycles.rounded())) cycles, \(run.instructionCount) instructions); busy "
          + busy.joined(separator: ", ") + "; " + compare(gm, y))
}

if !failures.isEmpty {
    print("FAILED: " + failures.joined(separator: "; "))
    exit(1)
}
