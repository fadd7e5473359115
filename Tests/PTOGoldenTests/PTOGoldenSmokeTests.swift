import Testing
@testable import PTOGolden

@Suite struct PTOGoldenSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
