/// Mean and inverse standard deviation of a run of floats, in Double with two passes (mean first, then squared
/// deviations), so large offsets do not cancel: the statistics GroupNorm and LayerNorm share.
///
/// Eight Double partial sums (lanes of a vector) instead of one running sum: the loop vectorises, and
/// pairwise-style partial sums lose less than one long chain.
enum NormStatistics {
    typealias Lanes = SIMD8<Double>

    @inline(__always)
    static func meanAndInverseStd(_ values: UnsafeMutablePointer<Float>, count: Int, eps: Double) -> (mean: Double, invStd: Double) {
        let raw = UnsafeRawPointer(values)
        let whole = count - count % 8
        var sums = Lanes()
        var i = 0
        while i < whole {
            sums += Lanes(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            i += 8
        }
        var sum = sums.sum()
        for j in whole..<count { sum += Double(values[j]) }
        let mean = sum / Double(count)
        var squares = Lanes()
        i = 0
        while i < whole {
            let d = Lanes(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)) - mean
            squares += d * d
            i += 8
        }
        var squareSum = squares.sum()
        for j in whole..<count {
            let d = Double(values[j]) - mean
            squareSum += d * d
        }
        return (mean, 1.0 / (squareSum / Double(count) + eps).squareRoot())
    }
}
