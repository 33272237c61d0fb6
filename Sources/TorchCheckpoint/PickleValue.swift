/// A value decoded from a pickle. Nothing in it can run: unknown classes and functions stay `global`/`object`
/// records of their module and name.
public indirect enum PickleValue: Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer beyond 64 bits, as decimal digits (with a leading `-` when negative).
    case bigInt(String)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PickleValue])
    case tuple([PickleValue])
    /// In insertion order, as Python dicts keep it.
    case dict([(key: PickleValue, value: PickleValue)])
    case set([PickleValue])
    case frozenSet([PickleValue])
    /// A reference to a class or function that is not in the table of known reconstructors; never resolved.
    case global(module: String, name: String)
    /// What a call to, or an instantiation of, an unknown global would have produced; never called.
    case object(InertObject)
    case tensor(TensorRecord)
    case storage(StorageReference)
    case dtype(TensorDType)
}

/// A call to, or instance of, a global the reader does not know (Lightning's `AttributeDict`, `argparse.Namespace`,
/// OmegaConf containers …): its name, the arguments it was given and the state the pickle set on it.
public struct InertObject: Sendable {
    public let module: String
    public let name: String
    public var arguments: [PickleValue]
    /// What BUILD set (usually the instance `__dict__`).
    public var state: PickleValue?
    /// Items added by APPEND/APPENDS (list subclasses).
    public var listItems: [PickleValue]
    /// Items added by SETITEM/SETITEMS (dict subclasses).
    public var dictItems: [(key: PickleValue, value: PickleValue)]

    public var qualifiedName: String { "\(module).\(name)" }
}

/// A storage a persistent id named: the record key, its element type and how much of it the pickle declares.
public struct StorageReference: Sendable, Equatable {
    public let key: String
    /// The storage's element type; `uint8` for `UntypedStorage`, whose tensors carry their own dtype.
    public let dtype: TensorDType
    public let isUntyped: Bool
    public let location: String
    /// Elements of `dtype` the pickle declares for the whole storage.
    public let elementCount: Int
    /// Legacy files only: the view `(key, element offset, element count)` this reference addresses.
    public let view: StorageView?

    public var byteCount: Int { elementCount * dtype.byteSize }
}

/// A window into a legacy storage (the `view_metadata` of a legacy persistent id), in elements of the storage dtype.
public struct StorageView: Sendable, Equatable {
    public let key: String
    public let offset: Int
    public let count: Int
}

extension PickleValue {
    public var isNone: Bool { if case .none = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    public var intValue: Int64? {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The elements of a list, tuple or set-like value.
    public var sequenceItems: [PickleValue]? {
        switch self {
        case .list(let items), .tuple(let items), .set(let items), .frozenSet(let items): return items
        default: return nil
        }
    }

    /// The entries of a dict, or of a dict-like inert object (Lightning's `AttributeDict`).
    public var dictEntries: [(key: PickleValue, value: PickleValue)]? {
        switch self {
        case .dict(let entries): return entries
        case .object(let object) where !object.dictItems.isEmpty: return object.dictItems
        default: return nil
        }
    }

    /// Looks up a string key in a dict value.
    public subscript(key: String) -> PickleValue? {
        dictEntries?.first { $0.key.stringValue == key }?.value
    }
}

extension PickleValue {
    /// Decodes a standalone pickle (no persistent ids) with the same unpickler and limits checkpoints use.
    public init(unpickling bytes: [UInt8], file: String = "<memory>") throws {
        self = try PickleMachine.unpickle(bytes, file: file)
    }
}
