/// Python-like, bounded rendering for metadata display: long containers and strings are elided so a huge
/// value cannot flood a terminal.
extension PickleValue: CustomStringConvertible {
    static let maxShownItems = 16
    static let maxShownCharacters = 200

    public var description: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let v): return String(v)
        case .bigInt(let digits): return digits
        case .float(let d): return Self.render(d)
        case .string(let s): return Self.quote(s)
        case .bytes(let b): return Self.render(bytes: b)
        case .list(let items): return "[" + Self.join(items) + "]"
        case .tuple(let items): return "(" + Self.join(items) + (items.count == 1 ? ",)" : ")")
        case .dict(let entries): return "{" + Self.join(entries) + "}"
        case .set(let items): return items.isEmpty ? "set()" : "{" + Self.join(items) + "}"
        case .frozenSet(let items): return "frozenset({" + Self.join(items) + "})"
        case .global(let module, let name): return "<global \(module).\(name)>"
        case .object(let object): return object.description
        case .tensor(let t): return "tensor(\(t.dtype.rawValue), shape \(t.shape))"
        case .storage(let s): return "storage(\(s.dtype.rawValue), key \(s.key), \(s.elementCount) elements)"
        case .dtype(let d): return "torch.\(d.rawValue)"
        }
    }

    static func render(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        return String(d)
    }

    static func quote(_ s: String) -> String {
        let clipped = s.count > maxShownCharacters ? String(s.prefix(maxShownCharacters)) + "…" : s
        return "'" + clipped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            .replacingOccurrences(of: "\n", with: "\\n") + "'"
    }

    static func render(bytes: [UInt8]) -> String {
        var out = "b'"
        for byte in bytes.prefix(maxShownCharacters) {
            if byte >= 0x20 && byte < 0x7f && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + (bytes.count > maxShownCharacters ? "…'" : "'")
    }

    static func join(_ items: [PickleValue]) -> String {
        elide(items.prefix(maxShownItems).map(\.description), total: items.count)
    }

    static func join(_ entries: [(key: PickleValue, value: PickleValue)]) -> String {
        elide(entries.prefix(maxShownItems).map { "\($0.key): \($0.value)" }, total: entries.count)
    }

    static func elide(_ shown: [String], total: Int) -> String {
        var text = shown.joined(separator: ", ")
        if total > shown.count { text += ", … (\(total - shown.count) more)" }
        return text
    }
}

extension InertObject: CustomStringConvertible {
    /// `argparse.Namespace(depth=2, mode='fast')` style: keyword form when the state is a dict of string keys.
    public var description: String {
        var parts = arguments.prefix(PickleValue.maxShownItems).map(\.description)
        if let state {
            if let entries = state.dictEntries, entries.allSatisfy({ $0.key.stringValue != nil }) {
                parts += entries.prefix(PickleValue.maxShownItems).map { "\($0.key.stringValue ?? "")=\($0.value)" }
            } else if !state.isNone {
                parts.append("state=\(state)")
            }
        }
        if !listItems.isEmpty { parts.append("items=" + PickleValue.list(listItems).description) }
        if !dictItems.isEmpty { parts.append("items=" + PickleValue.dict(dictItems).description) }
        return "\(qualifiedName)(\(parts.joined(separator: ", ")))"
    }
}
