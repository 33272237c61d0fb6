import Foundation
import Testing
@testable import VVAECommands

struct JSONValueTests {
    @Test func keepsObjectOrderAndEscapes() {
        let value = JSONValue.object([("b", .int(1)), ("a", .string("x\"y\n\u{1}")), ("c", .array([.double(0.5), .null, .bool(true)]))])
        #expect(value.serialized() == #"{"b":1,"a":"x\"y\n\u0001","c":[0.5,null,true]}"#)
    }

    @Test func prettyOutputParsesBack() throws {
        let value = JSONValue.object([("shape", .array([.int(2), .int(3)])), ("nested", .array([.object([("k", .double(.infinity))])]))])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.serialized(pretty: true).utf8)) as? [String: Any]
        #expect(parsed?["shape"] as? [Int] == [2, 3])
        #expect(((parsed?["nested"] as? [[String: Any]])?.first?["k"] as? String) == "inf")
    }
}
