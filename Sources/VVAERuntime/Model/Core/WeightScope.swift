import VVAEWeights

/// Where a layer's parameters live: a weight file and the dotted module name, so `scope.tensor("weight", …)` reads
/// `<module name>.weight` and a missing or mis-shaped tensor is reported under its full key.
struct WeightScope: Sendable {
    let weights: any TensorStore
    /// The module's qualified name as in PyTorch's `named_modules()` ("" for the root model).
    let name: String

    init(weights: any TensorStore, name: String = "") {
        self.weights = weights
        self.name = name
    }

    /// The scope of a submodule (`"down"`, `"0"`, `"conv1"` …).
    func child(_ component: String) -> WeightScope {
        WeightScope(weights: weights, name: name.isEmpty ? component : "\(name).\(component)")
    }

    func child(_ index: Int) -> WeightScope { child(String(index)) }

    /// The float32 tensor `<name>.<parameter>`, checked against `shape` before it is read.
    func tensor(_ parameter: String, shape: [Int]) throws -> Tensor {
        let key = name.isEmpty ? parameter : "\(name).\(parameter)"
        guard let entry = weights.entry(key) else {
            throw ModelError(.missingWeight, file: weights.path, key: key,
                             "missing from the weight file (the config's architecture needs a \(shape) tensor there)")
        }
        guard entry.shape == shape else {
            throw ModelError(.weightShape, file: weights.path, key: key,
                             "has shape \(entry.shape) but the config's architecture needs \(shape)")
        }
        return try Tensor(shape: shape, scalars: try weights.floats(key))
    }
}
