import CHDF5
import Foundation

/// An open HDF5 file. Datasets, groups and attributes are addressed by absolute object paths (`/encoder/conv_in/weight`;
/// a missing leading slash is accepted). The file id is closed by `close()` or, at the latest, on deinit; every other id
/// lives only inside one call. The file is opened with the strong close degree, so closing it also closes anything a
/// failed call may have left open.
///
/// `@unchecked Sendable`: the only mutable state is the file id, and every access to it (like every libhdf5 call)
/// happens under HDF5Kit's global lock.
public final class HDF5File: @unchecked Sendable {
    /// How `create` treats an existing file.
    public enum CreateMode: Sendable {
        /// Replace an existing file.
        case truncate
        /// Fail with `.fileExists` if the file exists.
        case exclusive
    }

    public enum AccessMode: Sendable {
        case readOnly
        case readWrite
    }

    /// `H5Pset_alignment`: every file allocation of at least `threshold` bytes starts at a multiple of `alignment`,
    /// which lets a reader map a dataset's raw bytes directly (use e.g. threshold 1, alignment 64 or 4096).
    public struct Alignment: Sendable, Equatable {
        public var threshold: Int
        public var alignment: Int

        public init(threshold: Int, alignment: Int) {
            self.threshold = threshold
            self.alignment = alignment
        }
    }

    /// The path the file was opened or created with.
    public let path: String
    public let isWritable: Bool
    private var fileID: hid_t?

    private init(path: String, fileID: hid_t, isWritable: Bool) {
        self.path = path
        self.fileID = fileID
        self.isWritable = isWritable
    }

    deinit {
        if let fileID {
            HDF5Library.locked { _ = H5Fclose(fileID) }
        }
    }

    /// Creates a new file whose format stays readable by HDF5 1.8 and later (`H5Pset_libver_bounds(V18, LATEST)`).
    public static func create(atPath path: String, mode: CreateMode = .exclusive, alignment: Alignment? = nil) throws
        -> HDF5File
    {
        try HDF5Library.locked {
            let call = HDF5Call(filePath: path, objectPath: nil, operation: "create file")
            if let alignment, alignment.threshold < 1 || alignment.alignment < 1 {
                throw call.error(.invalidArgument("alignment threshold and alignment must be positive, got "
                    + "\(alignment.threshold) and \(alignment.alignment)"))
            }
            if mode == .exclusive, FileManager.default.fileExists(atPath: path) {
                throw call.error(.fileExists)
            }
            let id = try call.with(H5Pcreate(vvae_H5P_FILE_ACCESS()), closedBy: .propertyList) { access in
                try call.check(H5Pset_libver_bounds(access, vvae_H5F_LIBVER_V18(), vvae_H5F_LIBVER_LATEST()))
                try call.check(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG))
                if let alignment {
                    try call.check(H5Pset_alignment(access, hsize_t(alignment.threshold),
                                                    hsize_t(alignment.alignment)))
                }
                let flags = mode == .truncate ? vvae_H5F_ACC_TRUNC() : vvae_H5F_ACC_EXCL()
                let id = H5Fcreate(path, flags, vvae_H5P_DEFAULT(), access)
                // Read the error stack before closing the property list: every API call starts by clearing it.
                guard id >= 0 else {
                    let exists = mode == .exclusive && FileManager.default.fileExists(atPath: path)
                    throw call.libraryError(exists ? .fileExists : .libraryFailure)
                }
                return id
            }
            return HDF5File(path: path, fileID: id, isWritable: true)
        }
    }

    /// Opens an existing file; `.missingFile` and `.notHDF5File` say which of the two common mistakes happened.
    public static func open(atPath path: String, mode: AccessMode = .readOnly) throws -> HDF5File {
        try HDF5Library.locked {
            let call = HDF5Call(filePath: path, objectPath: nil, operation: "open file")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw call.error(.missingFile)
            }
            if isDirectory.boolValue { throw call.error(.notHDF5File) }
            let isHDF5 = vvae_is_hdf5(path)
            if isHDF5 == 0 { throw call.error(.notHDF5File, stack: HDF5ErrorStack.takeEntries()) }
            try call.check(isHDF5)
            try HDF5StructureCheck.run(path, call, timeLimit: HDF5StructureCheck.timeLimit)
            let id = try call.with(H5Pcreate(vvae_H5P_FILE_ACCESS()), closedBy: .propertyList) { access in
                try call.check(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG))
                let flags = mode == .readWrite ? vvae_H5F_ACC_RDWR() : vvae_H5F_ACC_RDONLY()
                let id = H5Fopen(path, flags, access)
                guard id >= 0 else { throw call.libraryError() }
                return id
            }
            return HDF5File(path: path, fileID: id, isWritable: mode == .readWrite)
        }
    }

    /// Writes buffered data and metadata to disk.
    public func flush() throws {
        try withFile(objectPath: nil, operation: "flush file") { file, call in
            _ = try call.check(H5Fflush(file, H5F_SCOPE_GLOBAL))
        }
    }

    /// Closes the file; later calls fail with `.fileClosed`. Closing twice is harmless.
    public func close() throws {
        try HDF5Library.locked {
            guard let fileID else { return }
            self.fileID = nil
            let call = HDF5Call(filePath: path, objectPath: nil, operation: "close file")
            try call.check(H5Fclose(fileID))
        }
    }

    /// Runs `body` under the library lock with the open file id and a call context for errors.
    func withFile<Result>(objectPath: String?, operation: String,
                          _ body: (hid_t, HDF5Call) throws -> Result) throws -> Result
    {
        try HDF5Library.locked {
            let call = HDF5Call(filePath: path, objectPath: objectPath, operation: operation)
            guard let fileID else { throw call.error(.fileClosed) }
            return try body(fileID, call)
        }
    }
}
