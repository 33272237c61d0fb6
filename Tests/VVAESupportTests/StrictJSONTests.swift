import Testing
@testable import VVAESupport

struct StrictJSONTests {
    private func parse(_ text: String) throws -> StrictJSON { try StrictJSON.parse(Array(text.utf8)) }

    private func failure(_ text: String) -> StrictJSON.ParseError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as StrictJSON.ParseError {
            return error
        } catch {
            return nil
        }
    }

    @Test func valuesKeepTheirOrderAndLiterals() throws {
        let value = try parse(#" {"b": [1, -2.5e3, true, false, null], "a": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"} "#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a"])
        #expect(value["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(value["a"]?.stringValue == "x\"\\/\u{08}\u{0C}\n\r\té😀")
        #expect(try parse("12").integer == 12)
        #expect(try parse("1.0").integer == nil)
        #expect(try parse("1e2").integer == nil)
        #expect(try parse("99999999999999999999").integer == nil)
        #expect(try parse("\"plain ünïcode\"").stringValue == "plain ünïcode")
    }

    @Test func serialisedTextParsesBackToTheSameValue() throws {
        let value = StrictJSON.object([("k\"ey", .array([.number("3"), .string("a\nb\u{01}"), .null])), ("e", .object([]))])
        #expect(try parse(value.serialized()) == value)
        #expect(value.serialized() == #"{"k\"ey":[3,"a\nb\u0001",null],"e":{}}"#)
    }

    @Test func malformedTextGivesTheOffset() {
        #expect(failure(#"{"a":1,"a":2}"#) == StrictJSON.ParseError(offset: 7, reason: "duplicate key \"a\""))
        #expect(failure("[1,]")?.reason == "unexpected character ']'")
        #expect(failure("01")?.reason == "leading zero in a number")
        #expect(failure("1.")?.reason == "a fraction needs digits")
        #expect(failure("\"\\ud800\"")?.reason == "unpaired surrogate")
        #expect(failure("\"\\x\"")?.reason == "invalid escape '\\x'")
        #expect(failure("\"abc")?.reason == "unterminated string")
        #expect(failure("{} x")?.reason == "text after the JSON value")
        #expect(failure("")?.reason == "unexpected end of the text")
        #expect(failure(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))?.reason == "nested deeper than 64")
        #expect(failure(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
        #expect(StrictJSON.ParseError(offset: 3, reason: "x").description == "x at byte 3")
    }

    @Test func invalidUTF8InAStringIsRefused() {
        #expect(throws: StrictJSON.ParseError.self) { try StrictJSON.parse([0x22, 0xFF, 0x22]) }
    }
}
