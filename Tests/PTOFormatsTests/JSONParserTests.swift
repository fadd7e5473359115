import Testing
@testable import PTOFormats

@Suite struct JSONParserTests {
    @Test func parsesNestedDocumentsKeepingOrderAndLiterals() throws {
        let v = try JSONParser.parse(#" {"b": [1, -2.5e3, true, null], "a": {"s": "x\"\u00e9\n"}, "big": 12345678901234567} "#)
        guard case let .object(members) = v else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "big"])
        #expect(v["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(v["a"]?["s"]?.stringValue == "x\"é\n")
        #expect(v["big"]?.intValue == 12_345_678_901_234_567)
        #expect(JSONValue.number("2.0").intValue == nil)
    }

    @Test func serializedTextParsesBackToTheSameValue() throws {
        let v = JSONValue.object([("k\t\"", .array([.number("3"), .string("\u{01}é")])), ("z", .bool(false))])
        #expect(try JSONParser.parse(v.serialized) == v)
        #expect(v.serialized == #"{"k\t\"":[3,"\u0001é"],"z":false}"#)
    }

    @Test(arguments: ["", "{", "{\"a\" 1}", "[1,]", "{\"a\":1} x", "01", "\"\\x\"", "tru", "{\"a\":1,}", "\"\u{01}\""])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsDeepNesting() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
    }
}
