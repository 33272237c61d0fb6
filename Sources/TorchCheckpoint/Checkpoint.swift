/// A PyTorch checkpoint opened for reading. Opening parses only the object pickle (and, for legacy files, the
/// 8-byte storage headers) and validates every tensor against its storage; tensor bytes are read on demand by
/// `readData`, `readFloats` and `readDoubles`. Safe to share across threads.
public final class Checkpoint: Sendable {
    public let path: String
    public let format: CheckpointFormat
    /// The whole object tree, with tensors as `.tensor` leaves.
    public let root: PickleValue
    /// Every tensor, in file order, named by its path of container keys.
    public let tensors: [NamedTensor]
    /// The tensor-free parts of the tree in file order: top-level entries such as `epoch` or `hyper_parameters`,
    /// and tensor-free leaves beside tensors deeper down (keyed by their `/` path).
    public let metadata: [(key: String, value: PickleValue)]
    /// True for files written on a big-endian machine; data is swapped to little-endian when read.
    public let isBigEndian: Bool
    /// The pickle protocol of the object pickle (2 for default `torch.save`).
    public let pickleProtocol: Int
    /// Zip only: the folder the records sit under, e.g. `archive/`.
    public let archivePrefix: String?

    private let store: StorageStore
    private let tensorsByName: [String: TensorRecord]

    /// Opens and validates a checkpoint; throws `CheckpointError` naming the file and what is wrong.
    public init(path: String) throws {
        let context = ErrorContext(file: path, key: nil)
        let file = try ReadOnlyFile(path: path, context: context)
        guard file.size > 0 else { throw context.error(.emptyFile, "the file is empty") }
        let head = try file.read(at: 0, count: min(file.size, 512))
        let contents: ContainerContents
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            contents = try ZipContainer.open(path: path, file: file, context: context)
        } else if head[0] == PickleOpcode.proto.rawValue {
            contents = try LegacyContainer.open(file: file, context: context)
        } else if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) {
            throw context.error(.unknownFormat, "a tar archive: the PyTorch < 0.4 tar container is not supported")
        } else {
            throw context.error(.unknownFormat, "neither a zip archive nor a pickle: not a PyTorch checkpoint")
        }

        switch contents.root {
        case .dict, .list, .tuple, .object, .tensor: break
        default:
            throw context.error(.notACheckpoint, "the checkpoint's root object is \(contents.root), not a container")
        }
        let catalog = CheckpointCatalog(root: contents.root)
        for named in catalog.tensors {
            try Self.validate(named, in: contents.store, context: context)
        }

        self.path = path
        format = contents.format
        root = contents.root
        tensors = catalog.tensors
        metadata = catalog.metadata
        isBigEndian = contents.isBigEndian
        pickleProtocol = contents.pickleProtocol
        archivePrefix = contents.archivePrefix
        store = contents.store
        var byName: [String: TensorRecord] = [:]
        for named in catalog.tensors { byName[named.name] = named.tensor }
        tensorsByName = byName
    }

    /// The tensor with this name, if any.
    public func tensor(named name: String) -> TensorRecord? { tensorsByName[name] }

    /// The tensor's elements in C order, little-endian, `elementCount × dtype.byteSize` bytes. Strides are
    /// honoured; only the span of the storage the tensor touches is read.
    public func readData(_ tensor: TensorRecord) throws -> [UInt8] {
        try Self.validate(NamedTensor(name: "", tensor: tensor), in: store, context: ErrorContext(file: path, key: nil))
        let size = tensor.dtype.byteSize
        let span = tensor.elementSpan
        if span.isEmpty { return [] }
        let raw = try store.read(storage: tensor.storageKey,
                                 byteOffset: tensor.storageByteBase + span.lowerBound * size, count: span.count * size)
        var data = tensor.isContiguous ? raw : StridedGather.gather(raw, tensor)
        if isBigEndian { Self.swapBytes(&data, unit: tensor.dtype.byteSwapUnit) }
        return data
    }

    /// Where the tensor's bytes lie in the file, when `readData` would return exactly those bytes: stored
    /// uncompressed, contiguous in C order, little-endian. Lets a converter hash and copy them in place.
    public func fileSpan(of tensor: TensorRecord) -> Range<Int>? {
        guard !isBigEndian, tensor.isContiguous else { return nil }
        let size = tensor.dtype.byteSize
        let span = tensor.elementSpan
        guard !span.isEmpty, span.count == tensor.elementCount else { return nil }
        return store.fileSpan(ofStorage: tensor.storageKey, byteOffset: tensor.storageByteBase + span.lowerBound * size,
                              count: span.count * size)
    }

    /// The elements widened (or, for float64 and large integers, rounded) to Float; bool as 0/1.
    public func readFloats(_ tensor: TensorRecord) throws -> [Float] {
        guard let values = ElementDecoding.floats(try readData(tensor), dtype: tensor.dtype) else {
            throw CheckpointError(.unsupportedDType, file: path, key: tensor.storageKey,
                                  "\(tensor.dtype.rawValue) elements cannot be read as real numbers")
        }
        return values
    }

    /// The elements as Double: exact for every float dtype and for integers up to 2^53.
    public func readDoubles(_ tensor: TensorRecord) throws -> [Double] {
        guard let values = ElementDecoding.doubles(try readData(tensor), dtype: tensor.dtype) else {
            throw CheckpointError(.unsupportedDType, file: path, key: tensor.storageKey,
                                  "\(tensor.dtype.rawValue) elements cannot be read as real numbers")
        }
        return values
    }

    /// The storage must exist, hold what the pickle declared, and contain every element the tensor addresses.
    private static func validate(_ named: NamedTensor, in store: StorageStore, context: ErrorContext) throws {
        let tensor = named.tensor
        let label = named.name.isEmpty ? "tensor" : "tensor '\(named.name)'"
        let record = store.recordName(ofStorage: tensor.storageKey)
        guard let available = store.byteCount(ofStorage: tensor.storageKey) else {
            throw context.error(.missingRecord, key: named.name.isEmpty ? record : named.name,
                                "\(label) uses storage '\(tensor.storageKey)', which the file does not contain")
        }
        guard tensor.storageByteBase >= 0, tensor.storageByteCount >= 0,
              tensor.storageByteCount <= available - min(tensor.storageByteBase, available),
              tensor.storageByteBase <= available else {
            throw context.error(.storageMismatch, key: record,
                                "\(label) expects \(tensor.storageByteCount) bytes of storage from byte "
                                + "\(tensor.storageByteBase), the record holds \(available)")
        }
        let span = tensor.elementSpan
        let needed = span.upperBound * tensor.dtype.byteSize
        guard span.isEmpty || needed <= tensor.storageByteCount else {
            throw context.error(.tensorOutOfBounds, key: named.name.isEmpty ? record : named.name,
                                "\(label) (\(tensor.dtype.rawValue), shape \(tensor.shape), strides \(tensor.strides), "
                                + "offset \(tensor.storageOffset)) reaches byte \(needed) of storage "
                                + "'\(tensor.storageKey)', which holds \(tensor.storageByteCount)")
        }
    }

    private static func swapBytes(_ data: inout [UInt8], unit: Int) {
        guard unit > 1 else { return }
        var start = 0
        while start + unit <= data.count {
            data[start..<(start + unit)].reverse()
            start += unit
        }
    }
}
