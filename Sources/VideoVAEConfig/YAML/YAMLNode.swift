/// One node of a parsed YAML document, with aliases already replaced by copies of their anchored nodes.
///
/// Scalars keep their raw text, style and tag so the YAML 1.1 type can be decided later (a quoted `"12"` stays a
/// string, a plain `12` is an integer); mappings keep their entries in file order.
public struct YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLMappingEntry])
    }

    public let content: Content
    /// Explicit tag as libyaml expanded it (`tag:yaml.org,2002:str` for `!!str`), or nil.
    public let tag: String?
    /// Where the node starts.
    public let mark: YAMLMark

    public init(content: Content, tag: String?, mark: YAMLMark) {
        self.content = content
        self.tag = tag
        self.mark = mark
    }

    /// A short name of the node's kind for error messages ("a mapping", "the string \"x\"", …).
    public var kindDescription: String {
        switch content {
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        case .scalar:
            switch resolvedValue {
            case .null: return "null"
            case .bool(let value): return "the boolean \(value)"
            case .int(let value): return "the integer \(value)"
            case .float(let value): return "the float \(value)"
            case .string(let value): return "the string \"\(value)\""
            case .unsupportedTag(let tag): return "a scalar tagged \(tag)"
            case .none: return "a scalar"
            }
        }
    }

    /// The entry for `key` when this node is a mapping whose keys are scalars.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key.scalarText == key }?.value
    }

    /// Raw text of a scalar node, nil for collections.
    public var scalarText: String? {
        if case .scalar(let scalar) = content { return scalar.text }
        return nil
    }
}

/// A scalar's text as written (after YAML unescaping and folding) and how it was written.
public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public let text: String
    public let style: Style

    public init(text: String, style: Style) {
        self.text = text
        self.style = style
    }
}

/// One key–value pair of a mapping, in file order.
public struct YAMLMappingEntry: Sendable, Equatable {
    public let key: YAMLNode
    public let value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
