import Testing
@testable import VideoVAEConfig

@Suite struct YAMLParserTests {
    private func parse(_ text: String) throws -> YAMLNode {
        try YAMLParser.parse(text, file: "test.yaml")
    }

    private func value(_ text: String) throws -> YAMLValue? {
        try parse("v: \(text)\n")["v"]?.resolvedValue
    }

    @Test func plainScalarsGetYAML11Types() throws {
        #expect(try value("~") == .null)
        #expect(try value("null") == .null)
        #expect(try value("") == .null)
        for text in ["True", "true", "yes", "Yes", "on", "ON"] { #expect(try value(text) == .bool(true), "\(text)") }
        for text in ["False", "false", "no", "NO", "off", "Off"] { #expect(try value(text) == .bool(false), "\(text)") }
        #expect(try value("216") == .int(216))
        #expect(try value("-3") == .int(-3))
        #expect(try value("1_000") == .int(1000))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("0o17") == .int(15))
        #expect(try value("017") == .int(15))  // YAML 1.1 leading-zero octal
        #expect(try value("0b101") == .int(5))
        #expect(try value("1:30") == .int(90))  // base 60
        #expect(try value("1.0e-4") == .float(1.0e-4))
        #expect(try value("1e-4") == .float(1.0e-4))
        #expect(try value("0.5") == .float(0.5))
        #expect(try value(".5") == .float(0.5))
        #expect(try value("3.") == .float(3))
        #expect(try value(".inf") == .float(.infinity))
        #expect(try value("-.Inf") == .float(-.infinity))
        if case .float(let nan)? = try value(".nan") { #expect(nan.isNaN) } else { Issue.record("expected NaN") }
        #expect(try value("video") == .string("video"))
        #expect(try value("y") == .string("y"))  // not a YAML 1.1 boolean in PyYAML
        #expect(try value("1.2.3") == .string("1.2.3"))
        #expect(try value("09") == .string("09"))  // not valid octal, not a float
        #expect(try value("0x") == .string("0x"))
    }

    @Test func quotedAndBlockScalarsStayStrings() throws {
        #expect(try value("\"12\"") == .string("12"))
        #expect(try value("'true'") == .string("true"))
        #expect(try value("\"\"") == .string(""))
        let node = try parse("v: |\n  12\n")["v"]
        #expect(node?.resolvedValue == .string("12\n"))
        if case .scalar(let scalar)? = node?.content { #expect(scalar.style == .literal) }
        let quoted = try parse("v: 'a'\n")["v"]
        if case .scalar(let scalar)? = quoted?.content { #expect(scalar.style == .singleQuoted) }
    }

    @Test func explicitTagsOverrideImplicitTypes() throws {
        #expect(try value("!!str 12") == .string("12"))
        #expect(try value("!!int \"12\"") == .int(12))
        #expect(try value("!!float 3") == .float(3))
        #expect(try value("!!bool \"yes\"") == .bool(true))
        #expect(try value("! 12") == .string("12"))
        #expect(try value("!custom 12") == .unsupportedTag("!custom"))
    }

    @Test func mappingsKeepFileOrderAndMarks() throws {
        let root = try parse("b: 1\na: 2\nc:\n  - x\n  - [1, 2]\n")
        guard case .mapping(let entries) = root.content else { Issue.record("not a mapping"); return }
        #expect(entries.map { $0.key.scalarText } == ["b", "a", "c"])
        #expect(entries[1].key.mark == YAMLMark(line: 2, column: 1))
        #expect(entries[1].value.mark == YAMLMark(line: 2, column: 4))
        guard case .sequence(let items)? = root["c"]?.content else { Issue.record("not a sequence"); return }
        #expect(items.count == 2)
        #expect(items[1].mark == YAMLMark(line: 5, column: 5))
    }

    @Test func anchorsAliasesAndMergeKeysResolve() throws {
        let root = try parse("""
            base: &base {ch: 128, z: 4}
            list: &l [1, 2]
            copy: *base
            again: *l
            merged:
              <<: *base
              z: 16
            """)
        #expect(root["copy"] == root["base"])
        #expect(root["again"]?["ch"] == nil)
        guard case .sequence(let items)? = root["again"]?.content else { Issue.record("alias not resolved"); return }
        #expect(items.map(\.resolvedValue) == [.int(1), .int(2)])
        #expect(root["merged"]?["ch"]?.resolvedValue == .int(128))
        #expect(root["merged"]?["z"]?.resolvedValue == .int(16))  // explicit keys win over merged ones
    }

    @Test func malformedYAMLReportsLibyamlPosition() throws {
        let error = try #require(throws: ConfigError.self) { try parse("a: 1\nb: [1, 2\nc: 3\n") }
        #expect(error.kind == .malformedYAML)
        #expect(error.file == "test.yaml")
        #expect(error.mark?.line == 3)
        #expect(error.description.hasPrefix("test.yaml:3:"))

        let tab = try #require(throws: ConfigError.self) { try parse("a:\n\tb: 1\n") }
        #expect(tab.kind == .malformedYAML)
        #expect(tab.mark?.line == 2)

        let indent = try #require(throws: ConfigError.self) { try parse("a:\n  b: 1\n c: 2\n") }
        #expect(indent.mark?.line == 3)
    }

    @Test func structuralProblemsAreErrors() throws {
        let duplicate = try #require(throws: ConfigError.self) { try parse("a: 1\nb: 2\na: 3\n") }
        #expect(duplicate.kind == .duplicateKey)
        #expect(duplicate.mark == YAMLMark(line: 3, column: 1))

        let empty = try #require(throws: ConfigError.self) { try parse("") }
        #expect(empty.kind == .malformedYAML)
        let commentsOnly = try #require(throws: ConfigError.self) { try parse("# nothing\n") }
        #expect(commentsOnly.kind == .malformedYAML)

        let twoDocuments = try #require(throws: ConfigError.self) { try parse("a: 1\n---\nb: 2\n") }
        #expect(twoDocuments.mark?.line == 2)

        let unknownAlias = try #require(throws: ConfigError.self) { try parse("a: *nowhere\n") }
        #expect(unknownAlias.kind == .malformedYAML)

        let complexKey = try #require(throws: ConfigError.self) { try parse("? [1, 2]\n: x\n") }
        #expect(complexKey.kind == .malformedYAML)
    }

    @Test func aliasBombIsStopped() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: ConfigError.self) { try parse(text) }
        #expect(error.description.contains("alias bomb"))
    }

    @Test func nonUTF8AndBinaryInputFailCleanly() throws {
        let error = try #require(throws: ConfigError.self) { try parse("a: \u{0}b\n") }
        #expect(error.kind == .malformedYAML)
    }
}

@Suite struct YAMLParserLimitTests {
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let text = "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let error = try #require(throws: ConfigError.self) { try YAMLParser.parse(text, file: "deep.yaml") }
        #expect(error.message.contains("nesting deeper than"))
        let fine = "a: " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "\n"
        #expect(throws: Never.self) { try YAMLParser.parse(fine, file: "ok.yaml") }
    }
}
