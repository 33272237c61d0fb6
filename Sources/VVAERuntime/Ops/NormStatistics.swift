/// Mean and inverse standard deviation of a run of floats, in Double with two passes (mean first, then squared
/// deviations), so large offsets do not cancel: the statistics GroupNorm and LayerNorm share.
enum NormStatistics {
    @inline(__always)
    static func meanAndInverseStd(_ values: UnsafeMutablePointer<Float>, count: Int, eps: Double) -> (mean: Double, invStd: Double) {
        var sum = 0.0
        for i in 0..<count { sum += Double(values[i]) }
        let mean = sum / Double(count)
        var squares = 0.0
        for i in 0..<count {
            let d = Double(values[i]) - mean
            squares += d * d
        }
        return (mean, 1.0 / (squares / Double(count) + eps).squareRoot())
    }
}
