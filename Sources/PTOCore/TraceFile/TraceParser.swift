import Foundation
import PTONumerics

/// Reads the trace-file JSON format (see README "Trace files") into a `TraceProgram`, rejecting anything malformed
/// with one line that names the file, the core, the instruction index and the problem: unknown op, pipe or space,
/// pipes or spaces the core kind lacks, negative or overflowing offsets, ranges past a scratchpad, unknown keys.
public enum TraceParser {
    /// Parses `bytes`; `source` names the file in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> TraceProgram {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            // Foundation's debug description says where ("... around line 3, column 17"); its localized one does not.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw TraceFileError("\(source): not valid JSON (\(detail))")
        }
        guard let top = root as? [String: Any] else { throw TraceFileError("\(source): the top level must be an object") }
        try onlyKeys(top, ["cores"], at: "\(source): top level")
        guard let coreList = top["cores"] as? [Any], !coreList.isEmpty else {
            throw TraceFileError("\(source): \"cores\" must be a non-empty array")
        }
        guard coreList.count <= 64 else { throw TraceFileError("\(source): at most 64 cores, got \(coreList.count)") }
        // Names and kinds first, so cross_set can refer to any core.
        var headers: [(name: String, kind: CoreKind, program: [Any])] = []
        for (i, item) in coreList.enumerated() {
            let at = "\(source): cores[\(i)]"
            guard let obj = item as? [String: Any] else { throw TraceFileError("\(at): must be an object") }
            try onlyKeys(obj, ["name", "kind", "program"], at: at)
            guard let name = obj["name"] as? String, !name.isEmpty else { throw TraceFileError("\(at): missing \"name\"") }
            guard !headers.contains(where: { $0.name == name }) else { throw TraceFileError("\(at): duplicate core name '\(name)'") }
            let kind: CoreKind
            switch obj["kind"] as? String {
            case "aic": kind = .aic
            case "aiv": kind = .aiv
            case let other: throw TraceFileError("\(at) (\(name)): \"kind\" must be \"aic\" or \"aiv\", got \(other.map { "'\($0)'" } ?? "nothing")")
            }
            guard let program = obj["program"] as? [Any] else { throw TraceFileError("\(at) (\(name)): \"program\" must be an array") }
            headers.append((name, kind, program))
        }
        var cores: [TraceProgram.Core] = []
        for (c, header) in headers.enumerated() {
            var entries: [TraceProgram.Entry] = []
            for (i, item) in header.program.enumerated() {
                let at = "\(source): core '\(header.name)' program[\(i)]"
                let context = InstructionContext(at: at, core: c, kind: header.kind, names: headers.map(\.name),
                                                 kinds: headers.map(\.kind))
                entries.append(try parseInstruction(item, context))
            }
            cores.append(TraceProgram.Core(name: header.name, kind: header.kind, program: entries))
        }
        return TraceProgram(cores: cores)
    }

    private struct InstructionContext {
        var at: String
        var core: Int
        var kind: CoreKind
        var names: [String]
        var kinds: [CoreKind]

        func fail(_ problem: String) -> TraceFileError { TraceFileError("\(at): \(problem)") }
    }

    private static func parseInstruction(_ item: Any, _ cx: InstructionContext) throws -> TraceProgram.Entry {
        guard let obj = item as? [String: Any] else { throw cx.fail("an instruction must be an object") }
        guard let op = obj["op"] as? String, !op.isEmpty else { throw cx.fail("missing \"op\"") }
        var label: String?
        if let l = obj["label"] {
            guard let s = l as? String else { throw cx.fail("\"label\" must be a string") }
            label = s
        }
        let instruction: TraceProgram.Instruction
        switch op {
        case "set_flag", "wait_flag":
            try onlyKeys(obj, ["op", "src", "dst", "event", "label"], at: cx.at)
            let src = try pipe(obj, "src", cx), dst = try pipe(obj, "dst", cx)
            let event = try integer(obj, "event", cx, range: 0...(ChipConfig.eventIDs - 1))
            guard src != dst else { throw cx.fail("src and dst are both \(src); use pipe_barrier within one pipe") }
            instruction = op == "set_flag" ? .setFlag(src: src, dst: dst, event: event) : .waitFlag(src: src, dst: dst, event: event)
        case "pipe_barrier":
            try onlyKeys(obj, ["op", "pipe", "label"], at: cx.at)
            guard let name = obj["pipe"] as? String else { throw cx.fail("missing \"pipe\"") }
            if ["ALL", "PIPE_ALL"].contains(name.uppercased()) {
                instruction = .pipeBarrier(.all)
            } else {
                let p = try pipe(obj, "pipe", cx)
                guard p != .s else { throw cx.fail("pipe_barrier(S) is a hardware error on a2a3") }
                instruction = .pipeBarrier(.pipe(p))
            }
        case "cross_set":
            try onlyKeys(obj, ["op", "pipe", "flag", "to", "label"], at: cx.at)
            let p = try pipe(obj, "pipe", cx)
            let flag = try integer(obj, "flag", cx, range: 0...(ChipConfig.crossCoreFlags - 1))
            guard let to = obj["to"] as? [Any], !to.isEmpty else { throw cx.fail("\"to\" must be a non-empty array of core names") }
            var targets: [Int] = []
            for t in to {
                guard let name = t as? String, let idx = cx.names.firstIndex(of: name) else {
                    throw cx.fail("\"to\" names unknown core \(t)")
                }
                guard cx.kinds[idx] != cx.kind else {
                    throw cx.fail("cross_set toward '\(name)': FFTS mode 2 links an AIC with AIVs, not two \(cx.kind)s")
                }
                guard !targets.contains(idx) else { throw cx.fail("\"to\" lists '\(name)' twice") }
                targets.append(idx)
            }
            instruction = .crossSet(pipe: p, flag: flag, to: targets)
        case "cross_wait":
            try onlyKeys(obj, ["op", "flag", "count", "label"], at: cx.at)
            let flag = try integer(obj, "flag", cx, range: 0...(ChipConfig.crossCoreFlags - 1))
            let count = obj["count"] == nil ? 1 : try integer(obj, "count", cx, range: 1...ChipConfig.crossCoreCounterMax)
            instruction = .crossWait(flag: flag, count: count)
        default:
            // A misspelt sync op would otherwise surface as a confusing "unknown key".
            if obj["pipe"] == nil || ["src", "dst", "event", "flag", "to", "count"].contains(where: { obj[$0] != nil }) {
                throw cx.fail("unknown op '\(op)' (data ops need \"pipe\"; sync ops are set_flag, wait_flag, "
                    + "pipe_barrier, cross_set, cross_wait)")
            }
            try onlyKeys(obj, ["op", "pipe", "reads", "writes", "label"], at: cx.at)
            let p = try pipe(obj, "pipe", cx)
            instruction = .op(name: op, pipe: p, reads: try ranges(obj, "reads", cx), writes: try ranges(obj, "writes", cx))
        }
        return TraceProgram.Entry(instruction: instruction, label: label)
    }

    private static func pipe(_ obj: [String: Any], _ key: String, _ cx: InstructionContext) throws -> Pipe {
        guard let name = obj[key] as? String else { throw cx.fail("missing \"\(key)\" (a pipe name)") }
        guard let p = Pipe(name: name) else {
            throw cx.fail("unknown pipe '\(name)' in \"\(key)\" (expected S, MTE1, MTE2, MTE3, M, V or FIX)")
        }
        guard p.exists(on: cx.kind) else { throw cx.fail("pipe \(p) does not exist on an \(cx.kind)") }
        return p
    }

    private static func ranges(_ obj: [String: Any], _ key: String, _ cx: InstructionContext) throws -> [MemoryRange] {
        guard let value = obj[key] else { return [] }
        guard let list = value as? [Any] else { throw cx.fail("\"\(key)\" must be an array") }
        return try list.enumerated().map { i, item in
            let at = "\(key)[\(i)]"
            guard let r = item as? [String: Any] else { throw cx.fail("\(at) must be an object") }
            try onlyKeys(r, ["space", "offset", "bytes"], at: "\(cx.at) \(at)")
            guard let name = r["space"] as? String else { throw cx.fail("\(at): missing \"space\"") }
            guard let space = Space(name: name) else {
                throw cx.fail("\(at): unknown space '\(name)' (expected GM, L1, L0A, L0B, L0C or UB)")
            }
            guard space.exists(on: cx.kind) else { throw cx.fail("\(at): an \(cx.kind) has no \(space)") }
            let offset = try integer(r, "offset", cx, range: 0...Int.max, at: at)
            let bytes = try integer(r, "bytes", cx, range: 1...Int.max, at: at)
            let (end, overflow) = offset.addingReportingOverflow(bytes)
            guard !overflow else { throw cx.fail("\(at): offset \(offset) + bytes \(bytes) overflows") }
            if let capacity = space.capacity, end > capacity {
                throw cx.fail("\(at): bytes [\(offset), \(end)) exceed the \(space) capacity of \(capacity)")
            }
            return MemoryRange(space: space, offset: offset, bytes: bytes)
        }
    }

    /// An integer field: JSON integers (or integral numbers like 2.0) within `range`.
    private static func integer(_ obj: [String: Any], _ key: String, _ cx: InstructionContext, range: ClosedRange<Int>,
                                at: String? = nil) throws -> Int {
        let place = at.map { "\($0): " } ?? ""
        guard let value = obj[key] else { throw cx.fail("\(place)missing \"\(key)\"") }
        // JSONSerialization hands back NSNumber; its type code tells JSON true/false ("c") from integers ("q")
        // and from numbers with a fraction or exponent ("d"), and huge integers arrive as NSDecimalNumber.
        guard let number = value as? NSNumber, !(value is String) else {
            throw cx.fail("\(place)\"\(key)\" must be an integer")
        }
        let type = String(cString: number.objCType)
        guard type != "c" && type != "B" else { throw cx.fail("\(place)\"\(key)\" must be an integer, got a boolean") }
        let v: Int
        if number is NSDecimalNumber || type == "d" || type == "f" {
            let d = number.doubleValue
            guard d.rounded() == d else { throw cx.fail("\(place)\"\(key)\" must be an integer, got \(number)") }
            guard d >= -9.2e18, d <= 9.2e18 else { throw cx.fail("\(place)\"\(key)\" = \(number) overflows a 64-bit integer") }
            v = Int(d)
        } else if type == "Q" && number.uint64Value > UInt64(Int.max) {
            throw cx.fail("\(place)\"\(key)\" = \(number) overflows a 64-bit integer")
        } else {
            v = number.intValue
        }
        guard range.contains(v) else {
            if v < 0 && range.lowerBound >= 0 { throw cx.fail("\(place)\"\(key)\" must not be negative, got \(v)") }
            throw cx.fail("\(place)\"\(key)\" = \(v) is outside \(range.lowerBound)...\(range.upperBound == Int.max ? "" : String(range.upperBound))")
        }
        return v
    }

    private static func onlyKeys(_ obj: [String: Any], _ allowed: Set<String>, at: String) throws {
        if let bad = obj.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw TraceFileError("\(at): unknown key \"\(bad)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}

/// A malformed trace file: one line naming the file, the place (core and instruction index) and the problem.
public struct TraceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    /// `message` kept to one line: keys, names and values quoted from the file may hold newlines.
    public init(_ message: String) { self.message = OneLineMessage.clean(message) }

    public var description: String { message }
}

extension TraceParser {
    /// Reads and parses the file at `path`.
    public static func parseFile(atPath path: String) throws -> TraceProgram {
        try parse(try TraceFileBytes.read(path), source: path)
    }
}
