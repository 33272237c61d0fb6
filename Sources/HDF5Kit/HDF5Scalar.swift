/// A Swift value type that maps one-to-one onto an `HDF5ElementType`, for typed reads and writes.
///
/// float16 and bfloat16 have no Swift type here (Swift's `Float16` is missing on some platforms); move them as
/// `UInt16` bit patterns with `writeDataset(_:elementType:shape:bitPatterns:)` and `readBitPatterns(_:)`, or widen
/// them exactly with `readFloat32(_:)`.
public protocol HDF5Scalar: Sendable {
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Float: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float32 } }
extension Double: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float64 } }
extension Int8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int8 } }
extension Int16: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int16 } }
extension Int32: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int32 } }
extension Int64: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int64 } }
extension UInt8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
/// Stored as h5py's boolean enum (see `HDF5ElementType.bool`).
extension Bool: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .bool } }
