import Testing
@testable import PTOKernels

@Suite struct PTOKernelsSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
