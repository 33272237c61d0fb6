/// Where a tensor's elements live: dtype, geometry and the storage record holding them. Reading is done by
/// `Checkpoint.readData`, so listing a checkpoint never touches tensor bytes.
public struct TensorRecord: Sendable, Equatable {
    public let dtype: TensorDType
    public let shape: [Int]
    /// In elements, as PyTorch counts them; never assumed contiguous.
    public let strides: [Int]
    /// In elements of `dtype`, as PyTorch reports it: from the start of the storage (or, in legacy files, of the
    /// storage view) the tensor was saved with.
    public let storageOffset: Int
    /// The storage record's key (`data/<key>` in a zip, the storage key in a legacy file).
    public let storageKey: String
    /// Bytes the pickle declares for the storage (or the legacy storage view) this tensor may address.
    public let storageByteCount: Int
    /// Where that storage (view) begins inside the storage record; non-zero only for legacy storage views.
    public let storageByteBase: Int

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { elementCount * dtype.byteSize }
    public var rank: Int { shape.count }

    /// True when the elements are laid out in C order without gaps, so the bytes can be copied as one span.
    public var isContiguous: Bool {
        var expected = 1
        for axis in shape.indices.reversed() where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// Elements of the storage the tensor touches: `[storageOffset, end)`; empty for empty tensors.
    /// Only valid on validated records (non-negative, overflow-checked), which is all the module hands out.
    var elementSpan: Range<Int> {
        if shape.contains(0) { return storageOffset..<storageOffset }
        var last = storageOffset
        for (size, stride) in zip(shape, strides) { last += (size - 1) * stride }
        return storageOffset..<(last + 1)
    }
}

/// A tensor with its name: container keys joined by `/` (`state_dict/encoder.conv_in.weight`).
public struct NamedTensor: Sendable, Equatable {
    public let name: String
    public let tensor: TensorRecord
}
