import PTOFormats
import PTONumerics

/// Reads the trace-file JSON format (see docs/race-checker.md, "Trace files") into a `TraceProgram`, rejecting anything malformed
/// with one line that names the file, the core, the instruction index and the problem: unknown op, pipe or space,
/// pipes or spaces the core kind lacks, negative or overflowing numbers, ranges past a scratchpad, unknown keys.
/// Numbers are read from their literal text, so a byte offset never passes through a Double.
public enum TraceParser {
    /// Parses `bytes`; `source` names the file in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> TraceProgram {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw TraceFileError("\(source): not valid JSON (\(error))")
        }
        guard case let .object(top) = root else { throw TraceFileError("\(source): the top level must be an object") }
        try onlyKeys(top, ["cores"], at: "\(source): top level")
        guard case let .array(coreList)? = root["cores"], !coreList.isEmpty else {
            throw TraceFileError("\(source): \"cores\" must be a non-empty array")
        }
        guard coreList.count <= 64 else { throw TraceFileError("\(source): at most 64 cores, got \(coreList.count)") }
        // Names and kinds first, so cross_set can refer to any core.
        var headers: [(name: String, kind: CoreKind, program: [JSONValue])] = []
        for (i, item) in coreList.enumerated() {
            let at = "\(source): cores[\(i)]"
            guard case let .object(members) = item else { throw TraceFileError("\(at): must be an object") }
            try onlyKeys(members, ["name", "kind", "program"], at: at)
            guard let name = item["name"]?.stringValue, !name.isEmpty else { throw TraceFileError("\(at): missing \"name\"") }
            guard !headers.contains(where: { $0.name == name }) else { throw TraceFileError("\(at): duplicate core name '\(name)'") }
            let kind: CoreKind
            switch item["kind"]?.stringValue {
            case "aic": kind = .aic
            case "aiv": kind = .aiv
            case let other:
                throw TraceFileError("\(at) (\(name)): \"kind\" must be \"aic\" or \"aiv\", got \(other.map { "'\($0)'" } ?? "nothing")")
            }
            guard case let .array(program)? = item["program"] else {
                throw TraceFileError("\(at) (\(name)): \"program\" must be an array")
            }
            headers.append((name, kind, program))
        }
        var cores: [TraceProgram.Core] = []
        for (c, header) in headers.enumerated() {
            var entries: [TraceProgram.Entry] = []
            entries.reserveCapacity(header.program.count)
            let names = headers.map(\.name), kinds = headers.map(\.kind)
            for (i, item) in header.program.enumerated() {
                let context = InstructionContext(source: source, coreName: header.name, index: i, core: c,
                                                 kind: header.kind, names: names, kinds: kinds)
                entries.append(try parseInstruction(item, context))
            }
            cores.append(TraceProgram.Core(name: header.name, kind: header.kind, program: entries))
        }
        return TraceProgram(cores: cores)
    }

    private struct InstructionContext {
        var source: String
        var coreName: String
        var index: Int
        var core: Int
        var kind: CoreKind
        var names: [String]
        var kinds: [CoreKind]

        /// Built only when reporting an error.
        var at: String { "\(source): core '\(coreName)' program[\(index)]" }

        func fail(_ problem: String) -> TraceFileError { TraceFileError("\(at): \(problem)") }
    }

    private static func parseInstruction(_ item: JSONValue, _ cx: InstructionContext) throws -> TraceProgram.Entry {
        guard case let .object(members) = item else { throw cx.fail("an instruction must be an object") }
        guard let op = item["op"]?.stringValue, !op.isEmpty else { throw cx.fail("missing \"op\"") }
        var label: String?
        if let l = item["label"] {
            guard let s = l.stringValue else { throw cx.fail("\"label\" must be a string") }
            label = s
        }
        let instruction: TraceProgram.Instruction
        switch op {
        case "set_flag", "wait_flag":
            try onlyKeys(members, ["op", "src", "dst", "event", "label"], cx)
            let src = try pipe(item, "src", cx), dst = try pipe(item, "dst", cx)
            let event = try integer(item, "event", cx, range: 0...(ChipConfig.eventIDs - 1))
            guard src != dst else { throw cx.fail("src and dst are both \(src); use pipe_barrier within one pipe") }
            instruction = op == "set_flag" ? .setFlag(src: src, dst: dst, event: event) : .waitFlag(src: src, dst: dst, event: event)
        case "pipe_barrier":
            try onlyKeys(members, ["op", "pipe", "label"], cx)
            guard let name = item["pipe"]?.stringValue else { throw cx.fail("missing \"pipe\"") }
            if ["ALL", "PIPE_ALL"].contains(name.uppercased()) {
                instruction = .pipeBarrier(.all)
            } else {
                let p = try pipe(item, "pipe", cx)
                guard p != .s else { throw cx.fail("pipe_barrier(S) is a hardware error on a2a3") }
                instruction = .pipeBarrier(.pipe(p))
            }
        case "cross_set":
            try onlyKeys(members, ["op", "pipe", "flag", "to", "label"], cx)
            let p = try pipe(item, "pipe", cx)
            let flag = try integer(item, "flag", cx, range: 0...(ChipConfig.crossCoreFlags - 1))
            guard case let .array(to)? = item["to"], !to.isEmpty else {
                throw cx.fail("\"to\" must be a non-empty array of core names")
            }
            var targets: [Int] = []
            for t in to {
                guard let name = t.stringValue, let idx = cx.names.firstIndex(of: name) else {
                    throw cx.fail("\"to\" names unknown core \(t.stringValue.map { "'\($0)'" } ?? t.typeName)")
                }
                guard cx.kinds[idx] != cx.kind else {
                    throw cx.fail("cross_set toward '\(name)': FFTS mode 2 links an AIC with AIVs, not two \(cx.kind)s")
                }
                guard !targets.contains(idx) else { throw cx.fail("\"to\" lists '\(name)' twice") }
                targets.append(idx)
            }
            instruction = .crossSet(pipe: p, flag: flag, to: targets)
        case "cross_wait":
            try onlyKeys(members, ["op", "flag", "count", "label"], cx)
            let flag = try integer(item, "flag", cx, range: 0...(ChipConfig.crossCoreFlags - 1))
            let count = item["count"] == nil ? 1 : try integer(item, "count", cx, range: 1...ChipConfig.crossCoreCounterMax)
            instruction = .crossWait(flag: flag, count: count)
        default:
            // A misspelt sync op would otherwise surface as a confusing "unknown key".
            if item["pipe"] == nil || ["src", "dst", "event", "flag", "to", "count"].contains(where: { item[$0] != nil }) {
                throw cx.fail("unknown op '\(op)' (data ops need \"pipe\"; sync ops are set_flag, wait_flag, "
                    + "pipe_barrier, cross_set, cross_wait)")
            }
            try onlyKeys(members, ["op", "pipe", "reads", "writes", "label"], cx)
            let p = try pipe(item, "pipe", cx)
            instruction = .op(name: op, pipe: p, reads: try ranges(item, "reads", cx), writes: try ranges(item, "writes", cx))
        }
        return TraceProgram.Entry(instruction: instruction, label: label)
    }

    private static func pipe(_ obj: JSONValue, _ key: String, _ cx: InstructionContext) throws -> Pipe {
        guard let name = obj[key]?.stringValue else { throw cx.fail("missing \"\(key)\" (a pipe name)") }
        guard let p = Pipe(name: name) else {
            throw cx.fail("unknown pipe '\(name)' in \"\(key)\" (expected S, MTE1, MTE2, MTE3, M, V or FIX)")
        }
        guard p.exists(on: cx.kind) else { throw cx.fail("pipe \(p) does not exist on an \(cx.kind)") }
        return p
    }

    private static func ranges(_ obj: JSONValue, _ key: String, _ cx: InstructionContext) throws -> [MemoryRange] {
        guard let value = obj[key] else { return [] }
        guard case let .array(list) = value else { throw cx.fail("\"\(key)\" must be an array") }
        return try list.enumerated().map { i, item in
            guard case let .object(members) = item else { throw cx.fail("\(key)[\(i)] must be an object") }
            try onlyKeys(members, ["space", "offset", "bytes"], cx, at: "\(key)[\(i)]")
            guard let name = item["space"]?.stringValue else { throw cx.fail("\(key)[\(i)]: missing \"space\"") }
            guard let space = Space(name: name) else {
                throw cx.fail("\(key)[\(i)]: unknown space '\(name)' (expected GM, L1, L0A, L0B, L0C or UB)")
            }
            guard space.exists(on: cx.kind) else { throw cx.fail("\(key)[\(i)]: an \(cx.kind) has no \(space)") }
            let offset = try integer(item, "offset", cx, range: 0...Int.max, at: "\(key)[\(i)]")
            let bytes = try integer(item, "bytes", cx, range: 1...Int.max, at: "\(key)[\(i)]")
            let (end, overflow) = offset.addingReportingOverflow(bytes)
            guard !overflow else { throw cx.fail("\(key)[\(i)]: offset \(offset) + bytes \(bytes) overflows") }
            if let capacity = space.capacity, end > capacity {
                throw cx.fail("\(key)[\(i)]: bytes [\(offset), \(end)) exceed the \(space) capacity of \(capacity)")
            }
            return MemoryRange(space: space, offset: offset, bytes: bytes)
        }
    }

    /// An integer field: a JSON integer literal (no fraction or exponent) within `range`.
    private static func integer(_ obj: JSONValue, _ key: String, _ cx: InstructionContext, range: ClosedRange<Int>,
                                at: String? = nil) throws -> Int {
        let place = at.map { "\($0): " } ?? ""
        guard let value = obj[key] else { throw cx.fail("\(place)missing \"\(key)\"") }
        guard case let .number(text) = value else {
            throw cx.fail("\(place)\"\(key)\" must be an integer, got a \(value.typeName)")
        }
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw cx.fail("\(place)\"\(key)\" must be an integer, got \(text)")
        }
        guard let v = Int(text) else { throw cx.fail("\(place)\"\(key)\" = \(text) overflows a 64-bit integer") }
        guard range.contains(v) else {
            if v < 0 && range.lowerBound >= 0 { throw cx.fail("\(place)\"\(key)\" must not be negative, got \(v)") }
            let upper = range.upperBound == Int.max ? "" : String(range.upperBound)
            throw cx.fail("\(place)\"\(key)\" = \(v) is outside \(range.lowerBound)...\(upper)")
        }
        return v
    }

    private static func onlyKeys(_ members: [(key: String, value: JSONValue)], _ allowed: Set<String>,
                                 _ cx: InstructionContext, at: String? = nil) throws {
        if let bad = members.first(where: { !allowed.contains($0.key) }) {
            throw cx.fail("\(at.map { "\($0): " } ?? "")unknown key \"\(bad.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private static func onlyKeys(_ members: [(key: String, value: JSONValue)], _ allowed: Set<String>, at: String) throws {
        if let bad = members.first(where: { !allowed.contains($0.key) }) {
            throw TraceFileError("\(at): unknown key \"\(bad.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
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
