/// Runs of floats transformed in place eight at a time, the tail padded into one more vector, so every element
/// goes through the same arithmetic wherever it sits in the run.
enum VectorLoop {
    typealias Lanes = SIMD8<Float>

    @inline(__always)
    static func update(_ values: UnsafeMutablePointer<Float>, count: Int, _ transform: (Lanes) -> Lanes) {
        let raw = UnsafeMutableRawPointer(values)
        let whole = count - count % 8
        var i = 0
        while i < whole {
            let y = transform(raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self))
            raw.storeBytes(of: y, toByteOffset: i * 4, as: Lanes.self)
            i += 8
        }
        if whole < count {
            var tail = Lanes()
            for j in whole..<count { tail[j - whole] = values[j] }
            let y = transform(tail)
            for j in whole..<count { values[j] = y[j - whole] }
        }
    }
}
