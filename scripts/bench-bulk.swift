// Benchmark driver for scripts/bench-bulk.sh: not part of the package (compiled with the PTONumerics sources it measures).
import Glibc
func now() -> Double { var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9 }
let n = 16 << 20  // 16 Mi elements: 64 MiB fp32 + 32 MiB bf16, far beyond cache
let f = UnsafeMutablePointer<Float>.allocate(capacity: n)
let h = UnsafeMutablePointer<UInt16>.allocate(capacity: n)
for i in 0..<n { f[i] = Float(i % 1000) * 0.001 - 0.3 }
BF16Convert.narrow(f, h, count: n, rounding: .nearestEven)
func median(_ body: () -> Void) -> Double { var t: [Double] = []; for _ in 0..<9 { let a = now(); body(); t.append(now() - a) }; return t.sorted()[4] }
let bytes = Double(n * 6)
let g = UnsafeMutablePointer<Float>.allocate(capacity: n)
for path in SIMDPath.runnable {
    for (name, body) in [("narrow nearest-even", { BF16Convert.narrow(f, h, count: n, rounding: .nearestEven, path: path) }),
                         ("narrow ties-away", { BF16Convert.narrow(f, h, count: n, rounding: .tiesAwayFromZero, path: path) }),
                         ("widen", { BF16Convert.widen(h, f, count: n, path: path) })] as [(String, () -> Void)] {
        let t = median(body)
        print("\(path) \(name): \(Double(Int(bytes / t / 1e8)) / 10) GB/s (bytes read + written), \(Double(Int(Double(n) / t / 1e7)) / 100) G elements/s")
    }
    for i in 0..<n { f[i] = Float(i % 1000) * -0.01 }  // softmax-like arguments, 0 down to -10
    let te = median { VectorMath.exp(f, g, count: n, path: path) }
    print("\(path) exp: \(Double(Int(Double(n) / te / 1e7)) / 100) G elements/s")
    for i in 0..<n { f[i] = Float(i % 1000) * 0.001 - 0.3 }
}
let rng = CounterRNG(seed: 1, stream: 2)
let tg = median { rng.fillUniformBF16(h, count: n, firstElement: 0, low: -0.5, high: 0.5) }
print("uniform bf16 fill, one thread: \(Int(Double(n) / tg / 1e6)) M elements/s")
