import Testing
@testable import VideoVAEConfig

@Suite struct ConfigNodeTests {
    private func root(_ text: String) throws -> ConfigNode {
        ConfigNode(node: try YAMLParser.parse(text, file: "cfg.yaml"), file: "cfg.yaml")
    }

    @Test func typedReadsFollowYAML11() throws {
        let node = try root("i: 0x10\nf: 1.0e-4\nfi: 3\nb: off\ns: hello\nq: '5'\nl: [1, 2, 3]\nn: ~\n")
        #expect(try node.child("i").int() == 16)
        #expect(try node.child("f").double() == 1.0e-4)
        #expect(try node.child("fi").double() == 3)
        #expect(try node.child("b").bool() == false)
        #expect(try node.child("s").string() == "hello")
        #expect(try node.child("q").string() == "5")
        #expect(try node.child("l").intList() == [1, 2, 3])
        #expect(try node.child("n").optionalInt() == nil)
        #expect(try node.child("i").optionalInt() == 16)
    }

    @Test func wrongTypeNamesFileLineKeyPathAndExpectation() throws {
        let node = try root("model:\n  params:\n    ch_mult: [1, \"2\", 4]\n    ch: 1.5\n")
        let params = try node.child("model").child("params")
        let listError = try #require(throws: ConfigError.self) { try params.child("ch_mult").intList() }
        #expect(listError.kind == .wrongType)
        #expect(listError.keyPath == "model.params.ch_mult[1]")
        #expect(listError.mark == YAMLMark(line: 3, column: 18))
        #expect(listError.description == "cfg.yaml:3:18: model.params.ch_mult[1]: expected an integer, found the string \"2\"")

        let floatError = try #require(throws: ConfigError.self) { try params.child("ch").int() }
        #expect(floatError.description == "cfg.yaml:4:9: model.params.ch: expected an integer, found the float 1.5")

        let notList = try #require(throws: ConfigError.self) { try params.child("ch").intList() }
        #expect(notList.message.contains("expected a sequence of integers"))
    }

    @Test func missingAndUnknownKeys() throws {
        let node = try root("model:\n  params:\n    a: 1\n    typo: 2\n")
        let params = try node.child("model").child("params")
        let missing = try #require(throws: ConfigError.self) { try params.child("ddconfig") }
        #expect(missing.kind == .missingKey)
        #expect(missing.message.contains("\"ddconfig\""))
        #expect(missing.message.contains("model.params"))

        let unknown = try #require(throws: ConfigError.self) { try params.rejectUnknownKeys(["a"], what: "test") }
        #expect(unknown.kind == .unknownKey)
        #expect(unknown.mark == YAMLMark(line: 4, column: 5))
        #expect(unknown.keyPath == "model.params.typo")
        #expect(unknown.message.contains("unknown config key \"typo\""))
    }
}
