/// The arguments of one module call, named as in the golden recordings (`input0`, `input1`, `context`, `mask`,
/// `rp0`, `rp1`): tensors, plus the Python reprs of non-tensor arguments (`"None"`, `"False"`, `"8"`).
/// Used to run a single module on recorded inputs.
public struct ModuleInputs: Sendable {
    public var tensors: [String: Tensor]
    public var literals: [String: String]

    public init(tensors: [String: Tensor] = [:], literals: [String: String] = [:]) {
        self.tensors = tensors
        self.literals = literals
    }

    /// A call with a single positional tensor.
    public init(_ input: Tensor) {
        self.init(tensors: ["input0": input])
    }

    func tensor(_ name: String, module: String) throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw ModelError(.invalidInput, key: module, "needs a tensor argument '\(name)'")
        }
        return tensor
    }

    /// A boolean argument given as a Python literal ("True"/"False"); `defaultValue` when absent or "None".
    func flag(_ name: String, default defaultValue: Bool, module: String) throws -> Bool {
        switch literals[name] {
        case nil, "None": return defaultValue
        case "True": return true
        case "False": return false
        case let other?:
            throw ModelError(.invalidInput, key: module, "argument '\(name)' must be True or False, got \(other)")
        }
    }

    func integer(_ name: String, module: String) throws -> Int {
        guard let text = literals[name], let value = Int(text) else {
            throw ModelError(.invalidInput, key: module, "needs an integer argument '\(name)', got \(literals[name] ?? "nothing")")
        }
        return value
    }

    /// Text conditioning passed as tensors `embeddingsName` / `maskName` (either may be absent).
    func text(embeddings embeddingsName: String, mask maskName: String, module: String) throws -> TextCondition? {
        guard let embeddings = tensors[embeddingsName] else { return nil }
        return try TextCondition(embeddings: embeddings, mask: tensors[maskName])
    }
}
