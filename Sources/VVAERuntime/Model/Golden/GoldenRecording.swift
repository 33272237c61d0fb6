import HDF5Kit
import VVAEFormats

/// A per-module recording of a reference run (`golden.h5`, see Fixtures/generators/README-golden.md): for each call
/// of each module its inputs and output, in execution order, plus whole-pipeline datasets. Lets a porter run any
/// one module on exactly the inputs the reference saw.
public final class GoldenRecording: @unchecked Sendable {
    /// One module call, as listed in the root attribute `call_order`.
    public typealias Call = GoldenFileHeader.Call

    public let path: String
    /// The recording's root attributes, checked.
    public let header: GoldenFileHeader
    public var calls: [Call] { header.calls }
    private let file: HDF5File

    /// Tensor argument names a call group may hold besides positional `input<i>`.
    static let keywordTensorNames = ["context", "mask", "rp0", "rp1"]
    static let maximumPositionalInputs = 8

    public init(path: String) throws {
        self.path = path
        file = try HDF5File.open(atPath: path)
        header = try GoldenFileHeader.read(from: file, path: path)
    }

    /// The recorded arguments of `call`: tensors by dataset name, other arguments as their Python repr.
    public func inputs(of call: Call) throws -> ModuleInputs {
        var inputs = ModuleInputs()
        let group = call.groupPath
        for name in (0..<Self.maximumPositionalInputs).map({ "input\($0)" }) + Self.keywordTensorNames
        where try file.objectKind(at: "\(group)/\(name)") == .dataset {
            inputs.tensors[name] = try tensor(at: "\(group)/\(name)")
        }
        for name in try file.attributeNames(on: group) where name != "order" {
            inputs.literals[name] = try file.attribute(name, on: group).description
        }
        return inputs
    }

    /// The recorded output of `call`, nil when it returned no tensor.
    public func output(of call: Call) throws -> Tensor? {
        let dataset = "\(call.groupPath)/output"
        return try file.objectKind(at: dataset) == .dataset ? try tensor(at: dataset) : nil
    }

    /// The PyTorch class of `module` (attribute `type`), e.g. "Conv3d".
    public func moduleType(_ module: String) throws -> String {
        try file.stringAttribute("type", on: "/modules/\(module)")
    }

    /// Any float32 dataset, e.g. `/input` or `/encode/latent`.
    public func tensor(at datasetPath: String) throws -> Tensor {
        let info = try file.datasetInfo(datasetPath)
        return try Tensor(shape: info.shape, scalars: try file.readFloat32(datasetPath))
    }

    /// Whether a dataset exists (e.g. `/text_embeddings`, `/sample/noise`).
    public func hasDataset(_ datasetPath: String) throws -> Bool {
        try file.objectKind(at: datasetPath) == .dataset
    }

    /// A root attribute as text (`model`, `mask_temporal`, …).
    public func attribute(_ name: String, on objectPath: String = "/") throws -> String {
        try file.attribute(name, on: objectPath).description
    }
}
