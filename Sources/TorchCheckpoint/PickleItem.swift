/// A value on the unpickler's stack or in its memo. Lists, dicts, sets and objects are reference boxes because
/// pickles fill them after memoizing them (EMPTY_DICT, BINPUT, … SETITEMS); tuples and frozensets are boxes too,
/// so that releasing a graph in which DUP shares one tuple many times visits it once (as values, a chain of 40
/// `DUP TUPLE2` would be walked 2^40 times). The finished tree is frozen into `PickleValue`.
enum PickleItem {
    case value(PickleValue)
    case tuple(TupleBox)
    case list(ListBox)
    case dict(DictBox)
    case set(ListBox)
    case frozenSet(TupleBox)
    case object(ObjectBox)
}

/// Releases a graph of items iteratively. A hostile pickle can nest 100 000 containers; letting ARC free them
/// recursively would overflow the thread's stack, so children are moved out of each box before it is released.
/// A box is emptied the first time it is reached, so the work is one step per edge of the graph, however often
/// DUP and the memo share a box.
enum PickleItemDismantler {
    static func dismantle(_ roots: [PickleItem]) {
        var work = roots
        while let item = work.popLast() {
            switch item {
            case .value: break
            case .tuple(let box), .frozenSet(let box): work += box.takeAll()
            case .list(let box), .set(let box): work += box.takeAll()
            case .dict(let box): work += box.takeAll()
            case .object(let box):
                work += box.arguments + box.listItems + box.dictItems.takeAll()
                if let state = box.state { work.append(state) }
                box.arguments = []
                box.listItems = []
                box.state = nil
            }
        }
    }
}

/// The elements of a tuple or frozenset: fixed once built, emptied only when the graph is released.
final class TupleBox {
    private(set) var items: [PickleItem]
    init(_ items: [PickleItem] = []) { self.items = items }

    func takeAll() -> [PickleItem] {
        defer { items = [] }
        return items
    }
}

final class ListBox {
    var items: [PickleItem]
    /// A lower bound of how deep this list nests (1: holds no list), kept up by APPEND so that a pickle nesting
    /// lists thousands deep is refused as it builds them, not after (the freezer stays the exact check).
    var nesting = 1
    init(_ items: [PickleItem] = []) { self.items = items }

    func takeAll() -> [PickleItem] {
        defer { items = [] }
        return items
    }
}

/// Insertion-ordered; a repeated string or integer key replaces the earlier value, as in Python.
final class DictBox {
    private(set) var entries: [(key: PickleItem, value: PickleItem)] = []
    private var indexByKey: [String: Int] = [:]

    func set(_ key: PickleItem, _ value: PickleItem) {
        if let lookup = Self.lookupKey(key) {
            if let index = indexByKey[lookup] {
                entries[index].value = value
                return
            }
            indexByKey[lookup] = entries.count
        }
        entries.append((key, value))
    }

    func takeAll() -> [PickleItem] {
        defer {
            entries = []
            indexByKey = [:]
        }
        return entries.flatMap { [$0.key, $0.value] }
    }

    private static func lookupKey(_ key: PickleItem) -> String? {
        guard case .value(let v) = key else { return nil }
        switch v {
        case .string(let s): return "s" + s
        case .int(let i): return "i\(i)"
        case .bool(let b): return "i\(b ? 1 : 0)"
        default: return nil
        }
    }
}

final class ObjectBox {
    let module: String
    let name: String
    var arguments: [PickleItem]
    var state: PickleItem?
    var listItems: [PickleItem] = []
    let dictItems = DictBox()

    init(module: String, name: String, arguments: [PickleItem]) {
        self.module = module
        self.name = name
        self.arguments = arguments
    }
}

/// Turns stack items into values, bounding depth (deep or cyclic nesting) and the total number of nodes visited
/// (shared sub-structures that would expand exponentially — the pickle "billion laughs").
struct PickleFreezer {
    let maxDepth: Int
    var remainingNodes: Int
    let context: ErrorContext

    mutating func freeze(_ item: PickleItem, offset: Int, depth: Int = 0) throws -> PickleValue {
        guard depth <= maxDepth else {
            throw context.error(.nestingTooDeep, offset: offset,
                                "values nested deeper than \(maxDepth) levels (or containing themselves)")
        }
        remainingNodes -= 1
        guard remainingNodes >= 0 else {
            throw context.error(.lengthTooLarge, offset: offset,
                                "the pickle expands to too many values (shared containers repeated exponentially?)")
        }
        func all(_ items: [PickleItem]) throws -> [PickleValue] {
            var out: [PickleValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try freeze(item, offset: offset, depth: depth + 1)) }
            return out
        }
        func entries(_ box: DictBox) throws -> [(key: PickleValue, value: PickleValue)] {
            var out: [(key: PickleValue, value: PickleValue)] = []
            out.reserveCapacity(box.entries.count)
            for entry in box.entries {
                out.append((try freeze(entry.key, offset: offset, depth: depth + 1),
                            try freeze(entry.value, offset: offset, depth: depth + 1)))
            }
            return out
        }
        switch item {
        case .value(let value): return value
        case .tuple(let box): return .tuple(try all(box.items))
        case .list(let box): return .list(try all(box.items))
        case .dict(let box): return .dict(try entries(box))
        case .set(let box): return .set(try all(box.items))
        case .frozenSet(let box): return .frozenSet(try all(box.items))
        case .object(let box):
            let state = try box.state.map { try freeze($0, offset: offset, depth: depth + 1) }
            return .object(InertObject(module: box.module, name: box.name, arguments: try all(box.arguments),
                                       state: state, listItems: try all(box.listItems),
                                       dictItems: try entries(box.dictItems)))
        }
    }
}
