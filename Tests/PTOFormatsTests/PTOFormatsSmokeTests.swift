import Testing
@testable import PTOFormats

@Suite struct PTOFormatsSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
