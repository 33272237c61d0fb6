import CYAML

/// The thin layer over libyaml's event parser: turns YAML text into a `YAMLNode` tree. All unsafe pointer work and
/// all libyaml memory (parser, events) stays in this file and is released on every path.
public enum YAMLParser {
    /// Upper bound on nodes built, so alias expansion ("billion laughs") cannot exhaust memory.
    public static let maximumNodeCount = 1_000_000
    /// Upper bound on nesting, so a hostile `[[[[…` cannot overflow the stack of the recursive tree builder.
    public static let maximumDepth = 256

    /// Parses a single-document YAML stream. `file` only labels errors.
    public static func parse(_ text: String, file: String) throws -> YAMLNode {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }  // libyaml wants a non-empty buffer; an empty stream has no document
        // The parser lives in manually managed memory: the event source keeps a pointer to it across calls.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        parser.initialize(to: yaml_parser_t())
        guard yaml_parser_initialize(parser) == 1 else {
            throw ConfigError(.malformedYAML, file: file, message: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }
        return try bytes.withUnsafeBufferPointer { buffer -> YAMLNode in
            guard let base = buffer.baseAddress else {
                throw ConfigError(.malformedYAML, file: file, message: "empty input")
            }
            yaml_parser_set_input_string(parser, base, buffer.count)
            var builder = TreeBuilder(file: file)
            var events = EventSource(parser: parser, file: file)
            return try builder.buildStream(from: &events)
        }
    }
}

/// One libyaml event copied into Swift values, so no libyaml memory outlives `next()`.
struct YAMLEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(anchor: String)
        case scalar(YAMLScalar, anchor: String?, tag: String?)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    let kind: Kind
    let mark: YAMLMark
}

/// Pulls events from a libyaml parser, converting each and freeing it at once.
struct EventSource {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let file: String

    init(parser: UnsafeMutablePointer<yaml_parser_t>, file: String) {
        self.parser = parser
        self.file = file
    }

    mutating func next() throws -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        defer { yaml_event_delete(&event) }
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT: return YAMLEvent(kind: .streamStart, mark: mark)
        case YAML_STREAM_END_EVENT: return YAMLEvent(kind: .streamEnd, mark: mark)
        case YAML_DOCUMENT_START_EVENT: return YAMLEvent(kind: .documentStart, mark: mark)
        case YAML_DOCUMENT_END_EVENT: return YAMLEvent(kind: .documentEnd, mark: mark)
        case YAML_ALIAS_EVENT:
            return YAMLEvent(kind: .alias(anchor: Self.string(event.data.alias.anchor) ?? ""), mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = Self.string(data.value, length: data.length)
            let scalar = YAMLScalar(text: text, style: Self.style(data.style))
            return YAMLEvent(kind: .scalar(scalar, anchor: Self.string(data.anchor), tag: Self.string(data.tag)), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return YAMLEvent(kind: .sequenceStart(anchor: Self.string(data.anchor), tag: Self.string(data.tag)), mark: mark)
        case YAML_SEQUENCE_END_EVENT: return YAMLEvent(kind: .sequenceEnd, mark: mark)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return YAMLEvent(kind: .mappingStart(anchor: Self.string(data.anchor), tag: Self.string(data.tag)), mark: mark)
        case YAML_MAPPING_END_EVENT: return YAMLEvent(kind: .mappingEnd, mark: mark)
        default:
            throw ConfigError(.malformedYAML, file: file, mark: mark, message: "unexpected libyaml event \(event.type.rawValue)")
        }
    }

    /// libyaml's own description of a syntax error, at the position it reports.
    private func parserError() -> ConfigError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = state.context.map({ String(cString: $0) }) {
            let contextMark = "\(Int(state.context_mark.line) + 1):\(Int(state.context_mark.column) + 1)"
            message = "\(problem) (\(context) at \(contextMark))"
        }
        let mark = YAMLMark(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1)
        return ConfigError(.malformedYAML, file: file, mark: mark, message: message)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
