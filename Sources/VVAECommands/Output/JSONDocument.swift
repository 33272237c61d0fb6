/// The documents `--json` prints, each named by a `schema` member (`"vvae-compare/1"`) so a script can tell them
/// apart and notice a new version. Docs/JSON.md describes every member; a version changes only when a member is
/// removed or changes meaning (new members may appear in any version).
enum JSONDocument: String, CaseIterable, Sendable {
    case listing = "vvae-inspect"
    case compare = "vvae-compare"
    case verify = "vvae-verify"
    case info = "vvae-info"
    case validate = "vvae-validate"
    case reconstruct = "vvae-reconstruct"

    static let version = 1

    /// `"vvae-compare/1"`.
    var schema: String { "\(rawValue)/\(Self.version)" }

    /// The document: `schema` first, then `members` in order.
    func make(_ members: [(String, JSONValue)]) -> JSONValue {
        .object([("schema", .string(schema))] + members)
    }
}

extension JSONValue {
    static func integer(_ value: Int) -> JSONValue { .int(Int64(value)) }

    static func integers(_ values: [Int]) -> JSONValue { .array(values.map { .int(Int64($0)) }) }

    /// A measurement that may be missing: `null` then.
    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }

    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// `{"numerator": 30000, "denominator": 1001, "value": 29.97…}`: the exact fraction, and its value for convenience.
    static func frameRate(numerator: Int, denominator: Int) -> JSONValue {
        .object([("numerator", .integer(numerator)), ("denominator", .integer(denominator)),
                 ("value", .double(Double(numerator) / Double(max(denominator, 1))))])
    }
}
