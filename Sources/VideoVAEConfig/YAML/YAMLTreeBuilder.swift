/// Builds the node tree from parser events: resolves aliases to copies of their anchors, applies `<<` merge keys
/// (YAML 1.1, as PyYAML does), rejects duplicate keys, and insists on exactly one document.
struct TreeBuilder {
    let file: String
    private var anchors: [String: YAMLNode] = [:]
    private var nodeCount = 0
    private var depth = 0

    init(file: String) {
        self.file = file
    }

    mutating func buildStream(from events: inout EventSource) throws -> YAMLNode {
        guard case .streamStart = try events.next().kind else {
            throw ConfigError(.malformedYAML, file: file, message: "YAML stream does not start")
        }
        let first = try events.next()
        switch first.kind {
        case .streamEnd:
            throw ConfigError(.malformedYAML, file: file, mark: first.mark, message: "the config is empty (no YAML document)")
        case .documentStart:
            break
        default:
            throw ConfigError(.malformedYAML, file: file, mark: first.mark, message: "expected a YAML document")
        }
        let root = try buildNode(from: &events, start: try events.next())
        let end = try events.next()
        guard case .documentEnd = end.kind else {
            throw ConfigError(.malformedYAML, file: file, mark: end.mark, message: "expected the end of the document")
        }
        let after = try events.next()
        guard case .streamEnd = after.kind else {
            throw ConfigError(.malformedYAML, file: file, mark: after.mark,
                              message: "more than one YAML document; a config must be a single document")
        }
        return root
    }

    private mutating func buildNode(from events: inout EventSource, start: YAMLEvent) throws -> YAMLNode {
        switch start.kind {
        case .alias(let anchor):
            guard let node = anchors[anchor] else {
                throw ConfigError(.malformedYAML, file: file, mark: start.mark, message: "alias *\(anchor) names no anchor defined before it")
            }
            try count(node.totalNodeCount, at: start.mark)
            return node
        case .scalar(let scalar, let anchor, let tag):
            try count(1, at: start.mark)
            let node = YAMLNode(content: .scalar(scalar), tag: tag, mark: start.mark)
            if let anchor { anchors[anchor] = node }
            return node
        case .sequenceStart(let anchor, let tag):
            try count(1, at: start.mark)
            try enter(at: start.mark)
            defer { depth -= 1 }
            var items: [YAMLNode] = []
            while true {
                let event = try events.next()
                if case .sequenceEnd = event.kind { break }
                items.append(try buildNode(from: &events, start: event))
            }
            let node = YAMLNode(content: .sequence(items), tag: tag, mark: start.mark)
            if let anchor { anchors[anchor] = node }
            return node
        case .mappingStart(let anchor, let tag):
            try count(1, at: start.mark)
            try enter(at: start.mark)
            defer { depth -= 1 }
            let node = YAMLNode(content: .mapping(try buildMappingEntries(from: &events)), tag: tag, mark: start.mark)
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw ConfigError(.malformedYAML, file: file, mark: start.mark, message: "expected a value")
        }
    }

    private mutating func buildMappingEntries(from events: inout EventSource) throws -> [YAMLMappingEntry] {
        var entries: [YAMLMappingEntry] = []
        var merged: [YAMLMappingEntry] = []
        var seen: [String: YAMLMark] = [:]
        while true {
            let keyEvent = try events.next()
            if case .mappingEnd = keyEvent.kind { break }
            let key = try buildNode(from: &events, start: keyEvent)
            let value = try buildNode(from: &events, start: try events.next())
            guard case .scalar(let keyScalar) = key.content else {
                throw ConfigError(.malformedYAML, file: file, mark: key.mark, message: "mapping keys must be scalars, found \(key.kindDescription)")
            }
            if keyScalar.style == .plain, keyScalar.text == "<<", key.tag == nil {
                merged.append(contentsOf: try mergeEntries(value))
                continue
            }
            if let previous = seen[keyScalar.text] {
                throw ConfigError(.duplicateKey, file: file, mark: key.mark,
                                  message: "key \"\(keyScalar.text)\" appears twice in one mapping (first at \(previous))")
            }
            seen[keyScalar.text] = key.mark
            entries.append(YAMLMappingEntry(key: key, value: value))
        }
        // Merged keys never override explicit ones; the first merge source wins among themselves.
        for entry in merged {
            guard let text = entry.key.scalarText, seen[text] == nil else { continue }
            seen[text] = entry.key.mark
            entries.append(entry)
        }
        return entries
    }

    private func mergeEntries(_ value: YAMLNode) throws -> [YAMLMappingEntry] {
        switch value.content {
        case .mapping(let entries):
            return entries
        case .sequence(let sources):
            return try sources.flatMap { source -> [YAMLMappingEntry] in
                guard case .mapping(let entries) = source.content else {
                    throw ConfigError(.malformedYAML, file: file, mark: source.mark, message: "a << merge list must hold mappings")
                }
                return entries
            }
        case .scalar:
            throw ConfigError(.malformedYAML, file: file, mark: value.mark, message: "a << merge key needs a mapping or a list of mappings")
        }
    }

    private mutating func enter(at mark: YAMLMark) throws {
        depth += 1
        if depth > YAMLParser.maximumDepth {
            throw ConfigError(.malformedYAML, file: file, mark: mark, message: "nesting deeper than \(YAMLParser.maximumDepth) levels")
        }
    }

    private mutating func count(_ added: Int, at mark: YAMLMark) throws {
        nodeCount += added
        if nodeCount > YAMLParser.maximumNodeCount {
            throw ConfigError(.malformedYAML, file: file, mark: mark,
                              message: "document expands to more than \(YAMLParser.maximumNodeCount) nodes (alias bomb?)")
        }
    }
}

extension YAMLNode {
    /// Nodes in this subtree, counting aliased copies again (what the tree really holds).
    var totalNodeCount: Int {
        switch content {
        case .scalar: return 1
        case .sequence(let items): return 1 + items.reduce(0) { $0 + $1.totalNodeCount }
        case .mapping(let entries): return 1 + entries.reduce(0) { $0 + $1.key.totalNodeCount + $1.value.totalNodeCount }
        }
    }
}
