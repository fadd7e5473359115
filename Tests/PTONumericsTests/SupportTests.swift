import Testing
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import PTONumerics

@Suite struct VectorMathTests {
    @Test func specialValues() {
        #expect(VectorMath.exp(0) == 1)
        #expect(VectorMath.exp(-.infinity) == 0)
        #expect(VectorMath.exp(.infinity) == .infinity)
        #expect(VectorMath.exp(.nan).isNaN)
        #expect(VectorMath.exp(-104) == 0)  // below the smallest subnormal
        #expect(VectorMath.exp(89) == .infinity)
    }

    /// Within half an ulp of e^x (Taylor series in Double as the independent value) for |x| ≤ 1.
    @Test func accurateToHalfAnUlp() {
        for i in -64...64 {
            let x = Float(i) / 64
            var term = 1.0, sum = 1.0
            for k in 1...30 { term *= Double(x) / Double(k); sum += term }
            let got = VectorMath.exp(x)
            #expect(abs(Double(got) - sum) <= Double(got.ulp) / 2 * 1.0001, "exp(\(x))")
        }
    }
}

@Suite struct ParallelAndShapeTests {
    @Test(arguments: [1, 2, 4])
    func forEachVisitsEveryItemOnce(workers: Int) {
        let seen = Mutex<[Int]>([])
        Parallel.forEach(100, workers: workers) { item, worker in
            #expect(worker >= 0 && worker < workers)
            seen.withLock { $0.append(item) }
        }
        #expect(seen.withLock { $0.sorted() } == Array(0..<100))
    }

    @Test func splitCoversTheRangeWithAlignedStarts() {
        let parts = Parallel.split(1001, parts: 3, alignment: 2)
        #expect(parts.first?.lowerBound == 0 && parts.last?.upperBound == 1001)
        for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.upperBound == b.lowerBound && b.lowerBound % 2 == 0) }
    }

    @Test func shapeArithmetic() {
        #expect(Shape.elementCount([2, 3, 4]) == 24)
        #expect(Shape.elementCount([]) == 1)
        #expect(Shape.elementCount([-1, 2]) == nil)
        #expect(Shape.elementCount([1 << 40, 1 << 30]) == nil)
        #expect(Shape.byteCount([1 << 62], .f32) == nil)
        #expect(Shape.strides([2, 3, 4]) == [12, 4, 1])
        #expect(Shape.index(of: 23, in: [2, 3, 4]) == [1, 2, 3])
    }

    /// A mapped (large) tensor starts zeroed, copies compare equal, and a changed byte makes them differ.
    @Test func largeTensorsAreZeroedAndCopyable() {
        let t = Tensor(dtype: .f32, shape: [1 << 20])
        #expect((0..<t.count).allSatisfy { t.f32[$0] == 0 })
        t.f32[12345] = 3
        let c = t.copy()
        #expect(c.isBitwiseEqual(to: t))
        c.f32[0] = 1
        #expect(!c.isBitwiseEqual(to: t))
        #expect(Tensor(i32: [1, -2], shape: [2]).floatArray() == [1, -2])
    }
}
