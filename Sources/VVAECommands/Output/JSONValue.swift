import Foundation
import VVAESupport

/// A JSON document with objects in insertion order, so `--json` output is stable and reads in file order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// Compact or pretty JSON text. Non-finite doubles (which JSON lacks) are written as strings.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let pad = { (level: Int) in pretty ? String(repeating: "  ", count: level) : "" }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value):
            if value.isFinite {
                out += value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : "\(value)"
            } else {
                JSONValue.string(value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")).write(into: &out, pretty: pretty, indent: indent)
            }
        case .string(let value): out += JSONValue.quoted(value)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            // Short arrays of scalars (shapes) stay on one line even when pretty.
            let inline = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if inline || !pretty {
                out += "[" + items.map { $0.serialized() }.joined(separator: pretty ? ", " : ",") + "]"
                return
            }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad(indent + 1)
                item.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (index + 1 < items.count ? "," : "") + newline
            }
            out += pad(indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                out += pad(indent + 1) + JSONValue.quoted(key) + (pretty ? ": " : ":")
                value.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (index + 1 < members.count ? "," : "") + newline
            }
            out += pad(indent) + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        StrictJSON.quoted(text)
    }
}
