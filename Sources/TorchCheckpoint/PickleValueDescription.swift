/// Python-like, bounded rendering for metadata display and error messages: long containers and strings are
/// elided, and the whole rendering stops after `maxShownTotal` characters, so neither a huge value nor one built
/// from shared containers nested 200 deep (a few hundred input bytes can describe millions of values) can flood
/// a terminal or take time beyond that budget.
extension PickleValue: CustomStringConvertible {
    static let maxShownItems = 16
    static let maxShownCharacters = 200
    static let maxShownTotal = 1_000

    public var description: String {
        var renderer = PickleValueRenderer(budget: Self.maxShownTotal)
        renderer.render(self)
        return renderer.finished()
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
}

/// Writes a value left to right into one string and stops, with a closing "…", once the character budget is
/// spent: the work done is bounded by the budget and the items visited before it ran out, never by the size of
/// the value.
struct PickleValueRenderer {
    private(set) var text = ""
    private var remaining: Int
    private var exhausted = false

    init(budget: Int) { remaining = budget }

    /// The rendering so far, with "…" when the budget cut it short.
    func finished() -> String { exhausted ? text + "…" : text }

    mutating func append(_ piece: String) {
        guard !exhausted else { return }
        let count = piece.count
        if count <= remaining {
            text += piece
            remaining -= count
        } else {
            text += piece.prefix(remaining)
            remaining = 0
            exhausted = true
        }
    }

    mutating func render(_ value: PickleValue) {
        guard !exhausted else { return }
        switch value {
        case .none: append("None")
        case .bool(let b): append(b ? "True" : "False")
        case .int(let v): append(String(v))
        case .bigInt(let digits): append(digits.count > PickleValue.maxShownCharacters
                                         ? String(digits.prefix(PickleValue.maxShownCharacters)) + "…" : digits)
        case .float(let d): append(PickleValue.render(d))
        case .string(let s): append(PickleValue.quote(s))
        case .bytes(let b): append(PickleValue.render(bytes: b))
        case .list(let items): sequence(items, open: "[", close: "]")
        case .tuple(let items): sequence(items, open: "(", close: items.count == 1 ? ",)" : ")")
        case .dict(let entries): dictionary(entries, open: "{", close: "}")
        case .set(let items):
            if items.isEmpty { append("set()") } else { sequence(items, open: "{", close: "}") }
        case .frozenSet(let items): sequence(items, open: "frozenset({", close: "})")
        case .global(let module, let name): append("<global \(module).\(name)>")
        case .object(let object): render(object)
        case .tensor(let t): append("tensor(\(t.dtype.rawValue), shape \(t.shape))")
        case .storage(let s): append("storage(\(s.dtype.rawValue), key \(s.key), \(s.elementCount) elements)")
        case .dtype(let d): append("torch.\(d.rawValue)")
        }
    }

    /// `argparse.Namespace(depth=2, mode='fast')` style: keyword form when the state is a dict of string keys.
    mutating func render(_ object: InertObject) {
        append(object.qualifiedName + "(")
        var separator = ""
        for argument in object.arguments.prefix(PickleValue.maxShownItems) {
            append(separator)
            render(argument)
            separator = ", "
        }
        if let state = object.state {
            if let entries = state.dictEntries, entries.allSatisfy({ $0.key.stringValue != nil }) {
                for entry in entries.prefix(PickleValue.maxShownItems) {
                    append(separator + (entry.key.stringValue ?? "") + "=")
                    render(entry.value)
                    separator = ", "
                }
            } else if !state.isNone {
                append(separator + "state=")
                render(state)
                separator = ", "
            }
        }
        if !object.listItems.isEmpty {
            append(separator + "items=")
            sequence(object.listItems, open: "[", close: "]")
            separator = ", "
        }
        if !object.dictItems.isEmpty {
            append(separator + "items=")
            dictionary(object.dictItems, open: "{", close: "}")
        }
        append(")")
    }

    private mutating func sequence(_ items: [PickleValue], open: String, close: String) {
        append(open)
        for (index, item) in items.prefix(PickleValue.maxShownItems).enumerated() {
            if index > 0 { append(", ") }
            render(item)
        }
        elide(shown: min(items.count, PickleValue.maxShownItems), total: items.count)
        append(close)
    }

    private mutating func dictionary(_ entries: [(key: PickleValue, value: PickleValue)], open: String,
                                     close: String) {
        append(open)
        for (index, entry) in entries.prefix(PickleValue.maxShownItems).enumerated() {
            if index > 0 { append(", ") }
            render(entry.key)
            append(": ")
            render(entry.value)
        }
        elide(shown: min(entries.count, PickleValue.maxShownItems), total: entries.count)
        append(close)
    }

    private mutating func elide(shown: Int, total: Int) {
        if total > shown { append(", … (\(total - shown) more)") }
    }
}

extension InertObject: CustomStringConvertible {
    public var description: String {
        var renderer = PickleValueRenderer(budget: PickleValue.maxShownTotal)
        renderer.render(self)
        return renderer.finished()
    }
}
