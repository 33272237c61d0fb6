import CHDF5

/// What a stored HDF5 datatype is, in HDF5Kit's terms.
struct HDF5StoredType: Equatable, Sendable {
    /// nil when the type is outside `HDF5ElementType`.
    var elementType: HDF5ElementType?
    var byteOrder: HDF5ByteOrder
    /// Human-readable: the element type's name, or the HDF5 class and layout when unsupported.
    var description: String
}

/// Classifies an existing datatype (from a file we wrote or anyone else did) by class, size, bit fields, exponent bias
/// and byte order, so a 16-bit float is recognised as float16 or bfloat16 from its layout rather than by name.
enum HDF5TypeClassifier {
    static func classify(_ typeID: hid_t, _ call: HDF5Call) throws -> HDF5StoredType {
        let typeClass = H5Tget_class(typeID)
        let size = H5Tget_size(typeID)
        guard typeClass != H5T_NO_CLASS, size > 0 else { throw call.libraryError() }
        let order = byteOrder(typeID)
        switch typeClass {
        case H5T_FLOAT:
            return classifyFloat(typeID, size: size, order: order)
        case H5T_INTEGER:
            return classifyInteger(typeID, size: size, order: order)
        case H5T_ENUM:
            return try classifyEnum(typeID, order: order, call)
        default:
            return HDF5StoredType(elementType: nil, byteOrder: order, description: className(typeClass))
        }
    }

    private static func byteOrder(_ typeID: hid_t) -> HDF5ByteOrder {
        switch H5Tget_order(typeID) {
        case H5T_ORDER_LE: return .littleEndian
        case H5T_ORDER_BE: return .bigEndian
        default: return .none
        }
    }

    private static func stored(_ type: HDF5ElementType?, _ order: HDF5ByteOrder, _ fallback: String) -> HDF5StoredType {
        guard let type else { return HDF5StoredType(elementType: nil, byteOrder: order, description: fallback) }
        let suffix = order == .bigEndian ? " (big-endian)" : ""
        return HDF5StoredType(elementType: type, byteOrder: order, description: type.rawValue + suffix)
    }

    private static func classifyFloat(_ typeID: hid_t, size: Int, order: HDF5ByteOrder) -> HDF5StoredType {
        var sign = 0, exponentPosition = 0, exponentBits = 0, mantissaPosition = 0, mantissaBits = 0
        guard H5Tget_fields(typeID, &sign, &exponentPosition, &exponentBits, &mantissaPosition, &mantissaBits) >= 0
        else {
            _ = HDF5ErrorStack.takeEntries()
            return stored(nil, order, "float(size \(size), unreadable fields)")
        }
        let layout = HDF5FloatLayout(byteCount: size, signPosition: sign, exponentPosition: exponentPosition,
                                     exponentBits: exponentBits, mantissaPosition: mantissaPosition,
                                     mantissaBits: mantissaBits, exponentBias: Int(H5Tget_ebias(typeID)))
        let plain = H5Tget_offset(typeID) == 0 && H5Tget_precision(typeID) == size * 8
            && H5Tget_norm(typeID) == H5T_NORM_IMPLIED && order != .none
        return stored(plain ? layout.elementType : nil, order, layout.summary)
    }

    private static func classifyInteger(_ typeID: hid_t, size: Int, order: HDF5ByteOrder) -> HDF5StoredType {
        let signed = H5Tget_sign(typeID) == H5T_SGN_2
        let plain = H5Tget_offset(typeID) == 0 && H5Tget_precision(typeID) == size * 8
        let summary = "integer(size \(size), \(signed ? "signed" : "unsigned"))"
        guard plain else { return stored(nil, order, summary) }
        let type: HDF5ElementType?
        switch (size, signed) {
        case (1, true): type = .int8
        case (2, true): type = .int16
        case (4, true): type = .int32
        case (8, true): type = .int64
        case (1, false): type = .uint8
        default: type = nil
        }
        return stored(type, order, summary)
    }

    /// Recognises h5py's boolean enum: a one-byte integer base with exactly FALSE = 0 and TRUE = 1.
    private static func classifyEnum(_ typeID: hid_t, order: HDF5ByteOrder, _ call: HDF5Call) throws
        -> HDF5StoredType
    {
        let summary = "enum"
        guard H5Tget_size(typeID) == 1, H5Tget_nmembers(typeID) == 2 else { return stored(nil, order, summary) }
        var members: [String: Int8] = [:]
        for index in 0..<UInt32(2) {
            guard let name = H5Tget_member_name(typeID, index) else { throw call.libraryError() }
            let memberName = String(cString: name)
            H5free_memory(name)
            var value: Int8 = 0
            try call.check(H5Tget_member_value(typeID, index, &value))
            members[memberName] = value
        }
        let isBool = members == ["FALSE": 0, "TRUE": 1]
        return stored(isBool ? .bool : nil, order, summary)
    }

    private static func className(_ typeClass: H5T_class_t) -> String {
        switch typeClass {
        case H5T_STRING: return "string"
        case H5T_COMPOUND: return "compound"
        case H5T_ARRAY: return "array"
        case H5T_VLEN: return "variable-length sequence"
        case H5T_OPAQUE: return "opaque"
        case H5T_BITFIELD: return "bitfield"
        case H5T_REFERENCE: return "reference"
        case H5T_TIME: return "time"
        default: return "class \(typeClass.rawValue)"
        }
    }
}
