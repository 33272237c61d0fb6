/// A dense float32 tensor in C (row-major) order; 5-D activations are `[B, C, T, H, W]`.
///
/// Ownership: a value type backed by a copy-on-write `[Float]`. Ops never mutate their inputs; they return a new
/// tensor. The `apply…`/`add…` mutating variants and the `consuming` methods reuse the storage when the caller holds
/// the only reference, so a layer can drop an activation the moment it has been consumed.
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension; `[]` is a scalar holding one element.
    public let shape: [Int]
    /// The elements in C order; `count == shape.product`.
    public private(set) var scalars: [Float]

    /// Wraps `scalars` as a tensor of `shape`; throws if the counts disagree or a dimension is negative.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = try Tensor.elementCount(of: shape, operation: "Tensor.init")
        guard count == scalars.count else {
            throw TensorError(operation: "Tensor.init",
                              message: "shape \(shape) needs \(count) elements but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` with every element equal to `value`.
    public init(repeating value: Float, shape: [Int]) throws {
        let count = try Tensor.elementCount(of: shape, operation: "Tensor.init(repeating:)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: count)
    }

    /// A tensor of `shape` filled with zeros.
    public init(zeros shape: [Int]) throws {
        try self.init(repeating: 0, shape: shape)
    }

    /// Trusted initialiser for ops that already validated `shape` against `scalars.count`.
    init(validatedShape shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Allocates storage for `shape` without zero-filling and lets `body` write every element once.
    /// The shape must already be validated by the caller (non-negative, no overflow).
    init(validatedShape shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try body(buffer)
            initialized = count
        }
    }

    /// Number of elements.
    public var count: Int { scalars.count }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Element strides in C order.
    public var strides: [Int] { Tensor.contiguousStrides(for: shape) }

    /// The element at a full multi-index (debugging and tests; ops work on buffers).
    public subscript(_ indices: Int...) -> Float {
        precondition(indices.count == shape.count, "index rank \(indices.count) != tensor rank \(shape.count)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "index \(index) out of range for axis \(axis) of \(shape)")
            offset = offset * shape[axis] + index
        }
        return scalars[offset]
    }

    /// Read-only access to the contiguous storage.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Mutable access to the contiguous storage (copies first if the storage is shared).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// The same elements viewed with another shape of equal element count. One dimension may be `-1` (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let resolved = try Tensor.resolve(newShape, count: count, from: shape)
        return Tensor(validatedShape: resolved, scalars: scalars)
    }

    /// Like `reshaped(_:)` but hands over the storage without a copy when this is the last use.
    public consuming func reshapedConsuming(_ newShape: [Int]) throws -> Tensor {
        let resolved = try Tensor.resolve(newShape, count: count, from: shape)
        return Tensor(validatedShape: resolved, scalars: scalars)
    }

    // MARK: - Shape helpers

    static func contiguousStrides(for shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Product of `shape`, rejecting negative extents and overflow.
    static func elementCount(of shape: [Int], operation: String) throws -> Int {
        var count = 1
        for extent in shape {
            guard extent >= 0 else {
                throw TensorError(operation: operation, message: "negative dimension in shape \(shape)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw TensorError(operation: operation, message: "element count of shape \(shape) overflows Int")
            }
            count = product
        }
        return count
    }

    private static func resolve(_ newShape: [Int], count: Int, from oldShape: [Int]) throws -> [Int] {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
            throw TensorError(operation: "reshape", message: "invalid target shape \(newShape)")
        }
        var resolved = newShape
        if let axis = inferred.first {
            let known = try elementCount(of: newShape.filter { $0 != -1 }, operation: "reshape")
            guard known > 0, count % known == 0 else {
                throw TensorError(operation: "reshape", message: "cannot infer -1 in \(newShape) from \(oldShape)")
            }
            resolved[axis] = count / known
        }
        let newCount = try elementCount(of: resolved, operation: "reshape")
        guard newCount == count else {
            throw TensorError(operation: "reshape",
                              message: "cannot view shape \(oldShape) (\(count) elements) as \(resolved)")
        }
        return resolved
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape))" }
}

extension Tensor {
    /// The elements' float32 bytes, little-endian, in C order: what a digest of a tensor is computed over.
    public func littleEndianBytes() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * 4)
        for value in scalars {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }
}
