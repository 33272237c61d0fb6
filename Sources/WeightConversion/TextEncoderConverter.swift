import Foundation
import HDF5Kit
import TextTokenizer
import TorchCheckpoint
import VVAERuntime
import VVAESupport
import VVAEFormats
import VVAEWeights

/// A Hugging Face T5 folder (`config.json`, `model.safetensors` or `pytorch_model.bin`, sharded or not, and
/// `spiece.model` and/or `tokenizer.json`) → one vvae text-encoder file: the encoder's tensors only (decoder and
/// `lm_head` dropped), `config.json` and the tokenizer inside. Weights are read by vvae's own readers, one tensor
/// in memory at a time; the output appears only when complete.
public struct TextEncoderConverter: Sendable {
    public struct Result: Sendable {
        public let config: T5EncoderConfig
        public let tensorCount: Int
        public let parameterCount: Int
        public let droppedCount: Int
        public let weightFiles: [String]
        public let tokenizerSource: String
        /// How many tensors were stored as each element type.
        public let storedTypes: StoredTypeCounts
    }

    public let dtype: StoredDType
    public let overwrite: Bool
    public let toolVersion: String

    public init(dtype: StoredDType = .float32, overwrite: Bool = false, toolVersion: String) {
        self.dtype = dtype
        self.overwrite = overwrite
        self.toolVersion = toolVersion
    }

    /// Whether `path` is a folder that looks like a Hugging Face T5 model (it has a `config.json`).
    public static func isModelFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("config.json"))
    }

    @discardableResult
    public func convert(folder: String, outputPath: String) throws -> Result {
        try FileNameKind.checkOutput(outputPath, holds: [.hdf5], suggestion: "name it text-encoder.h5")
        _ = try AtomicOutput(destination: outputPath, overwrite: overwrite)
        let folderURL = URL(fileURLWithPath: folder)
        func file(_ name: String) -> String { folderURL.appendingPathComponent(name).path }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
        func read(_ name: String) throws -> [UInt8] {
            do { return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file(name)))) } catch {
                throw SupportError.cannotRead(path: file(name), reason: "cannot read it")
            }
        }

        let configBytes = try read("config.json")
        let config = try T5EncoderConfig(configJSON: configBytes, source: file("config.json"))
        guard let tokenizerName = T5TokenizerLoader.sourceFileNames.first(where: exists) else {
            throw SupportError.cannotRead(path: folder, reason: "has no tokenizer (spiece.model or tokenizer.json)")
        }
        let tokenizerConfig = exists("tokenizer_config.json") ? try read("tokenizer_config.json") : nil
        let tokenizerBytes = try read(tokenizerName)
        let tokenizer = try T5TokenizerLoader.tokenizer(fileName: tokenizerName, bytes: tokenizerBytes,
                                                        tokenizerConfigJSON: tokenizerConfig, source: file(tokenizerName))
        guard tokenizer.vocabularySize <= config.vocabularySize else {
            throw SupportError.cannotRead(path: file(tokenizerName), reason: "its ids reach \(tokenizer.vocabularySize - 1), beyond the model's vocab_size \(config.vocabularySize)")
        }

        let sources = try WeightSources(folder: folder)
        let expected = config.expectedTensors
        var plan: [(key: String, source: String, archive: any TensorArchive, tensor: ArchivedTensor)] = []
        for (key, shape) in expected {
            let candidates = key == "shared.weight" ? ["shared.weight", "encoder.embed_tokens.weight"] : [key]
            guard let name = candidates.first(where: { sources.tensor($0) != nil }), let (archive, tensor) = sources.tensor(name) else {
                throw SupportError.cannotRead(path: sources.description, reason: "has no tensor '\(key)' (a \(shape) tensor the config's T5 encoder needs)")
            }
            guard tensor.shape == shape else {
                throw SupportError.cannotRead(path: archive.path, reason: "tensor '\(name)' has shape \(tensor.shape), the config's T5 encoder needs \(shape)")
            }
            guard dtype.elementType(for: tensor.dtype) != nil, tensor.dtype.isFloatingPoint else {
                throw SupportError.cannotRead(path: archive.path, reason: "tensor '\(name)' is \(tensor.dtype.rawValue), not a floating-point type")
            }
            plan.append((key, name, archive, tensor))
        }
        if let (archive, embedTokens) = sources.tensor("encoder.embed_tokens.weight"), plan[0].source == "shared.weight",
           embedTokens.shape == plan[0].tensor.shape,
           try archive.readData(named: "encoder.embed_tokens.weight") != (try plan[0].archive.readData(named: "shared.weight")) {
            throw SupportError.cannotRead(path: archive.path, reason: "shared.weight and encoder.embed_tokens.weight differ; transformers' T5EncoderModel ties them to shared.weight, so this checkpoint is ambiguous")
        }

        let writer = try WeightFileWriter(destination: outputPath, overwrite: overwrite)
        var header = TextEncoderFileHeader(configJSON: String(decoding: configBytes, as: UTF8.self),
                                           tokenizerConfigJSON: tokenizerConfig.map { String(decoding: $0, as: UTF8.self) },
                                           tokenizerSource: tokenizerName, sourceFolder: folderURL.lastPathComponent,
                                           sourceFiles: sources.fileNames.joined(separator: ", "), dtype: dtype.rawValue,
                                           toolVersion: toolVersion)
        try writer.writeBlob(datasetPath: TextEncoderFileFormat.tokenizerDatasetPath(tokenizerName), bytes: tokenizerBytes)
        var storedNames: [String] = []
        for entry in plan {
            guard let stored = dtype.elementType(for: entry.tensor.dtype) else { continue }
            storedNames.append(stored.rawValue)
            let bytes = ElementConversion.convert(try entry.archive.readData(named: entry.source), from: entry.tensor.dtype, to: stored)
            try writer.write(key: entry.key, elementType: stored, shape: entry.tensor.shape, bytes: bytes, sourceDType: entry.tensor.dtype.rawValue)
        }
        header.sourceSHA256 = try sources.combinedDigest()
        try writer.finish(header: header)
        let kept = Set(plan.map(\.source))
        return Result(config: config, tensorCount: plan.count, parameterCount: plan.reduce(0) { $0 + $1.tensor.elementCount },
                      droppedCount: sources.allNames.filter { !kept.contains($0) }.count,
                      weightFiles: sources.fileNames, tokenizerSource: tokenizerName,
                      storedTypes: StoredTypeCounts(storedNames))
    }
}

/// The weight files of a Hugging Face folder: one `model.safetensors` / `pytorch_model.bin`, or the shards its
/// `*.index.json` names; each tensor found in exactly one of them.
struct WeightSources {
    let archives: [any TensorArchive]
    let fileNames: [String]
    private let byName: [String: (archive: Int, tensor: ArchivedTensor)]
    let description: String

    init(folder: String) throws {
        let url = URL(fileURLWithPath: folder)
        let manager = FileManager.default
        var names: [String] = []
        for (single, index) in [("model.safetensors", "model.safetensors.index.json"), ("pytorch_model.bin", "pytorch_model.bin.index.json")] {
            if manager.fileExists(atPath: url.appendingPathComponent(single).path) { names = [single]; break }
            let indexPath = url.appendingPathComponent(index).path
            if manager.fileExists(atPath: indexPath) {
                guard let data = manager.contents(atPath: indexPath),
                      case .object(let map)? = (try? StrictJSON.parse([UInt8](data)))?["weight_map"] else {
                    throw SupportError.cannotRead(path: indexPath, reason: "not a weight index (no weight_map object)")
                }
                names = Array(Set(map.compactMap { $0.value.stringValue })).sorted()
                guard !names.isEmpty, names.allSatisfy({ !$0.contains("/") && $0 != ".." }) else {
                    throw SupportError.cannotRead(path: indexPath, reason: "its weight_map names no shard files in this folder")
                }
                break
            }
        }
        guard !names.isEmpty else {
            throw SupportError.cannotRead(path: folder, reason: "has no model.safetensors or pytorch_model.bin (nor a sharded index of either)")
        }
        archives = try names.map { try TensorArchives.open(url.appendingPathComponent($0).path) }
        fileNames = names
        var byName: [String: (Int, ArchivedTensor)] = [:]
        for (index, archive) in archives.enumerated() {
            for tensor in archive.archivedTensors {
                if let earlier = byName[tensor.name] {
                    throw SupportError.cannotRead(path: archive.path, reason: "tensor '\(tensor.name)' is also in \(names[earlier.0])")
                }
                byName[tensor.name] = (index, tensor)
            }
        }
        self.byName = byName
        description = names.count == 1 ? url.appendingPathComponent(names[0]).path : "\(folder) (\(names.count) shards)"
    }

    var allNames: [String] { Array(byName.keys) }

    func tensor(_ name: String) -> (any TensorArchive, ArchivedTensor)? {
        byName[name].map { (archives[$0.archive], $0.tensor) }
    }

    /// SHA-256 over each file's SHA-256 and name, in name order: one identity for the whole set.
    func combinedDigest() throws -> String {
        var summary = ""
        for archive in archives {
            summary += try StreamingDigest.hexDigest(ofFileAt: archive.path) + "  " + URL(fileURLWithPath: archive.path).lastPathComponent + "\n"
        }
        return archives.count == 1 ? String(summary.prefix(64)) : StreamingDigest.hexDigest(of: Array(summary.utf8))
    }
}
