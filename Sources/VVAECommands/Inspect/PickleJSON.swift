import TorchCheckpoint

extension PickleValue {
    /// The metadata view of a pickled value: plain JSON for plain data; anything the reader left inert (a class it
    /// does not know) becomes `{"__object__": "module.name", …}` so it is listed, never run.
    var json: JSONValue {
        switch self {
        case .none: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .bigInt(let digits): return .string(digits)
        case .float(let value): return .double(value)
        case .string(let value): return .string(value)
        case .bytes(let bytes): return .string("<\(bytes.count) bytes>")
        case .list(let items), .tuple(let items), .set(let items), .frozenSet(let items):
            return .array(items.map(\.json))
        case .dict(let entries):
            return .object(entries.map { (Self.keyText($0.key), $0.value.json) })
        case .global(let module, let name):
            return .object([("__global__", .string("\(module).\(name)"))])
        case .object(let object):
            var members: [(String, JSONValue)] = [("__object__", .string(object.qualifiedName))]
            if !object.arguments.isEmpty { members.append(("args", .array(object.arguments.map(\.json)))) }
            if let state = object.state, !state.isNone {
                if case .dict(let entries) = state {
                    members += entries.map { (Self.keyText($0.key), $0.value.json) }
                } else {
                    members.append(("state", state.json))
                }
            }
            if !object.listItems.isEmpty { members.append(("items", .array(object.listItems.map(\.json)))) }
            if !object.dictItems.isEmpty {
                members.append(("entries", .object(object.dictItems.map { (Self.keyText($0.key), $0.value.json) })))
            }
            return .object(members)
        case .tensor(let record):
            return .object([("__tensor__", .string(record.dtype.rawValue)),
                            ("shape", .array(record.shape.map { .int(Int64($0)) }))])
        case .storage(let storage):
            return .object([("__storage__", .string(storage.dtype.rawValue)), ("elements", .int(Int64(storage.elementCount)))])
        case .dtype(let dtype):
            return .string("torch.\(dtype.rawValue)")
        }
    }

    private static func keyText(_ key: PickleValue) -> String {
        switch key {
        case .string(let text): return text
        case .int(let value): return String(value)
        default: return key.description
        }
    }
}
