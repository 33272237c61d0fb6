import ArgumentParser
import Foundation
import VideoVAEConfig
import WeightConversion

/// `vvae-convert`: checkpoint → HDF5 weight file.
public struct ConvertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a VideoVAE+ PyTorch checkpoint (or safetensors file) into a self-describing weight file.",
        discussion: """
        Reads the checkpoint with vvae's own unpickler (no code from the file runs), or a .safetensors file (told \
        apart by its content, not its name), finds the state dict (top level, state_dict, model, module, ema, ...), \
        strips wrapper prefixes (model., module., first_stage_model., vae.), drops training-only keys (the config's \
        ignore_keys_3d, default loss), checks every remaining key and shape against the model config, and writes one \
        HDF5 dataset per weight (see Docs/FORMAT.md), or, with --format safetensors or an output ending in \
        .safetensors, a safetensors file with the same names and the same facts in its __metadata__. Without \
        --config the shipped config that matches the checkpoint is chosen. The output appears only when complete.

        Given a Hugging Face T5 folder instead (config.json, model.safetensors or pytorch_model.bin, spiece.model \
        and/or tokenizer.json: what google/flan-t5-large's page offers), it writes a text-encoder file for the \
        text-guided models: the encoder's weights (decoder and lm_head dropped), config.json and the tokenizer.

        Examples:
          vvae-convert sota-4-16z.ckpt sota-4-16z.h5
          vvae-convert sota-4-4z-text.ckpt out.h5 --dtype bfloat16
          vvae-convert sota-4-16z.ckpt sota-4-16z.safetensors
          vvae-convert my-finetune.ckpt out.h5 --config my-config.yaml --force
          vvae-convert flan-t5-large/ t5.h5
        """
    )

    @Argument(help: "The checkpoint: PyTorch (.ckpt, .pt, .pth; zip or legacy container) or safetensors; or a Hugging Face T5 folder.")
    var checkpoint: String

    @Argument(help: "The weight file to write (.h5, or .safetensors).")
    var output: String

    @Option(name: .long, help: "Output format: hdf5 or safetensors. Default: from the output's extension, else hdf5.")
    var format: String?

    @Option(name: .long, help: "Threads that hash and copy (default: every core).")
    var threads: Int?

    @Option(name: .long, help: "The model's YAML config (upstream schema). Default: the shipped config that matches.")
    var config: String?

    @Option(name: .long, help: "Element type to store: float32 (default), float16, bfloat16, or keep (the checkpoint's own).")
    var dtype: String = "float32"

    @Flag(name: .long, help: "Overwrite the output if it exists.")
    var force = false

    @Flag(name: .long, help: "No progress bar and no summary.")
    var quiet = false

    public init() {}

    public func validate() throws {
        // The same usage error as every vvae command, before anything is read.
        if !force, FileManager.default.fileExists(atPath: output) {
            throw ValidationError("\(output): already exists (pass --force to overwrite)")
        }
        guard StoredDType(rawValue: dtype) != nil else {
            throw ValidationError("--dtype must be one of \(StoredDType.allCases.map(\.rawValue).joined(separator: ", ")); got '\(dtype)'")
        }
        if let format, WeightOutputFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(WeightOutputFormat.allCases.map(\.rawValue).joined(separator: ", ")); got '\(format)'")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// --format, else what the output's name says, else HDF5 (the runtime's format).
    var outputFormat: WeightOutputFormat {
        format.flatMap(WeightOutputFormat.init(rawValue:)) ?? WeightOutputFormat.implied(by: output) ?? .hdf5
    }

    public func run() throws {
        if TextEncoderConverter.isModelFolder(checkpoint) { return try convertTextEncoder() }
        let candidates: [ModelCandidate]
        if let config {
            let parsed = try VideoVAEModelConfig(contentsOf: URL(fileURLWithPath: config))
            candidates = [ModelCandidate(config: parsed, name: URL(fileURLWithPath: config).lastPathComponent)]
        } else {
            candidates = try ModelCandidate.shipped()
        }
        let converter = WeightConverter(options: .init(dtype: StoredDType(rawValue: dtype) ?? .float32, format: outputFormat,
                                                       overwrite: force, quiet: quiet, toolVersion: "vvae \(VVAEVersion.string)",
                                                       threads: threads ?? ProcessInfo.processInfo.activeProcessorCount))
        let started = Date()
        let result = try converter.convert(checkpointPath: checkpoint, outputPath: output, candidates: candidates)
        guard !quiet else { return }
        let mapping = result.mapping
        let place = mapping.container.isEmpty ? "the top level" : "'\(mapping.container)'"
        print("config: \(result.model.name)\(config == nil ? " (matched among the shipped configs)" : "")")
        print("state dict: \(place), \(mapping.matched.count) weights matched"
              + (mapping.dropped.isEmpty ? "" : ", \(mapping.dropped.count) training-only dropped (\(Self.droppedSummary(mapping)))"))
        print(String(format: "wrote %@ (%@): %lld tensors, %lld parameters, %@ in %.2f s", result.outputPath,
                     outputFormat.rawValue, result.tensorCount, result.parameterCount, storedText(result.storedTypes),
                     Date().timeIntervalSince(started)))
    }

    /// A Hugging Face T5 folder → text-encoder file.
    private func convertTextEncoder() throws {
        if config != nil { throw ValidationError("--config is for VideoVAE+ checkpoints; a T5 folder brings its own config.json") }
        if outputFormat != .hdf5 { throw ValidationError("a text encoder is written as HDF5 (.h5) only") }
        let started = Date()
        let result = try TextEncoderConverter(dtype: StoredDType(rawValue: dtype) ?? .float32, overwrite: force,
                                              toolVersion: "vvae \(VVAEVersion.string)")
            .convert(folder: checkpoint, outputPath: output)
        guard !quiet else { return }
        let config = result.config
        print("T5 encoder: \(config.layerCount) blocks, d_model \(config.modelWidth), \(config.headCount) heads, d_ff \(config.feedForwardWidth), vocabulary \(config.vocabularySize); tokenizer from \(result.tokenizerSource)")
        print("weights: \(result.weightFiles.joined(separator: ", ")), \(result.tensorCount) encoder tensors kept, \(result.droppedCount) dropped (decoder, lm_head, tied copies)")
        print(String(format: "wrote %@: %d tensors, %d parameters, %@ in %.2f s", output, result.tensorCount, result.parameterCount,
                     storedText(result.storedTypes), Date().timeIntervalSince(started)))
    }

    /// The types written; with `--dtype keep`, said to be the checkpoint's own.
    private func storedText(_ types: StoredTypeCounts) -> String {
        dtype == StoredDType.keep.rawValue ? "kept as stored: \(types.summary)" : types.summary
    }

    static func droppedSummary(_ mapping: StateDictMapping) -> String {
        let prefixes = Set(mapping.dropped.map { $0.key.split(separator: ".").first.map(String.init) ?? $0.key })
        return prefixes.sorted().map { $0 + ".*" }.joined(separator: ", ")
    }
}
