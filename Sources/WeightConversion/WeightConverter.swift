import Foundation
import HDF5Kit
import TorchCheckpoint
import VVAESupport
import VVAEWeights

/// Checkpoint → HDF5 weight file: find the state dict, pick or check the model config, then stream the tensors one
/// at a time into a temporary file that becomes the output only when everything was written.
public struct WeightConverter: Sendable {
    public struct Options: Sendable {
        public var dtype: StoredDType
        public var overwrite: Bool
        public var quiet: Bool
        public var toolVersion: String

        public init(dtype: StoredDType = .float32, overwrite: Bool = false, quiet: Bool = true, toolVersion: String) {
            self.dtype = dtype
            self.overwrite = overwrite
            self.quiet = quiet
            self.toolVersion = toolVersion
        }
    }

    public struct Result: Sendable {
        public let model: ModelDescription
        public let mapping: StateDictMapping
        public let tensorCount: Int64
        public let parameterCount: Int64
        public let outputPath: String
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The checkpoint's tensors as the mapping sees them.
    public static func sourceTensors(of checkpoint: Checkpoint) -> [SourceTensor] {
        checkpoint.tensors.map { SourceTensor(name: $0.name, shape: $0.tensor.shape) }
    }

    /// The embed_dim a checkpoint's quant conv implies (`quant_conv.weight` is `[2·embed_dim, 2·z, 1, 1, 1]`).
    public static func embedDimFromQuantConv(_ tensors: [SourceTensor]) -> Int? {
        let quant = tensors.first { tensor in
            let key = tensor.key
            return (key == "quant_conv.weight" || key.hasSuffix(".quant_conv.weight")) && !key.hasSuffix("post_quant_conv.weight")
        }
        guard let rows = quant?.shape.first, rows > 0, rows % 2 == 0 else { return nil }
        return rows / 2
    }

    /// Picks the model whose expected weights the checkpoint matches exactly; the first exact one wins. Without an
    /// exact match, throws the closest candidate's differences.
    public static func selectModel(for file: String, tensors: [SourceTensor], candidates: [ModelCandidate])
        throws -> (ModelDescription, StateDictMapping) {
        guard !tensors.isEmpty else { throw ConversionError.noTensors(file: file) }
        let embedDim = embedDimFromQuantConv(tensors)
        var ranking: [(model: String, matched: Int, expected: Int)] = []
        var closest: (ModelDescription, StateDictMapping)?
        for candidate in candidates {
            let model: ModelDescription
            do {
                model = try candidate.describe(embedDim)
            } catch {
                if candidates.count == 1 { throw ConversionError.configFailed(model: candidate.name, reason: "\(error)") }
                continue
            }
            let mapping = StateDictMapping(tensors: tensors, expected: model.expected, ignoredPrefixes: model.ignoredPrefixes)
            if mapping.isExact { return (model, mapping) }
            ranking.append((model.name, mapping.score, model.expected.count))
            if closest == nil || mapping.score > (closest?.1.score ?? 0) { closest = (model, mapping) }
        }
        if candidates.count == 1, let (model, mapping) = closest {
            throw ConversionError.mismatch(file: file, model: model.name, mapping: mapping)
        }
        throw ConversionError.noMatchingConfig(file: file, ranking: ranking, closest: closest?.1, closestModel: closest?.0.name)
    }

    /// Converts `checkpointPath` into a weight file at `outputPath`. Nothing is created unless every tensor was written.
    @discardableResult
    public func convert(checkpointPath: String, outputPath: String, candidates: [ModelCandidate]) throws -> Result {
        // Refuse an existing output or a bad folder before reading anything large.
        _ = try AtomicOutput(destination: outputPath, overwrite: options.overwrite)
        let checkpoint = try Checkpoint(path: checkpointPath)
        let tensors = Self.sourceTensors(of: checkpoint)
        let (model, mapping) = try Self.selectModel(for: checkpointPath, tensors: tensors, candidates: candidates)

        var plan: [(mapped: MappedTensor, record: TensorRecord, type: HDF5ElementType)] = []
        for mapped in mapping.matched {
            guard let record = checkpoint.tensor(named: mapped.source.name) else {
                throw ConversionError.noTensors(file: checkpointPath)
            }
            guard let type = options.dtype.elementType(for: record.dtype) else {
                throw ConversionError.unsupportedDType(file: checkpointPath, key: mapped.source.name, dtype: record.dtype.rawValue)
            }
            plan.append((mapped, record, type))
        }

        let sourceSize = (try FileManager.default.attributesOfItem(atPath: checkpointPath)[.size] as? NSNumber)?.int64Value ?? 0
        let sourceDigest = try SHA256.hexDigest(ofFileAt: checkpointPath)
        let writer = try WeightFileWriter(destination: outputPath, overwrite: options.overwrite)
        typealias Key = WeightFileFormat.RootAttribute
        try writer.setRootAttribute(Key.configYAML, .string(model.yamlText))
        try writer.setRootAttribute(Key.configName, .string(model.name))
        if let embedDim = model.embedDim { try writer.setRootAttribute(Key.embedDim, .int64(Int64(embedDim))) }
        try writer.setRootAttribute(Key.sourceFile, .string(URL(fileURLWithPath: checkpointPath).lastPathComponent))
        try writer.setRootAttribute(Key.sourceSize, .int64(sourceSize))
        try writer.setRootAttribute(Key.sourceSHA256, .string(sourceDigest))
        try writer.setRootAttribute(Key.sourceFormat, .string(checkpoint.format.rawValue))
        try writer.setRootAttribute(Key.dtype, .string(options.dtype.rawValue))
        try writer.setRootAttribute(Key.toolVersion, .string(options.toolVersion))

        let progress = ProgressBar(total: plan.count, label: "converting", quiet: options.quiet)
        for item in plan {
            let raw = try checkpoint.readData(item.record)
            let stored = ElementConversion.convert(raw, from: item.record.dtype, to: item.type)
            try writer.write(key: item.mapped.key, elementType: item.type, shape: item.record.shape, bytes: stored,
                             sourceDType: item.record.dtype.rawValue)
            progress.advance(detail: item.mapped.key)
        }
        progress.finish()
        try writer.finish()
        return Result(model: model, mapping: mapping, tensorCount: writer.tensorCount,
                      parameterCount: writer.parameterCount, outputPath: outputPath)
    }
}
