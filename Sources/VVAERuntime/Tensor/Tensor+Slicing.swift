extension Tensor {
    /// Elements `range` of `axis` (all of every other axis), copied contiguously.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let axis = try resolveAxis(axis, operation: "slice")
        guard range.lowerBound >= 0, range.upperBound <= shape[axis] else {
            throw TensorError(operation: "slice", message: "range \(range) outside axis \(axis) of \(shape)")
        }
        if range.count == shape[axis] { return self }
        var outShape = shape
        outShape[axis] = range.count
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let block = range.count * inner
        let sourceBlock = shape[axis] * inner
        let first = range.lowerBound * inner
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress, block > 0 else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                for o in 0..<outer {
                    (out + o * block).initialize(from: x + o * sourceBlock + first, count: block)
                }
            }
        }
    }

    /// Channels `range` of `[B, C, …]`.
    public func channels(_ range: Range<Int>) throws -> Tensor { try slice(axis: 1, range) }

    /// Frames `range` of `[B, C, T, H, W]`.
    public func frames(_ range: Range<Int>) throws -> Tensor {
        guard rank == 5 else {
            throw TensorError(operation: "frames", message: "input must be [B, C, T, H, W], got \(shape)")
        }
        return try slice(axis: 2, range)
    }

    /// Joins tensors along `axis`; every other dimension must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError(operation: "concatenate", message: "no tensors given")
        }
        let axis = try first.resolveAxis(axis, operation: "concatenate")
        for tensor in tensors {
            var a = tensor.shape
            var b = first.shape
            guard a.count == b.count else {
                throw TensorError(operation: "concatenate", message: "ranks differ: \(tensor.shape) and \(first.shape)")
            }
            a[axis] = 0
            b[axis] = 0
            guard a == b else {
                throw TensorError(operation: "concatenate",
                                  message: "shapes \(tensor.shape) and \(first.shape) differ off axis \(axis)")
            }
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let outBlock = outShape[axis] * inner
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            var position = 0
            for tensor in tensors {
                let block = tensor.shape[axis] * inner
                tensor.withUnsafeBufferPointer { input in
                    guard let x = input.baseAddress, block > 0 else { return }
                    for o in 0..<outer {
                        (out + o * outBlock + position).initialize(from: x + o * block, count: block)
                    }
                }
                position += block
            }
        }
    }

    /// `[B, …]` → `[B·times, …]` with each batch entry repeated `times` times in a row
    /// (einops `"b n d -> (b t) n d"`, e.g. text tokens shared by every frame).
    public func repeatingEachBatchEntry(_ times: Int) throws -> Tensor {
        guard rank >= 1, times >= 1 else {
            throw TensorError(operation: "repeatingEachBatchEntry",
                              message: "need rank >= 1 and times >= 1, got \(shape) and \(times)")
        }
        let entry = count / max(shape[0], 1)
        var outShape = shape
        outShape[0] *= times
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress, entry > 0 else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                for b in 0..<shape[0] {
                    for r in 0..<times {
                        (out + (b * times + r) * entry).initialize(from: x + b * entry, count: entry)
                    }
                }
            }
        }
    }
}
