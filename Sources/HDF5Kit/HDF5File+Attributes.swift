import CHDF5

extension HDF5File {
    // MARK: Writing

    /// Sets attribute `name` on the group or dataset at `objectPath` (root by default), replacing any previous value.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue, on objectPath: String = "/",
                             stringStorage: HDF5StringStorage = .variableLength) throws
    {
        try withObject(objectPath, operation: "write attribute '\(name)'") { object, call in
            let exists = try call.check(H5Aexists(object, name))
            if exists > 0 { try call.check(H5Adelete(object, name)) }
            switch value {
            case .string(let text):
                try Self.writeString(text, name: name, storage: stringStorage, on: object, call)
            case .int64(let number):
                try Self.writeNumbers([number], scalar: true, fileType: vvae_H5T_STD_I64LE(),
                                      memoryType: vvae_H5T_NATIVE_INT64(), name: name, on: object, call)
            case .double(let number):
                try Self.writeNumbers([number], scalar: true, fileType: vvae_H5T_IEEE_F64LE(),
                                      memoryType: vvae_H5T_NATIVE_DOUBLE(), name: name, on: object, call)
            case .int64Array(let numbers):
                try Self.writeNumbers(numbers, scalar: false, fileType: vvae_H5T_STD_I64LE(),
                                      memoryType: vvae_H5T_NATIVE_INT64(), name: name, on: object, call)
            case .doubleArray(let numbers):
                try Self.writeNumbers(numbers, scalar: false, fileType: vvae_H5T_IEEE_F64LE(),
                                      memoryType: vvae_H5T_NATIVE_DOUBLE(), name: name, on: object, call)
            }
        }
    }

    private static func writeNumbers<Number>(_ numbers: [Number], scalar: Bool, fileType: hid_t, memoryType: hid_t,
                                             name: String, on object: hid_t, _ call: HDF5Call) throws
    {
        var dims = [hsize_t(numbers.count)]
        let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nil)
        try call.with(space, closedBy: .dataspace) { space in
            let attributeID = H5Acreate2(object, name, fileType, space, vvae_H5P_DEFAULT(), vvae_H5P_DEFAULT())
            try call.with(attributeID, closedBy: .attribute) { attribute in
                try numbers.withUnsafeBytes { raw in
                    _ = try call.check(H5Awrite(attribute, memoryType, raw.baseAddress))
                }
            }
        }
    }

    private static func writeString(_ text: String, name: String, storage: HDF5StringStorage, on object: hid_t,
                                    _ call: HDF5Call) throws
    {
        let utf8 = Array(text.utf8)
        try call.with(H5Tcopy(vvae_H5T_C_S1()), closedBy: .datatype) { type in
            try call.check(H5Tset_cset(type, H5T_CSET_UTF8))
            switch storage {
            case .variableLength:
                try call.check(H5Tset_size(type, vvae_H5T_VARIABLE()))
                try call.check(H5Tset_strpad(type, H5T_STR_NULLTERM))
            case .fixedLength:
                try call.check(H5Tset_size(type, max(utf8.count, 1)))
                try call.check(H5Tset_strpad(type, H5T_STR_NULLPAD))
            }
            try call.with(H5Screate(H5S_SCALAR), closedBy: .dataspace) { space in
                let attributeID = H5Acreate2(object, name, type, space, vvae_H5P_DEFAULT(), vvae_H5P_DEFAULT())
                try call.with(attributeID, closedBy: .attribute) { attribute in
                    switch storage {
                    case .variableLength:
                        try text.withCString { characters in
                            var pointer: UnsafePointer<CChar>? = characters
                            _ = try call.check(H5Awrite(attribute, type, &pointer))
                        }
                    case .fixedLength:
                        let padded = utf8.isEmpty ? [0] : utf8
                        _ = try call.check(H5Awrite(attribute, type, padded))
                    }
                }
            }
        }
    }

    // MARK: Reading

    /// Attribute names on the object, sorted by name (libhdf5's name index, byte order).
    public func attributeNames(on objectPath: String = "/") throws -> [String] {
        try withObject(objectPath, operation: "list attributes") { object, call in
            final class Names { var list: [String] = [] }
            let names = Names()
            try withExtendedLifetime(names) {
                var index: hsize_t = 0
                try call.check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return -1 }
                    Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(names).toOpaque()))
            }
            return names.list
        }
    }

    public func hasAttribute(_ name: String, on objectPath: String = "/") throws -> Bool {
        try withObject(objectPath, operation: "look up attribute '\(name)'") { object, call in
            try call.check(H5Aexists(object, name)) > 0
        }
    }

    /// The attribute's value; `.missingAttribute` if absent, `.unsupportedType` for types outside
    /// `HDF5AttributeValue` (compound, string arrays, …).
    public func attribute(_ name: String, on objectPath: String = "/") throws -> HDF5AttributeValue {
        try withObject(objectPath, operation: "read attribute '\(name)'") { object, call in
            guard try call.check(H5Aexists(object, name)) > 0 else { throw call.error(.missingAttribute(name: name)) }
            return try call.with(H5Aopen(object, name, vvae_H5P_DEFAULT()), closedBy: .attribute) { attribute in
                try call.with(H5Aget_type(attribute), closedBy: .datatype) { type in
                    try call.with(H5Aget_space(attribute), closedBy: .dataspace) { space in
                        try Self.readAttribute(attribute, type: type, space: space, call)
                    }
                }
            }
        }
    }

    public func stringAttribute(_ name: String, on objectPath: String = "/") throws -> String {
        let value = try attribute(name, on: objectPath)
        guard case .string(let text) = value else { throw wrongAttributeType(name, objectPath, "string", value) }
        return text
    }

    public func int64Attribute(_ name: String, on objectPath: String = "/") throws -> Int64 {
        let value = try attribute(name, on: objectPath)
        guard case .int64(let number) = value else { throw wrongAttributeType(name, objectPath, "int64", value) }
        return number
    }

    public func doubleAttribute(_ name: String, on objectPath: String = "/") throws -> Double {
        let value = try attribute(name, on: objectPath)
        guard case .double(let number) = value else { throw wrongAttributeType(name, objectPath, "double", value) }
        return number
    }

    public func int64ArrayAttribute(_ name: String, on objectPath: String = "/") throws -> [Int64] {
        let value = try attribute(name, on: objectPath)
        guard case .int64Array(let numbers) = value else {
            throw wrongAttributeType(name, objectPath, "int64 array", value)
        }
        return numbers
    }

    public func doubleArrayAttribute(_ name: String, on objectPath: String = "/") throws -> [Double] {
        let value = try attribute(name, on: objectPath)
        guard case .doubleArray(let numbers) = value else {
            throw wrongAttributeType(name, objectPath, "double array", value)
        }
        return numbers
    }

    private func wrongAttributeType(_ name: String, _ objectPath: String, _ requested: String,
                                    _ stored: HDF5AttributeValue) -> HDF5Error
    {
        HDF5Error(.wrongType(requested: requested, stored: stored.kindName), filePath: path, objectPath: objectPath,
                  operation: "read attribute '\(name)'")
    }

    private static func readAttribute(_ attribute: hid_t, type: hid_t, space: hid_t, _ call: HDF5Call) throws
        -> HDF5AttributeValue
    {
        let (shape, count) = try shape(of: space, call)
        let isScalar = shape.isEmpty
        guard !isScalar || count == 1 else { throw call.error(.unsupportedType("empty (null dataspace) attribute")) }
        switch H5Tget_class(type) {
        case H5T_STRING:
            guard isScalar else { throw call.error(.unsupportedType("string array attribute")) }
            return .string(try readString(attribute, type: type, call))
        case H5T_INTEGER:
            var numbers = [Int64](repeating: 0, count: count)
            if count > 0 { try call.check(H5Aread(attribute, vvae_H5T_NATIVE_INT64(), &numbers)) }
            return isScalar ? .int64(numbers[0]) : .int64Array(numbers)
        case H5T_FLOAT:
            var numbers = [Double](repeating: 0, count: count)
            if count > 0 { try call.check(H5Aread(attribute, vvae_H5T_NATIVE_DOUBLE(), &numbers)) }
            return isScalar ? .double(numbers[0]) : .doubleArray(numbers)
        default:
            let stored = try HDF5TypeClassifier.classify(type, call)
            throw call.error(.unsupportedType(stored.description + " attribute"))
        }
    }

    private static func readString(_ attribute: hid_t, type: hid_t, _ call: HDF5Call) throws -> String {
        if try call.check(H5Tis_variable_str(type)) > 0 {
            return try call.with(H5Tcopy(vvae_H5T_C_S1()), closedBy: .datatype) { memoryType in
                try call.check(H5Tset_size(memoryType, vvae_H5T_VARIABLE()))
                try call.check(H5Tset_cset(memoryType, H5Tget_cset(type)))
                var pointer: UnsafeMutablePointer<CChar>?
                try call.check(H5Aread(attribute, memoryType, &pointer))
                guard let pointer else { return "" }
                defer { H5free_memory(pointer) }
                return String(cString: pointer)
            }
        }
        let size = H5Tget_size(type)
        guard size > 0 else { throw call.libraryError() }
        var bytes = [UInt8](repeating: 0, count: size)
        try call.check(H5Aread(attribute, type, &bytes))
        var text = bytes.prefix { $0 != 0 }
        if H5Tget_strpad(type) == H5T_STR_SPACEPAD {
            while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Opens the group or dataset at `objectPath` for `body`; `.missingObject` when there is none.
    func withObject<Result>(_ objectPath: String, operation: String,
                            _ body: (hid_t, HDF5Call) throws -> Result) throws -> Result
    {
        try withFile(objectPath: objectPath, operation: operation) { file, call in
            let normalised = try HDF5ObjectPath.normalise(objectPath, call)
            var call = call
            call.objectPath = normalised
            guard try Self.objectKind(file, normalised, call) != nil else { throw call.error(.missingObject) }
            return try call.with(H5Oopen(file, normalised, vvae_H5P_DEFAULT()), closedBy: .object) { object in
                try body(object, call)
            }
        }
    }
}
