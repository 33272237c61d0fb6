import VVAERuntime

/// How far one tensor is from a reference: what `vvae validate` prints per layer.
struct LayerErrors {
    /// The element where the two differ most.
    struct Largest {
        let flatIndex: Int
        let ours: Float
        let reference: Float
    }

    let maxAbs: Double
    /// `maxAbs` relative to the reference's largest magnitude: independent of the layer's scale.
    let maxRel: Double
    /// nil when the two are equal, or when their shapes differ (`shapeMismatch` then says how).
    let largest: Largest?
    /// Both shapes, when ours is not the reference's.
    let shapeMismatch: (ours: [Int], reference: [Int])?

    /// Compares element by element; a shape difference is reported as an infinite error.
    init(_ ours: Tensor, reference: Tensor) {
        guard ours.shape == reference.shape else {
            maxAbs = .infinity
            maxRel = .infinity
            largest = nil
            shapeMismatch = (ours.shape, reference.shape)
            return
        }
        var worst = 0.0
        var scale = 0.0
        var worstIndex = 0
        let (a, b) = (ours.scalars, reference.scalars)
        for index in a.indices {
            let difference = abs(Double(a[index]) - Double(b[index]))
            scale = max(scale, abs(Double(b[index])))
            if difference > worst || difference.isNaN {
                worst = difference.isNaN ? .infinity : difference
                worstIndex = index
            }
        }
        maxAbs = worst
        maxRel = worst / max(scale, 1e-30)
        largest = worst > 0 ? Largest(flatIndex: worstIndex, ours: a[worstIndex], reference: b[worstIndex]) : nil
        shapeMismatch = nil
    }

    /// The line printed under a failing layer.
    var firstMismatch: String? {
        if let shapeMismatch { return "shape \(shapeMismatch.ours) vs reference \(shapeMismatch.reference)" }
        return largest.map { "largest difference at flat index \($0.flatIndex): ours \($0.ours), reference \($0.reference)" }
    }
}
