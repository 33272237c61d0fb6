/// How a dataset's raw data is laid out in the file.
public enum HDF5Layout: String, Sendable, CustomStringConvertible {
    case compact
    case contiguous
    case chunked
    case virtual

    public var description: String { rawValue }
}

/// What a dataset holds and where, without reading its data.
public struct HDF5DatasetInfo: Sendable, Equatable {
    /// Absolute object path, e.g. `/encoder/conv_in/weight`.
    public let path: String
    /// nil when the stored type is outside `HDF5ElementType`; `typeDescription` then says what it is.
    public let elementType: HDF5ElementType?
    public let typeDescription: String
    public let byteOrder: HDF5ByteOrder
    /// Dimensions in C order; `[]` for a scalar (and for a null dataspace, where `elementCount` is 0).
    public let shape: [Int]
    public let elementCount: Int
    public let layout: HDF5Layout
    /// File offset of the raw data when it is one allocated, contiguous, unfiltered block inside this file, so a
    /// reader can map it; nil otherwise (other layouts, external storage, or no storage yet, e.g. zero elements).
    public let byteOffset: Int?
    /// Bytes of raw data stored in the file.
    public let storageByteCount: Int

    /// Bytes the elements take in memory (`elementCount × element size`), or nil for an unsupported type.
    public var byteCount: Int? { elementType.map { $0.byteCount * elementCount } }
}
