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
        public var format: WeightOutputFormat
        public var overwrite: Bool
        public var quiet: Bool
        public var toolVersion: String
        /// Threads that hash and copy at once (default: every core).
        public var threads: Int

        public init(dtype: StoredDType = .float32, format: WeightOutputFormat = .hdf5, overwrite: Bool = false,
                    quiet: Bool = true, toolVersion: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.dtype = dtype
            self.format = format
            self.overwrite = overwrite
            self.quiet = quiet
            self.toolVersion = toolVersion
            self.threads = max(threads, 1)
        }
    }

    public struct Result: Sendable {
        public let model: ModelDescription
        public let mapping: StateDictMapping
        public let tensorCount: Int64
        public let parameterCount: Int64
        public let outputPath: String
        /// How many tensors were stored as each element type (what `--dtype keep` kept, or what a cast gave).
        public let storedTypes: StoredTypeCounts
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The checkpoint's tensors as the mapping sees them.
    public static func sourceTensors(of archive: any TensorArchive) -> [SourceTensor] {
        archive.archivedTensors.map { SourceTensor(name: $0.name, shape: $0.shape) }
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

    /// Converts `checkpointPath` (a PyTorch checkpoint or a safetensors file) into a weight file at `outputPath`.
    /// Nothing is created unless every tensor was written.
    ///
    /// The source is read once for its own SHA-256 (mapped in place, on one thread) while the other threads hash
    /// each tensor's bytes and copy them into their reserved place in the output — inside the kernel when no
    /// conversion is needed — so the work runs at the speed of hashing, and memory holds a few tensors at most.
    @discardableResult
    public func convert(checkpointPath: String, outputPath: String, candidates: [ModelCandidate]) throws -> Result {
        // Refuse an existing output, a bad folder or a name promising another format before reading anything large.
        let renamed = URL(fileURLWithPath: outputPath).deletingPathExtension().appendingPathExtension(options.format.fileExtension).lastPathComponent
        try FileNameKind.checkOutput(outputPath, holds: [options.format.fileNameKind],
                                     suggestion: "name it \(renamed)" + (WeightOutputFormat.implied(by: outputPath).map { ", or pass --format \($0.rawValue)" } ?? ""))
        _ = try AtomicOutput(destination: outputPath, overwrite: options.overwrite)
        let archive = try TensorArchives.open(checkpointPath)
        let source = try MappedReader(path: checkpointPath)
        let (model, mapping) = try Self.selectModel(for: checkpointPath, tensors: Self.sourceTensors(of: archive),
                                                    candidates: candidates)
        let dtypes = Dictionary(archive.archivedTensors.map { ($0.name, $0.dtype) }, uniquingKeysWith: { first, _ in first })
        var plan: [PlannedTensor] = []
        for mapped in mapping.matched {
            guard let dtype = dtypes[mapped.source.name] else { throw ConversionError.noTensors(file: checkpointPath) }
            guard let type = options.dtype.elementType(for: dtype) else {
                throw ConversionError.unsupportedDType(file: checkpointPath, key: mapped.source.name, dtype: dtype.rawValue)
            }
            plan.append(PlannedTensor(key: mapped.key, sourceName: mapped.source.name, sourceDType: dtype,
                                      storedType: type, shape: mapped.source.shape))
        }
        let metadata = ConversionMetadata(model: model, sourceFile: URL(fileURLWithPath: checkpointPath).lastPathComponent,
                                          sourceSize: Int64(source.size), sourceFormat: archive.formatName,
                                          dtype: options.dtype, toolVersion: options.toolVersion)
        let output: ConversionOutput = switch options.format {
        case .hdf5: try HDF5ConversionOutput(destination: outputPath, overwrite: options.overwrite, plan: plan, metadata: metadata)
        case .safetensors: try SafeTensorsConversionOutput(destination: outputPath, overwrite: options.overwrite, plan: plan, metadata: metadata)
        }

        let bar = ProgressBar(total: source.size, label: "converting", counting: .bytes, quiet: options.quiet)
        bar.show()
        let digests: TensorCopier.Digests
        do {
            digests = try TensorCopier(archive: archive, source: source, offsets: output.offsets, rawData: output.rawData,
                                       plan: plan, progress: bar, threads: options.threads).run()
        } catch {
            bar.finish()  // the error starts on a line of its own
            throw error
        }
        bar.complete()
        bar.finish()
        try output.finish(sourceSHA256: digests.source, tensorSHA256: digests.tensors)
        return Result(model: model, mapping: mapping, tensorCount: Int64(plan.count),
                      parameterCount: Int64(plan.reduce(0) { $0 + $1.elementCount }), outputPath: outputPath,
                      storedTypes: StoredTypeCounts(plan.map(\.storedType.rawValue)))
    }
}
