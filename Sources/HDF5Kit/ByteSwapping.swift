/// Reverses the bytes of each `elementSize`-byte element in place (big-endian files, or big-endian hosts).
enum ByteSwapping {
    static func swapElements(_ buffer: UnsafeMutableRawBufferPointer, elementSize: Int) {
        guard elementSize > 1, let base = buffer.baseAddress else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var start = 0
        while start + elementSize <= buffer.count {
            var low = start
            var high = start + elementSize - 1
            while low < high {
                let byte = bytes[low]
                bytes[low] = bytes[high]
                bytes[high] = byte
                low += 1
                high -= 1
            }
            start += elementSize
        }
    }
}
