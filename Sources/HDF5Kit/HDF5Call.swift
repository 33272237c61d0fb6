import CHDF5

/// Where a group of libhdf5 calls happens, so any failure becomes an `HDF5Error` naming file, object and operation.
struct HDF5Call {
    let filePath: String
    var objectPath: String?
    var operation: String

    func error(_ kind: HDF5Error.Kind, stack: [HDF5ErrorStackEntry] = []) -> HDF5Error {
        HDF5Error(kind, filePath: filePath, objectPath: objectPath, operation: operation, stack: stack)
    }

    /// The error for a call that just failed inside libhdf5, carrying its error stack.
    func libraryError(_ kind: HDF5Error.Kind = .libraryFailure) -> HDF5Error {
        error(kind, stack: HDF5ErrorStack.takeEntries())
    }

    /// Throws unless a `herr_t` / `htri_t` style status is non-negative; returns it.
    @discardableResult
    func check<Status: BinaryInteger>(_ status: Status) throws -> Status {
        guard status >= 0 else { throw libraryError() }
        return status
    }

    /// Runs `body` with a freshly returned id and closes it afterwards, whatever happens.
    ///
    /// Scoping the id to a closure (rather than an owner object) pins its lifetime: ARC may release an object right
    /// after its last use, which could close an id before the C call that needs it.
    func with<Result>(_ id: hid_t, closedBy kind: HDF5IDKind, _ body: (hid_t) throws -> Result) throws -> Result {
        guard id >= 0 else { throw libraryError() }
        defer { kind.close(id) }
        return try body(id)
    }
}

/// Which close function an id needs.
enum HDF5IDKind {
    case file, group, dataset, dataspace, datatype, attribute, propertyList, object

    func close(_ id: hid_t) {
        switch self {
        case .file: _ = H5Fclose(id)
        case .group: _ = H5Gclose(id)
        case .dataset: _ = H5Dclose(id)
        case .dataspace: _ = H5Sclose(id)
        case .datatype: _ = H5Tclose(id)
        case .attribute: _ = H5Aclose(id)
        case .propertyList: _ = H5Pclose(id)
        case .object: _ = H5Oclose(id)
        }
    }
}
