import Testing
@testable import PTORuntime

@Suite struct PTORuntimeSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
