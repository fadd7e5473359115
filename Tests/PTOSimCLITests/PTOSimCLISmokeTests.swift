import Testing
@testable import PTOSimCLI

@Suite struct PTOSimCLISmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
