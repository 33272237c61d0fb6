/// A YAML node together with where it came from (file and key path), so every typed read can fail with a message
/// that names the file, line:column, key path and what was expected.
public struct ConfigNode: Sendable {
    public let node: YAMLNode
    public let file: String
    /// Path from the document root, e.g. `["model", "params", "ddconfig", "ch_mult", "[2]"]`.
    public let path: [String]

    public init(node: YAMLNode, file: String, path: [String] = []) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// `model.params.ddconfig.ch_mult[2]`
    public var keyPath: String {
        path.reduce(into: "") { result, component in
            if component.hasPrefix("[") || result.isEmpty { result += component } else { result += "." + component }
        }
    }

    public var mark: YAMLMark { node.mark }

    /// An error located at this node.
    public func error(_ kind: ConfigError.Kind, _ message: String) -> ConfigError {
        ConfigError(kind, file: file, mark: node.mark, keyPath: keyPath, message: message)
    }

    private func wrongType(_ expected: String) -> ConfigError {
        error(.wrongType, "expected \(expected), found \(node.kindDescription)")
    }

    // MARK: Collections

    /// The mapping's entries in file order, keyed by their scalar text.
    public func entries() throws -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let entries) = node.content else { throw wrongType("a mapping") }
        return entries.map { entry in
            let key = entry.key.scalarText ?? ""
            return (key, ConfigNode(node: entry.value, file: file, path: path + [key]))
        }
    }

    /// The value under `key`, or nil when the mapping lacks it.
    public func optionalChild(_ key: String) throws -> ConfigNode? {
        try entries().first { $0.key == key }?.value
    }

    /// The value under `key`; a missing key is an error naming the mapping it should be in.
    public func child(_ key: String) throws -> ConfigNode {
        guard let value = try optionalChild(key) else {
            let inside = keyPath.isEmpty ? "the top level" : keyPath
            throw ConfigError(.missingKey, file: file, mark: node.mark, keyPath: keyPath,
                              message: "required key \"\(key)\" is missing from \(inside)")
        }
        return value
    }

    /// Fails on the first key not in `known`, naming it, its line and the keys that are allowed.
    public func rejectUnknownKeys(_ known: [String], what: String) throws {
        let knownSet = Set(known)
        for (key, value) in try entries() where !knownSet.contains(key) {
            let entryMark = keyMark(for: key) ?? value.mark
            throw ConfigError(.unknownKey, file: file, mark: entryMark, keyPath: value.keyPath,
                              message: "unknown config key \"\(key)\" in \(what); known keys: \(known.joined(separator: ", "))")
        }
    }

    /// Where a key itself is written (errors about a key should point at the key, not its value).
    public func keyMark(for key: String) -> YAMLMark? {
        guard case .mapping(let entries) = node.content else { return nil }
        return entries.first { $0.key.scalarText == key }?.key.mark
    }

    /// The sequence's items.
    public func items() throws -> [ConfigNode] {
        guard case .sequence(let items) = node.content else { throw wrongType("a sequence") }
        return items.enumerated().map { index, item in
            ConfigNode(node: item, file: file, path: path + ["[\(index)]"])
        }
    }

    // MARK: Scalars

    /// True for `~`, `null`, an empty value, or `!!null`.
    public var isNull: Bool { node.resolvedValue == .null }

    public func int() throws -> Int {
        guard case .int(let value)? = node.resolvedValue else { throw wrongType("an integer") }
        return value
    }

    /// Accepts integers too (`dropout: 0` is 0.0).
    public func double() throws -> Double {
        switch node.resolvedValue {
        case .float(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw wrongType("a number")
        }
    }

    public func bool() throws -> Bool {
        guard case .bool(let value)? = node.resolvedValue else {
            throw wrongType("a boolean (true/false, yes/no, on/off)")
        }
        return value
    }

    public func string() throws -> String {
        guard case .string(let value)? = node.resolvedValue else { throw wrongType("a string") }
        return value
    }

    public func intList() throws -> [Int] {
        guard case .sequence = node.content else { throw wrongType("a sequence of integers") }
        return try items().map { try $0.int() }
    }

    public func stringList() throws -> [String] {
        guard case .sequence = node.content else { throw wrongType("a sequence of strings") }
        return try items().map { try $0.string() }
    }

    /// Integer, or nil when the value is null.
    public func optionalInt() throws -> Int? {
        isNull ? nil : try int()
    }

    /// String, or nil when the value is null.
    public func optionalString() throws -> String? {
        isNull ? nil : try string()
    }
}
