import VVAERuntime

/// How far one tensor is from a reference: what `vvae validate` prints per layer.
struct LayerErrors {
    let maxAbs: Double
    /// `maxAbs` relative to the reference's largest magnitude: independent of the layer's scale.
    let maxRel: Double
    let firstMismatch: String?

    /// Compares element by element; a shape difference is reported as an infinite error.
    init(_ ours: Tensor, reference: Tensor) {
        guard ours.shape == reference.shape else {
            maxAbs = .infinity
            maxRel = .infinity
            firstMismatch = "shape \(ours.shape) vs reference \(reference.shape)"
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
        firstMismatch = worst > 0 ? "largest difference at flat index \(worstIndex): ours \(ours.scalars[worstIndex]), reference \(reference.scalars[worstIndex])" : nil
    }
}
