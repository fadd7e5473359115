import Testing
@testable import PTONumerics

@Suite struct MatmulTests {
    /// [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]] (hand-computed).
    @Test func sgemmTwoByTwo() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            Matmul.gemm(m: 2, n: 2, k: 2, a: pa.baseAddress!, lda: 2, b: pb.baseAddress!, ldb: 2, c: pc.baseAddress!, ldc: 2)
        } } }
        #expect(c == [19, 22, 43, 50])
    }

    /// Small-integer operands make every product and partial sum exact, so BLAS must equal a naive triple loop
    /// bit for bit, with and without a transposed B and with accumulation.
    @Test(arguments: [false, true])
    func matchesNaiveProductExactly(transB: Bool) {
        let m = 5, n = 7, k = 9
        let a = (0..<m * k).map { Float(($0 * 7) % 11) - 5 }
        let b = (0..<k * n).map { Float(($0 * 5) % 13) - 6 }
        var c = [Float](repeating: 1, count: m * n)
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            Matmul.gemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: transB ? k : n,
                        transB: transB, c: pc.baseAddress!, ldc: n, accumulate: true)
        } } }
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 1
                for p in 0..<k { sum += a[i * k + p] * (transB ? b[j * k + p] : b[p * n + j]) }
                #expect(c[i * n + j] == sum, "C[\(i),\(j)]")
            }
        }
    }
}
