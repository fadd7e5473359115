import PTONumerics
import Testing
@testable import PTORuntime

/// The TensorMap's overlap test on views of one buffer.
@Suite struct RegionOverlapTests {
    let base: ChipTensor

    init() throws {
        base = try ChipTensor(external: Tensor(dtype: .f32, shape: [16, 32]), name: "t")
    }

    private func classify(_ new: ChipTensor, _ old: ChipTensor) -> RegionOverlap {
        RegionOverlap.classify(RegionKey(new), against: RegionKey(old))
    }

    @Test func boxesInTheSameRowMajorSpace() throws {
        let a = try base.view(shape: [4, 8], offsets: [2, 4])
        #expect(classify(try base.view(shape: [4, 8], offsets: [2, 12]), a) == .disjoint)   // side by side
        #expect(classify(try base.view(shape: [2, 8], offsets: [6, 4]), a) == .disjoint)    // below
        #expect(classify(try base.view(shape: [8, 16], offsets: [0, 0]), a) == .covers)
        #expect(classify(a, a) == .covers)
        #expect(classify(try base.view(shape: [4, 8], offsets: [3, 6]), a) == .partial)
        #expect(classify(try base.view(shape: [1, 1], offsets: [5, 11]), a) == .partial)    // inside, not covering
        #expect(classify(try base.view(shape: [1, 1], offsets: [5, 12]), a) == .disjoint)   // just right of it
    }

    @Test func differentLayoutsAreConservative() throws {
        // A reshape of the same bytes has other strides: the test cannot compare boxes and reports a dependency
        // whenever the byte ranges meet, even where no element is shared.
        let flat = try base.reshaped([512])
        let corner = try base.view(shape: [2, 4], offsets: [0, 0])   // elements 0..<4 and 32..<36
        #expect(classify(try flat.view(shape: [4], offsets: [10]), corner) == .partial)   // between its rows
        #expect(classify(try flat.view(shape: [4], offsets: [40]), corner) == .disjoint)
    }

    @Test func otherDtypeViewsOfTheSameBytesAreConservative() throws {
        let bytes = Tensor(dtype: .f32, shape: [64])
        let asFloats = try ChipTensor(external: bytes, name: "f")
        let sameBytesAsInts = try ChipTensor(external: Tensor(dtype: .i32, shape: [64], adopting: bytes.raw,
                                                              release: { _, _ in }), name: "i")
        #expect(RegionOverlap.classify(RegionKey(try sameBytesAsInts.view(shape: [4], offsets: [0])),
                                       against: RegionKey(asFloats)) == .partial)
        #expect(asFloats.bufferKey == sameBytesAsInts.bufferKey)
        withExtendedLifetime(bytes) {}
    }

    @Test func viewsOutsideTheTensorAreRejected() {
        #expect(throws: RuntimeError.self) { try base.view(shape: [4, 8], offsets: [14, 0]) }
        #expect(throws: RuntimeError.self) { try base.view(shape: [4], offsets: [0]) }
        #expect(throws: RuntimeError.self) { try base.view(shape: [0, 8], offsets: [0, 0]) }
        #expect(throws: RuntimeError.self) { try base.view(shape: [4, 8], offsets: [0, 0]).reshaped([32]) }
    }
}
