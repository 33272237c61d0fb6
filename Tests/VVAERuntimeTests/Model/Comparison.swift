import Testing
import VVAERuntime

/// How far one tensor is from another, and where the first element beyond a bound is.
struct Comparison: CustomStringConvertible {
    let maxAbsError: Double
    /// `maxAbsError / max(|reference|)`: the error relative to the tensor's magnitude.
    let relativeToMagnitude: Double
    let magnitude: Double
    let worstIndex: Int

    init(_ ours: [Float], _ reference: [Double]) {
        var maxError = 0.0
        var magnitude = 0.0
        var worst = 0
        for i in reference.indices {
            let error = abs(Double(ours[i]) - reference[i])
            if !(error <= maxError) { maxError = error; worst = i }  // NaN counts as worst
            magnitude = max(magnitude, abs(reference[i]))
        }
        maxAbsError = maxError
        self.magnitude = magnitude
        relativeToMagnitude = maxError / max(magnitude, .leastNormalMagnitude)
        worstIndex = worst
    }

    init(_ ours: Tensor, _ reference: Tensor) {
        self.init(ours.scalars, reference.scalars.map(Double.init))
    }

    var description: String {
        "max abs \(String(format: "%.3g", maxAbsError)), relative to max |x| \(String(format: "%.3g", magnitude)): \(String(format: "%.3g", relativeToMagnitude))"
    }

    /// First element `i` with `|ours − reference| > bound`, for the failure message.
    static func firstBeyond(_ bound: Double, _ ours: [Float], _ reference: [Double]) -> Int? {
        reference.indices.first { !(abs(Double(ours[$0]) - reference[$0]) <= bound) }
    }
}

/// Unravels a flat C-order index into a multi-index of `shape`.
func multiIndex(_ flat: Int, in shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count)
    var remainder = flat
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
        index[axis] = remainder % shape[axis]
        remainder /= shape[axis]
    }
    return index
}
