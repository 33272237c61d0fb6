/// Copies a strided tensor's elements out of the storage span it touches into C order.
enum StridedGather {
    static func gather(_ span: [UInt8], _ tensor: TensorRecord) -> [UInt8] {
        let size = tensor.dtype.byteSize
        let count = tensor.elementCount
        var out = [UInt8](repeating: 0, count: count * size)
        let rank = tensor.rank
        var index = [Int](repeating: 0, count: rank)
        var source = 0  // element offset relative to the span start
        for element in 0..<count {
            let from = source * size
            let to = element * size
            for b in 0..<size { out[to + b] = span[from + b] }
            // Advance the odometer, innermost axis first.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                source += tensor.strides[axis]
                if index[axis] < tensor.shape[axis] { break }
                source -= tensor.strides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
