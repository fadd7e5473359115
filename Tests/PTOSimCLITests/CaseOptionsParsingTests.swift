import Testing
import ArgumentParser
import PTOCases
@testable import PTOSimCLI

/// Command lines parsed in-process, and the parameters and errors they resolve to.
@Suite struct CaseOptionsParsingTests {
    static func golden(_ args: [String]) throws -> PTOSimCommand.Golden {
        let command = try PTOSimCommand.parseAsRoot(["golden"] + args)
        return try #require(command as? PTOSimCommand.Golden)
    }

    @Test func namedCaseWithOverridesAndOutput() throws {
        let g = try Self.golden(["--case", "SmallCase1", "--context-len", "256", "--seed", "7", "--formulation", "kernel",
                                 "--out", "/tmp/x", "--format", "npy", "--threads", "1"])
        let p = try #require(try g.input.parameters())
        #expect(p.batch == 24 && p.numHeads == 16 && p.contextLens == Array(repeating: 256, count: 24))
        #expect(g.input.effectiveSeed == 7 && g.formulation == .kernel && g.output.format == .npy)
        #expect(g.output.path == "/tmp/x" && g.execution.workers == 1)
        #expect(g.input.label == "SmallCase1 (modified)")
    }

    @Test func customParametersWithAContextList() throws {
        let g = try Self.golden(["--batch", "5", "--num-heads", "64", "--block-size", "64", "--context-lens", "1, 300",
                                 "--max-model-len", "4096"])
        let p = try #require(try g.input.parameters())
        #expect(p.contextLens == [1, 300, 1, 300, 1])  // repeated cyclically, as simpler does
        #expect((p.kvHeads, p.headDim, p.maxModelLen, p.qTile) == (1, 128, 4096, 64))
        #expect(g.input.effectiveSeed == CaseOptions.defaultSeed)
        // Without --batch the list sets it.
        #expect(try Self.golden(["--num-heads", "16", "--context-lens", "3,4,5"]).input.parameters()?.batch == 3)
    }

    static let rejected: [([String], String)] = [
        ([], "choose the inputs: --case NAME (see `ptosim cases`), parameters (--batch, --num-heads, --context-len, ...), or --inputs FILE"),
        (["--case", "Nope"], "unknown case 'Nope' (known cases: Case1, Case2, SmallCase1)"),
        (["--batch", "2", "--context-len", "5"], "custom parameters need --num-heads"),
        (["--num-heads", "16", "--context-len", "5"], "custom parameters need --batch"),
        (["--case", "Case1", "--context-len", "5", "--context-lens", "5"], "give --context-len or --context-lens, not both"),
        (["--case", "Case1", "--context-lens", "5,x"], "--context-lens: 'x' is not an integer"),
        (["--batch", "2", "--num-heads", "16", "--context-lens", "1,2,3"], "--context-lens has 3 values for a batch of 2"),
        (["--inputs", "f", "--batch", "2"], "--inputs takes the parameters from the file; drop the parameter options"),
        (["--inputs", "f", "--seed", "2"], "--seed applies to generated inputs, not to --inputs"),
        (["--case", "Case1", "--num-heads", "24"], "num_heads 24 is not a multiple of 16 (below 64 heads the kernel tiles 16 at a time)"),
        (["--case", "Case1", "--head-dim", "64"], "head_dim must be 128 (got 64)"),
        (["--case", "Case1", "--block-size", "32"], "block_size must be 64 or 128 (got 32)"),
        (["--case", "Case1", "--kv-heads", "4"], "kv_heads must be 1 (got 4)"),
        (["--case", "Case1", "--context-len", "40000"], "context length 40000 of request 0 exceeds max_model_len 32768"),
        (["--case", "Case1", "--batch", "0"], "batch must be at least 1 (got 0): the batch is empty"),
        (["--case", "Case1", "--scale", "nan"], "scale must be a positive finite number (got nan)"),
    ]

    @Test(arguments: rejected.indices)
    func inconsistentOptionsGiveOneLine(_ i: Int) throws {
        let (args, message) = Self.rejected[i]
        let g = try Self.golden(args)
        do {
            _ = try g.input.parameters()
            Issue.record("\(args) accepted")
        } catch {
            #expect(CommandFailure.message(for: error, root: PTOSimCommand.self) == message)
        }
    }

    @Test func parseErrorsAlsoBecomeOneLine() {
        do {
            _ = try PTOSimCommand.parseAsRoot(["golden", "--batch", "two"])
            Issue.record("accepted")
        } catch {
            #expect(CommandFailure.message(for: error, root: PTOSimCommand.self) == "The value 'two' is invalid for '--batch <batch>'")
        }
        do {
            _ = try PTOSimCommand.parseAsRoot(["golden", "--help"])
        } catch {
            #expect(CommandFailure.message(for: error, root: PTOSimCommand.self) == nil, "help is not a failure")
        }
    }

    @Test func casesTableListsTheTiling() {
        let lines = CaseTable.render(PagedAttentionCases.all).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("name") && lines[0].contains("q_tile") && lines[0].contains("logical_blocks"))
        let case2 = lines[2].split(separator: " ").map(String.init)
        #expect(case2 == ["Case2", "64", "64", "1", "128", "64", "8192", "32768", "64", "1", "64", "[64,64,128]",
                          "[8192,64,1,128]", "[64,512]", "269.62", "MB"])
    }
}
