/// Names every tensor in a checkpoint's object tree by its path of container keys, and collects the
/// tensor-free parts as metadata.
struct CheckpointCatalog {
    private(set) var tensors: [NamedTensor] = []
    private(set) var metadata: [(key: String, value: PickleValue)] = []

    /// A tensor at the root (`torch.save(tensor)`) gets this name.
    static let rootTensorName = "(root)"

    init(root: PickleValue) {
        let (hasTensor, nested) = walk(root, path: "")
        if hasTensor {
            metadata = nested
        } else {
            metadata = Self.children(of: root).map { (key: $0.key, value: $0.value) }
        }
    }

    /// Returns whether `value` holds a tensor, and the maximal tensor-free subtrees under it in file order.
    private mutating func walk(_ value: PickleValue, path: String) -> (Bool, [(key: String, value: PickleValue)]) {
        if case .tensor(let record) = value {
            tensors.append(NamedTensor(name: path.isEmpty ? Self.rootTensorName : path, tensor: record))
            return (true, [])
        }
        var hasTensor = false
        var found: [(key: String, value: PickleValue)] = []
        for (key, child) in Self.children(of: value) {
            let childPath = path.isEmpty ? key : path + "/" + key
            let (childHasTensor, childMetadata) = walk(child, path: childPath)
            if childHasTensor {
                hasTensor = true
                found += childMetadata
            } else {
                found.append((childPath, child))
            }
        }
        return (hasTensor, hasTensor ? found : [])
    }

    /// The named children of a container: dict keys, list/tuple indices, and for inert objects their items,
    /// their state's keys and their constructor arguments.
    static func children(of value: PickleValue) -> [(key: String, value: PickleValue)] {
        switch value {
        case .dict(let entries):
            return entries.map { (keyName($0.key), $0.value) }
        case .list(let items), .tuple(let items), .set(let items), .frozenSet(let items):
            return items.enumerated().map { (String($0.offset), $0.element) }
        case .object(let object):
            var result: [(key: String, value: PickleValue)] = object.dictItems.map { (keyName($0.key), $0.value) }
            result += object.listItems.enumerated().map { (String($0.offset), $0.element) }
            if let state = object.state {
                if case .dict(let entries) = state {
                    result += entries.map { (keyName($0.key), $0.value) }
                } else if !state.isNone {
                    result.append(("state", state))
                }
            }
            result += object.arguments.enumerated().map { ("arg\($0.offset)", $0.element) }
            return result
        default:
            return []
        }
    }

    private static func keyName(_ key: PickleValue) -> String {
        switch key {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return key.description
        }
    }
}
