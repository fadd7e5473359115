import Testing
import PTONumerics

/// bf16 rounding against an independent reference: instead of bit tricks, it finds the two bf16 neighbours of x by
/// value, compares the distances in Double (exact for these operands) and breaks ties by the mode's rule.
enum ReferenceRounding {
    static func bf16(_ x: Float, tiesAway: Bool) -> UInt16 {
        if x.isNaN { return 0xFFFF }  // compared as "is a quiet NaN" by the caller
        let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
        let a = Double(x.magnitude)
        if a.isInfinite { return sign | 0x7F80 }
        if a == 0 { return sign }
        // The bf16 grid around a: ulp = 2^(e-7) for normal binades, 2^-133 below 2^-126.
        let e = max(Int(a.exponent), -126)
        let ulp = Double(sign: .plus, exponent: e - 7, significand: 1)
        let lowerSteps = (a / ulp).rounded(.down)
        let lower = lowerSteps * ulp, upper = lower + ulp
        let dl = a - lower, du = upper - a
        let steps: Double
        if dl < du { steps = lowerSteps } else if du < dl { steps = lowerSteps + 1 } else if tiesAway {
            steps = lowerSteps + 1
        } else {
            steps = lowerSteps.truncatingRemainder(dividingBy: 2) == 0 ? lowerSteps : lowerSteps + 1
        }
        let value = steps * ulp
        if value >= 0x1p128 { return sign | 0x7F80 }  // past the largest finite bf16: infinity
        return sign | UInt16(Float(value).bitPattern >> 16)
    }
}

@Suite struct BFloat16Tests {
    static func check(_ bits: UInt32) -> String? {
        let x = Float(bitPattern: bits)
        for away in [false, true] {
            let got = away ? BFloat16.roundTiesAway(bits) : BFloat16.roundNearestEven(bits)
            if x.isNaN {
                // A NaN stays a NaN, gains the quiet bit, keeps its sign.
                let ok = got & 0x7F80 == 0x7F80 && got & 0x0040 != 0 && (got & 0x8000 != 0) == (bits >> 31 == 1)
                if !ok { return "NaN \(String(bits, radix: 16)) → \(String(got, radix: 16))" }
                continue
            }
            let want = ReferenceRounding.bf16(x, tiesAway: away)
            if got != want {
                return "\(away ? "ties-away" : "nearest-even") of \(String(bits, radix: 16)): got "
                    + "\(String(got, radix: 16)) want \(String(want, radix: 16))"
            }
        }
        return nil
    }

    @Test func everyBF16RoundTripsAndWidensExactly() {
        for raw in 0...0xFFFF {
            let b = BFloat16(bitPattern: UInt16(raw))
            let f = b.float
            // Independent widening: sign · 2^(e−127) · (1 + m/128), or subnormal 2^−126 · m/128.
            let s = raw >> 15, e = (raw >> 7) & 0xFF, m = raw & 0x7F
            if e == 0xFF {
                #expect(m == 0 ? f.isInfinite : f.isNaN)
            } else {
                let magnitude = e == 0 ? Double(m) / 128 * 0x1p-126
                    : (1 + Double(m) / 128) * Double(sign: .plus, exponent: e - 127, significand: 1)
                #expect(Double(f) == (s == 1 ? -magnitude : magnitude), "widen \(raw)")
            }
            for rounding in BF16Rounding.allCases {
                let back = BFloat16(f, rounding: rounding).bitPattern
                let expected = b.isNaN ? UInt16(raw) | 0x0040 : UInt16(raw)
                #expect(back == expected, "round trip of \(raw) (\(rounding))")
            }
        }
    }

    @Test func boundaryCases() {
        let cases: [UInt32] = [
            0x0000_0000, 0x8000_0000,                 // ±0
            0x0000_0001, 0x8000_0001,                 // smallest fp32 subnormal → ±0
            0x0000_8000, 0x0000_8001, 0x0001_8000,    // subnormal ties and just above
            0x0001_0000, 0x0000_FFFF,                 // smallest bf16 subnormal, and just below it
            0x007F_FFFF, 0x0080_0000,                 // largest fp32 subnormal, smallest normal
            0x3F80_8000, 0x3F81_8000, 0xBF80_8000,    // ties at 1.0 (even kept) and 1.0078125 (odd kept), negative
            0x3F80_7FFF, 0x3F80_8001,                 // just either side of a tie
            0x7F7F_0000, 0x7F7F_7FFF, 0x7F7F_8000,    // max finite bf16, just below its tie, the tie (→ inf)
            0x7F7F_FFFF, 0xFF7F_FFFF,                 // ±FLT_MAX → ±inf
            0x7F80_0000, 0xFF80_0000,                 // ±inf
            0x7F80_0001, 0x7FBF_FFFF, 0x7FC0_0000, 0xFFC0_0001, 0x7FFF_FFFF,  // NaNs (signalling, quiet)
        ]
        for bits in cases {
            #expect(Self.check(bits) == nil)
        }
        // The tie rules, spelled out.
        #expect(BFloat16.roundNearestEven(0x3F80_8000) == 0x3F80 && BFloat16.roundTiesAway(0x3F80_8000) == 0x3F81)
        #expect(BFloat16.roundNearestEven(0x3F81_8000) == 0x3F82 && BFloat16.roundTiesAway(0x3F81_8000) == 0x3F82)
        #expect(BFloat16.roundTiesAway(0xBF80_8000) == 0xBF81)
        #expect(BFloat16.roundNearestEven(0x7F7F_8000) == 0x7F80 && BFloat16.roundTiesAway(0x7F7F_7FFF) == 0x7F7F)
        #expect(BFloat16.roundNearestEven(0x0000_0001) == 0x0000)
    }

    /// 10^7 random fp32 bit patterns (every exponent equally likely), both modes, against the reference.
    @Test func tenMillionRandomFloats() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var failures: [String] = []
        for _ in 0..<10_000_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let bits = UInt32(truncatingIfNeeded: state >> 11)
            // Every eighth value is forced onto a tie to exercise the tie rules heavily.
            let probe = state & 7 == 0 ? (bits & 0xFFFF_0000) | 0x8000 : bits
            if let failure = Self.check(probe), failures.count < 5 { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
