extension StorageReference {
    /// Decodes the persistent id torch pickles for a storage:
    /// zip `('storage', StorageClass, key, location, numel)`, legacy adds `view_metadata` (None or
    /// `(view_key, offset, size)`).
    static func parse(_ id: PickleValue, legacy: Bool, context: ErrorContext, offset: Int) throws -> StorageReference {
        func fail(_ reason: String) -> CheckpointError {
            context.error(.malformedPickle, offset: offset, "persistent id \(id): \(reason)")
        }
        guard case .tuple(let fields) = id else { throw fail("not a tuple") }
        guard fields.count == (legacy ? 6 : 5) else { throw fail("\(fields.count) fields, expected \(legacy ? 6 : 5)") }
        guard Self.text(fields[0]) == "storage" else { throw fail("not a storage") }
        guard case .global(let module, let name) = fields[1] else { throw fail("storage type is not a class") }
        let dtype: TensorDType
        let untyped: Bool
        switch KnownGlobal(module: module, name: name) {
        case .typedStorage(let d): (dtype, untyped) = (d, false)
        case .untypedStorage: (dtype, untyped) = (.uint8, true)
        default:
            throw context.error(.unsupportedDType, offset: offset, "unknown storage class \(module).\(name)")
        }
        guard let key = Self.text(fields[2]), !key.isEmpty, key.count <= 256 else { throw fail("bad storage key") }
        let location = Self.text(fields[3]) ?? "?"
        let limit = Int64(Int.max / 64)
        guard let numel = fields[4].intValue, numel >= 0, numel <= limit else { throw fail("bad element count") }
        var view: StorageView?
        if legacy, !fields[5].isNone {
            guard case .tuple(let v) = fields[5], v.count == 3, let viewKey = Self.text(v[0]),
                  let viewOffset = v[1].intValue, let viewCount = v[2].intValue,
                  viewOffset >= 0, viewCount >= 0, viewOffset <= limit, viewCount <= limit,
                  viewOffset + viewCount <= numel else {
                throw fail("bad view_metadata")
            }
            view = StorageView(key: viewKey, offset: Int(viewOffset), count: Int(viewCount))
        }
        return StorageReference(key: key, dtype: dtype, isUntyped: untyped, location: location,
                                elementCount: Int(numel), view: view)
    }

    /// Python 2 files may carry these fields as bytes.
    private static func text(_ value: PickleValue) -> String? {
        switch value {
        case .string(let s): return s
        case .bytes(let b): return String(validating: b, as: UTF8.self)
        default: return nil
        }
    }
}
