/// A position in YAML text, 1-based like editors show it (libyaml's marks are 0-based).
public struct YAMLMark: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
