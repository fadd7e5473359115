import Testing
@testable import PTOCore

@Suite struct PTOCoreSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
