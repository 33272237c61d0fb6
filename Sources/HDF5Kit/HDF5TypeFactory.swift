import CHDF5

/// Builds the little-endian file (and memory) datatype for each element type. The caller closes the returned id.
enum HDF5TypeFactory {
    static func makeType(_ elementType: HDF5ElementType, _ call: HDF5Call) throws -> hid_t {
        switch elementType {
        case .float16: return try makeFloat(.float16, call)
        case .bfloat16: return try makeFloat(.bfloat16, call)
        case .float32: return try copy(vvae_H5T_IEEE_F32LE(), call)
        case .float64: return try copy(vvae_H5T_IEEE_F64LE(), call)
        case .int8: return try copy(vvae_H5T_STD_I8LE(), call)
        case .int16: return try copy(vvae_H5T_STD_I16LE(), call)
        case .int32: return try copy(vvae_H5T_STD_I32LE(), call)
        case .int64: return try copy(vvae_H5T_STD_I64LE(), call)
        case .uint8: return try copy(vvae_H5T_STD_U8LE(), call)
        case .bool: return try makeBoolEnum(call)
        }
    }

    private static func copy(_ predefined: hid_t, _ call: HDF5Call) throws -> hid_t {
        let id = H5Tcopy(predefined)
        guard id >= 0 else { throw call.libraryError() }
        return id
    }

    /// A 16-bit float derived from IEEE float32. HDF5 checks each step against the current precision and size, so
    /// the order matters: shrink the fields first (they must fit the precision), then the precision (it must fit the
    /// size), then the size; the exponent bias last.
    private static func makeFloat(_ layout: HDF5FloatLayout, _ call: HDF5Call) throws -> hid_t {
        let id = try copy(vvae_H5T_IEEE_F32LE(), call)
        do {
            try call.check(H5Tset_fields(id, layout.signPosition, layout.exponentPosition, layout.exponentBits,
                                         layout.mantissaPosition, layout.mantissaBits))
            try call.check(H5Tset_precision(id, layout.byteCount * 8))
            try call.check(H5Tset_size(id, layout.byteCount))
            try call.check(H5Tset_ebias(id, layout.exponentBias))
            return id
        } catch {
            H5Tclose(id)
            throw error
        }
    }

    /// h5py's boolean: enum over int8 with FALSE = 0, TRUE = 1.
    private static func makeBoolEnum(_ call: HDF5Call) throws -> hid_t {
        let id = H5Tenum_create(vvae_H5T_STD_I8LE())
        guard id >= 0 else { throw call.libraryError() }
        do {
            var falseValue: Int8 = 0
            var trueValue: Int8 = 1
            try call.check(H5Tenum_insert(id, "FALSE", &falseValue))
            try call.check(H5Tenum_insert(id, "TRUE", &trueValue))
            return id
        } catch {
            H5Tclose(id)
            throw error
        }
    }
}
