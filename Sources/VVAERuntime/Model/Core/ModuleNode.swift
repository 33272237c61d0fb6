/// A module of the model tree, addressable by its PyTorch name so one module can be run alone on recorded inputs.
protocol ModuleNode: Sendable {
    /// Qualified name as in PyTorch's `named_modules()`.
    var name: String { get }
    /// Direct submodules (only those that hold weights or are called; `Dropout`s included).
    var children: [any ModuleNode] { get }
    /// Runs this module alone on `inputs`, as its PyTorch forward would.
    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor
}

extension ModuleNode {
    var children: [any ModuleNode] { [] }

    /// The module called `target` in this subtree.
    func find(_ target: String) -> (any ModuleNode)? {
        if name == target { return self }
        for child in children where target == child.name || target.hasPrefix(child.name + ".") {
            if let found = child.find(target) { return found }
        }
        return nil
    }

    /// Every module name in this subtree, parents before children.
    func allNames() -> [String] {
        [name] + children.flatMap { $0.allNames() }
    }
}
