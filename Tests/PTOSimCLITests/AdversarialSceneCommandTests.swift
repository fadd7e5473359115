import Foundation
import PTOTestSupport
import Testing

/// `ptosim run --scene ... --schedule adversarial` on multi-task scenes: each finding of `ptosim check` is aimed at
/// on the runtime replay, the run reports which pairs ran the harmful way round, and the verdict is the data's.
@Suite("ptosim run --schedule adversarial on multi-task scenes")
struct AdversarialSceneCommandTests {
    func ptosim(_ args: [String]) throws -> Subprocess.Result { try Subprocess.run(Subprocess.ptosimBinary, args) }

    static let unroll = ["run", "--scene", "paged_attention_unroll", "--case", "Case1", "--param", "batch=1",
                         "--param", "context_len=300"]

    /// The pass-1 prefetch WAR is realized; the V lag it needs also loses the next MTE2→V signal, so the softmax
    /// hangs and `out` fails both references. The nominal replay of the same case passes.
    @Test func theUnrollPrefetchWARFailsTheRun() throws {
        let nominal = try ptosim(Self.unroll + ["--timing"])
        #expect(nominal.status == 0, "\(nominal.stdout)")
        let r = try ptosim(Self.unroll + ["--schedule", "adversarial"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("adversarial: task 2 block 0: WAR aiv0 #3 V TROWMAX 'aiv.sf.p1.rowmax[0]' -> "
                                  + "aiv0 #12 MTE2 TLOAD 'aiv.sf.p1.prefetch-s[2]': stall of "))
        #expect(!r.stdout.contains("order not flipped"))
        #expect(r.stdout.contains("FAILED: golden: "))
        #expect(r.stdout.contains("FAILED: exact reference: 2048 of 2048 elements of 'out' differ"))
        #expect(r.stdout.contains("lost_signal: aiv0.0 #15 MTE2 set_flag 'aiv.sf.p1.mte2-v[2]'"))
    }

    /// With `--overlap V` the update's scratch WAW is realized in both scenes; nothing reads the scratch after the
    /// pair, so the output still equals both references and the run passes.
    @Test(arguments: ["batch_paged_attention", "paged_attention"])
    func theUpdateScratchWAWIsRealizedWithoutChangingTheOutput(scene: String) throws {
        let r = try ptosim(["run", "--scene", scene, "--case", "CaseSmall1", "--schedule", "adversarial",
                            "--overlap", "V", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(o["adversarial_targets"] as? [String])
        #expect(targets.count == 1)
        let t = try #require(targets.first)
        #expect(t.contains(": WAW ") && t.contains("'aiv.up.scale-oi") && t.contains("'aiv.up.scale-oi-new")
                && t.contains(": completion of ") && !t.contains("order not flipped"), "\(t)")
        #expect((o["outputs"] as? [[String: Any]])?.first?["differ_from_exact_reference"] as? Int == 0)
    }

    /// A multi-task scene with no hazard: the adversarial run is the nominal one (same modeled times, same verdict).
    @Test func aSceneWithoutHazardsRunsAsNominal() throws {
        let base = ["run", "--scene", "alternating_matmul_add", "--case", "default", "--json"]
        let nominal = try ptosim(base + ["--timing"]), adv = try ptosim(base + ["--schedule", "adversarial"])
        #expect(nominal.status == 0 && adv.status == 0, "\(adv.stderr)")
        func fields(_ text: String) throws -> (Any?, Any?, Any?) {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return (o["modeled_us"], o["outputs"], o["adversarial_targets"])
        }
        let (nt, no, _) = try fields(nominal.stdout), (at, ao, targets) = try fields(adv.stdout)
        let nominalTimes = nt as? [String: Any] ?? [:], advTimes = at as? [String: Any] ?? [:]
        #expect(!nominalTimes.isEmpty && NSDictionary(dictionary: nominalTimes) == NSDictionary(dictionary: advTimes))
        #expect(NSArray(array: no as? [Any] ?? []) == NSArray(array: ao as? [Any] ?? []))
        #expect((targets as? [String])?.isEmpty == true)
    }

    @Test func overlapNeedsTheAdversarialSchedule() throws {
        let r = try ptosim(Self.unroll + ["--timing", "--overlap", "V"])
        #expect(r.status == 2)
        #expect(r.stderr == "ptosim: error: --overlap needs --schedule adversarial\n")
        let bad = try ptosim(Self.unroll + ["--schedule", "adversarial", "--overlap", "Q"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--overlap Q: unknown pipe"))
    }
}
