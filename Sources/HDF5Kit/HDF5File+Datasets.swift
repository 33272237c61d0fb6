import CHDF5
import Foundation

extension HDF5File {
    // MARK: Writing

    /// Creates a contiguous, uncompressed dataset (parent groups on demand) and writes `bytes`: the elements in C
    /// order, little-endian, `shape.product × elementType.byteCount` bytes. The memory type equals the file type, so
    /// libhdf5 copies the bytes without converting them.
    @discardableResult
    public func writeDataset(_ path: String, elementType: HDF5ElementType, shape: [Int], bytes: some ContiguousBytes)
        throws -> HDF5DatasetInfo
    {
        try bytes.withUnsafeBytes { raw in
            try createDataset(path, elementType: elementType, shape: shape, littleEndianBytes: raw)
        }
    }

    /// Writes typed values (`Bool` as h5py's boolean enum); `values.count` must equal the shape's element count.
    @discardableResult
    public func writeDataset<Scalar: HDF5Scalar>(_ path: String, shape: [Int], values: [Scalar]) throws
        -> HDF5DatasetInfo
    {
        // Every HDF5Scalar's memory layout is its stored element (a Swift `Bool` is one byte holding 0 or 1).
        let elementType = Scalar.hdf5ElementType
        return try values.withUnsafeBytes { raw in
            try createDataset(path, elementType: elementType, shape: shape, hostOrderBytes: raw)
        }
    }

    /// Writes 16-bit patterns as `float16`, `bfloat16` or `int16` — the way to store half-precision values whose
    /// rounding the caller has already done.
    @discardableResult
    public func writeDataset(_ path: String, elementType: HDF5ElementType, shape: [Int], bitPatterns: [UInt16])
        throws -> HDF5DatasetInfo
    {
        guard elementType.byteCount == 2 else {
            let call = HDF5Call(filePath: self.path, objectPath: path, operation: "write dataset")
            throw call.error(.invalidArgument("16-bit patterns cannot be stored as \(elementType)"))
        }
        return try bitPatterns.withUnsafeBytes { raw in
            try createDataset(path, elementType: elementType, shape: shape, hostOrderBytes: raw)
        }
    }

    private func createDataset(_ path: String, elementType: HDF5ElementType, shape: [Int],
                               hostOrderBytes raw: UnsafeRawBufferPointer) throws -> HDF5DatasetInfo
    {
        #if _endian(big)
        var copy = [UInt8](raw)
        copy.withUnsafeMutableBytes { ByteSwapping.swapElements($0, elementSize: elementType.byteCount) }
        return try copy.withUnsafeBytes { swapped in
            try createDataset(path, elementType: elementType, shape: shape, littleEndianBytes: swapped)
        }
        #else
        return try createDataset(path, elementType: elementType, shape: shape, littleEndianBytes: raw)
        #endif
    }

    /// Creates a contiguous dataset whose raw data is allocated but not written: the caller fills it at
    /// `byteOffset` of the file (through its own descriptor, e.g. from several threads, or copied by the kernel from
    /// another file) before the data is read. The returned info always has a `byteOffset` unless the dataset is empty.
    @discardableResult
    public func reserveDataset(_ path: String, elementType: HDF5ElementType, shape: [Int]) throws -> HDF5DatasetInfo {
        try createDataset(path, elementType: elementType, shape: shape, littleEndianBytes: nil)
    }

    private func createDataset(_ path: String, elementType: HDF5ElementType, shape: [Int],
                               littleEndianBytes raw: UnsafeRawBufferPointer?) throws -> HDF5DatasetInfo
    {
        try withFile(objectPath: path, operation: "write \(elementType) dataset") { file, call in
            let normalised = try HDF5ObjectPath.normalise(path, call)
            var call = call
            call.objectPath = normalised
            guard normalised != "/" else { throw call.error(.invalidArgument("the root group cannot be a dataset")) }
            let count = try Self.elementCount(of: shape, call)
            let (expectedBytes, overflow) = count.multipliedReportingOverflow(by: elementType.byteCount)
            guard !overflow, raw == nil || expectedBytes == raw?.count else {
                throw call.error(.invalidArgument(
                    "shape \(shape) of \(elementType) needs \(count) × \(elementType.byteCount) bytes, got \(raw?.count ?? 0)"))
            }
            if try Self.objectKind(file, normalised, call) != nil { throw call.error(.objectExists) }

            return try call.with(HDF5TypeFactory.makeType(elementType, call), closedBy: .datatype) { type in
                try call.with(Self.makeDataspace(shape, call), closedBy: .dataspace) { space in
                    try call.with(Self.makeContiguousCreationList(call), closedBy: .propertyList) { creation in
                        try call.with(Self.makeIntermediateGroupLinkList(call), closedBy: .propertyList) { links in
                            let datasetID = H5Dcreate2(file, normalised, type, space, links, creation,
                                                       vvae_H5P_DEFAULT())
                            return try call.with(datasetID, closedBy: .dataset) { dataset in
                                if count > 0, let raw {
                                    try call.check(H5Dwrite(dataset, type, vvae_H5S_ALL(), vvae_H5S_ALL(),
                                                            vvae_H5P_DEFAULT(), raw.baseAddress))
                                }
                                let info = try Self.info(of: dataset, path: normalised, call)
                                if raw == nil, count > 0, info.byteOffset == nil {
                                    throw call.error(.invalidArgument("libhdf5 allocated no contiguous space to reserve"))
                                }
                                return info
                            }
                        }
                    }
                }
            }
        }
    }

    /// Contiguous layout, storage allocated at creation (so the offset is known at once) and never pre-filled.
    private static func makeContiguousCreationList(_ call: HDF5Call) throws -> hid_t {
        let creation = H5Pcreate(vvae_H5P_DATASET_CREATE())
        guard creation >= 0 else { throw call.libraryError() }
        do {
            try call.check(H5Pset_layout(creation, H5D_CONTIGUOUS))
            try call.check(H5Pset_alloc_time(creation, H5D_ALLOC_TIME_EARLY))
            try call.check(H5Pset_fill_time(creation, H5D_FILL_TIME_NEVER))
            return creation
        } catch {
            H5Pclose(creation)
            throw error
        }
    }

    /// A scalar dataspace for `[]`, a simple one otherwise (zero-length dimensions allowed).
    private static func makeDataspace(_ shape: [Int], _ call: HDF5Call) throws -> hid_t {
        if shape.isEmpty { return H5Screate(H5S_SCALAR) }
        let dims = shape.map { hsize_t($0) }
        return H5Screate_simple(Int32(dims.count), dims, nil)
    }

    static func elementCount(of shape: [Int], _ call: HDF5Call) throws -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { throw call.error(.invalidArgument("negative dimension in shape \(shape)")) }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw call.error(.invalidArgument("shape \(shape) overflows")) }
            count = product
        }
        return count
    }

    // MARK: Reading

    /// Type, shape, layout and file offset of the dataset at `path`.
    public func datasetInfo(_ path: String) throws -> HDF5DatasetInfo {
        try withDataset(path, operation: "read dataset info") { dataset, normalised, call in
            try Self.info(of: dataset, path: normalised, call)
        }
    }

    /// The whole dataset's elements as little-endian bytes in C order (big-endian files are swapped).
    public func readBytes(_ path: String) throws -> [UInt8] {
        try readElements(path, as: UInt8.self, requested: "bytes", outputOrder: .littleEndian) { _ in true }
    }

    /// The whole dataset as `Scalar` values; the stored element type must be exactly `Scalar.hdf5ElementType`.
    public func read<Scalar: HDF5Scalar>(_ path: String, as type: Scalar.Type = Scalar.self) throws -> [Scalar] {
        let wanted = Scalar.hdf5ElementType
        return try readElements(path, as: Scalar.self, requested: wanted.rawValue, outputOrder: .host) {
            $0 == wanted
        }
    }

    /// float16, bfloat16 or int16 data as 16-bit patterns in host order.
    public func readBitPatterns(_ path: String) throws -> [UInt16] {
        try readElements(path, as: UInt16.self, requested: "16-bit patterns", outputOrder: .host) {
            $0.byteCount == 2
        }
    }

    /// float32 data as is, float16 and bfloat16 widened exactly; other types (float64 too) are `.wrongType`.
    public func readFloat32(_ path: String) throws -> [Float] {
        let type = try datasetInfo(path).elementType
        switch type {
        case .float16: return try readBitPatterns(path).map(HalfPrecisionDecoding.float(fromFloat16Bits:))
        case .bfloat16: return try readBitPatterns(path).map(HalfPrecisionDecoding.float(fromBFloat16Bits:))
        default: return try read(path, as: Float.self)
        }
    }

    /// Reads every element with the dataset's own type as memory type (no conversion by libhdf5) straight into an
    /// array of `Element`, then fixes the byte order.
    private func readElements<Element>(_ path: String, as: Element.Type, requested: String,
                                       outputOrder: HDF5ByteOrder,
                                       accepting accepts: (HDF5ElementType) -> Bool) throws -> [Element]
    {
        try withDataset(path, operation: "read \(requested)") { dataset, _, call in
            try call.with(H5Dget_type(dataset), closedBy: .datatype) { type in
                let stored = try HDF5TypeClassifier.classify(type, call)
                guard let elementType = stored.elementType else {
                    throw call.error(.unsupportedType(stored.description))
                }
                guard accepts(elementType) else {
                    throw call.error(.wrongType(requested: requested, stored: stored.description))
                }
                let count = try Self.elementCount(of: dataset, call)
                let byteCount = count * elementType.byteCount
                let stride = MemoryLayout<Element>.stride
                guard byteCount % stride == 0 else {
                    throw call.error(.wrongType(requested: requested, stored: stored.description))
                }
                var failure: HDF5Error?
                let elements = [Element](unsafeUninitializedCapacity: byteCount / stride) { buffer, initialised in
                    let raw = UnsafeMutableRawBufferPointer(buffer)
                    HugePageAdvice.advise(raw)
                    if count > 0, H5Dread(dataset, type, vvae_H5S_ALL(), vvae_H5S_ALL(), vvae_H5P_DEFAULT(),
                                          raw.baseAddress) < 0 {
                        failure = call.libraryError()
                        raw.initializeMemory(as: UInt8.self, repeating: 0)
                    }
                    if elementType == .bool {
                        // Any non-zero byte is true; normalising to 0/1 keeps the bytes valid `Bool`s.
                        for index in raw.indices where raw[index] > 1 { raw[index] = 1 }
                    }
                    if stored.byteOrder != .none, stored.byteOrder != outputOrder {
                        ByteSwapping.swapElements(raw, elementSize: elementType.byteCount)
                    }
                    initialised = byteCount / stride
                }
                if let failure { throw failure }
                return elements
            }
        }
    }

    /// Opens the dataset at `path` for `body`, turning a missing path into `.missingObject`.
    func withDataset<Result>(_ path: String, operation: String,
                             _ body: (hid_t, String, HDF5Call) throws -> Result) throws -> Result
    {
        try withFile(objectPath: path, operation: operation) { file, call in
            let normalised = try HDF5ObjectPath.normalise(path, call)
            var call = call
            call.objectPath = normalised
            try Self.requireDataset(file, normalised, call)
            return try call.with(H5Dopen2(file, normalised, vvae_H5P_DEFAULT()), closedBy: .dataset) { dataset in
                try body(dataset, normalised, call)
            }
        }
    }

    private static func elementCount(of dataset: hid_t, _ call: HDF5Call) throws -> Int {
        try call.with(H5Dget_space(dataset), closedBy: .dataspace) { space in
            let count = H5Sget_simple_extent_npoints(space)
            return Int(try call.check(count))
        }
    }

    static func info(of dataset: hid_t, path: String, _ call: HDF5Call) throws -> HDF5DatasetInfo {
        let stored = try call.with(H5Dget_type(dataset), closedBy: .datatype) { type in
            try HDF5TypeClassifier.classify(type, call)
        }
        let (shape, count) = try call.with(H5Dget_space(dataset), closedBy: .dataspace) { space in
            try Self.shape(of: space, call)
        }
        let (layout, mappable) = try call.with(H5Dget_create_plist(dataset), closedBy: .propertyList) { creation in
            let layout: HDF5Layout
            switch H5Pget_layout(creation) {
            case H5D_COMPACT: layout = .compact
            case H5D_CONTIGUOUS: layout = .contiguous
            case H5D_CHUNKED: layout = .chunked
            case H5D_VIRTUAL: layout = .virtual
            default: throw call.libraryError()
            }
            let external = H5Pget_external_count(creation)
            let filters = H5Pget_nfilters(creation)
            return (layout, layout == .contiguous && external == 0 && filters == 0)
        }
        var byteOffset: Int?
        if mappable {
            let offset = H5Dget_offset(dataset)
            if offset == vvae_HADDR_UNDEF() {
                _ = HDF5ErrorStack.takeEntries()
            } else {
                // An address beyond 2^63 cannot be mapped; the dataset is then read through libhdf5, which refuses it.
                byteOffset = Int(exactly: offset)
            }
        }
        let storageByteCount = Int(clamping: H5Dget_storage_size(dataset))
        return HDF5DatasetInfo(path: path, elementType: stored.elementType, typeDescription: stored.description,
                               byteOrder: stored.byteOrder, shape: shape, elementCount: count, layout: layout,
                               byteOffset: byteOffset, storageByteCount: storageByteCount)
    }

    /// Dimensions and element count of a dataspace (scalar: `[]`, 1; null: `[]`, 0).
    static func shape(of space: hid_t, _ call: HDF5Call) throws -> ([Int], Int) {
        switch H5Sget_simple_extent_type(space) {
        case H5S_SCALAR: return ([], 1)
        case H5S_NULL: return ([], 0)
        case H5S_SIMPLE:
            let rank = Int(try call.check(H5Sget_simple_extent_ndims(space)))
            var dims = [hsize_t](repeating: 0, count: rank)
            try call.check(H5Sget_simple_extent_dims(space, &dims, nil))
            // The dimensions come from the file: each must fit an Int, and so must their product.
            var shape: [Int] = []
            var count = 1
            for dimension in dims {
                guard let size = Int(exactly: dimension) else {
                    throw call.error(.malformed("dataspace dimensions \(dims) do not fit a 64-bit signed integer"))
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else {
                    throw call.error(.malformed("the dataspace dimensions \(dims) multiply beyond 2^63"))
                }
                shape.append(size)
                count = product
            }
            return (shape, count)
        default: throw call.libraryError()
        }
    }
}
