import HDF5Kit

/// A header whose file holds tensors: the writer records how many, and how many values, just before it writes the
/// header (so the counts are always those of the tensors actually written).
public protocol CountedHeader: Sendable {
    var tensorCount: Int64? { get set }
    var parameterCount: Int64? { get set }
    /// Writes `format`, `format_version` and every field as root attributes.
    func write(to file: HDF5File) throws
}
