import VVAEPipeline
import ArgumentParser
import Foundation
import TextTokenizer
import VideoVAEConfig
import VVAERuntime
import VVAESupport
import VVAEWeights

/// `vvae embed-text`: captions → T5 embeddings and attention mask, as upstream's text-guided models take them.
struct EmbedTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed-text",
        abstract: "Embed captions with the T5 text encoder, as upstream's text-guided models take them.",
        discussion: """
        Each caption is cleaned as upstream cleans it (twice; --no-clean only lower-cases and trims), tokenized to \
        exactly --max-length ids (</s> appended, truncated, padded) and run through the T5 encoder. The outputs are \
        float32 .npy files: embeddings [B, L, d_model] and the mask [B, L] (1 for a token, 0 for padding), ready for \
        --text-embeddings and --text-mask.

        The text-encoder file comes from vvae-convert on a Hugging Face T5 folder (flan-t5-large for the released \
        models). --weights takes the token length from a text-guided model's config (t5_model_max_length).

        Examples:
          vvae embed-text --text-encoder t5.h5 "a cat on a deck" -o text.npy \\
              --mask-output mask.npy
          vvae embed-text --text-encoder t5.h5 --caption-file clip.txt \\
              --weights sota-4-16z-text.h5 -o text.npy --mask-output mask.npy
        """
    )

    @Option(name: .long, help: "The T5 text-encoder file (vvae-convert of a Hugging Face T5 folder).")
    var textEncoder: String

    @Argument(help: "Captions (one embedding row each).")
    var captions: [String] = []

    @Option(name: .long, help: "Read one caption from this UTF-8 file (upstream's <video>.txt).")
    var captionFile: String?

    @Option(name: .shortAndLong, help: "Where to write the embeddings (.npy).")
    var output: String

    @Option(name: .long, help: "Where to write the attention mask (.npy).")
    var maskOutput: String?

    @Option(name: .long, help: "Tokens per caption. Default: --weights' t5_model_max_length, else 100 (the released text-guided models').")
    var maxLength: Int?

    @Option(name: .long, help: "A text-guided weight file whose t5_model_max_length sets the token length.")
    var weights: String?

    @Flag(name: .long, help: "Use the captions as given (lower-cased and trimmed) instead of upstream's cleaning.")
    var noClean = false

    @Option(name: .long, help: "float32 (default) or bfloat16 (upstream's T5 arithmetic, reproduced).")
    var textDtype = "float32"

    @Option(name: .long, help: "Threads (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: "Print the cleaned captions and their token ids.")
    var showTokens = false

    @Flag(name: .long, help: "Overwrite the outputs if they exist.")
    var force = false

    func validate() throws {
        if captions.isEmpty && captionFile == nil { throw ValidationError("give a caption (argument) or --caption-file") }
        if !captions.isEmpty && captionFile != nil { throw ValidationError("give captions as arguments or --caption-file, not both") }
        if let maxLength, !(1...TextEncoder.maxTokens).contains(maxLength) { throw ValidationError("--max-length must be in 1...\(TextEncoder.maxTokens), got \(maxLength)") }
        if maxLength != nil && weights != nil { throw ValidationError("--max-length and --weights both set the token length; pass one") }
        guard T5Precision(rawValue: textDtype) != nil else { throw ValidationError("--text-dtype must be float32 or bfloat16, got '\(textDtype)'") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        for path in [output] + (maskOutput.map { [$0] } ?? []) {
            guard path.hasSuffix(".npy") else { throw ValidationError("\(path): embed-text writes .npy files; give the name a .npy extension") }
            if !force && FileManager.default.fileExists(atPath: path) { throw ValidationError("\(path): already exists (pass --force to overwrite)") }
        }
        if maskOutput == output { throw ValidationError("--mask-output must differ from -o") }
    }

    func run() throws {
        if let threads { BLAS.setThreadCount(threads) }
        let texts = try captionFile.map { [try CaptionFile.read($0)] } ?? captions
        let length: Int
        if let weights {
            let config = try VideoVAEModelConfig(yamlText: try WeightFile(path: weights).configYAML, sourceName: weights)
            guard config.captionGuide else {
                throw InputError(path: weights, "these weights are not text-guided; they take no caption embeddings")
            }
            length = config.t5MaxLength
        } else {
            length = maxLength ?? 100
        }
        let encoder = try TextEncoder(path: textEncoder, precision: T5Precision(rawValue: textDtype) ?? .float32)
        let prepared = texts.map { CaptionCleaner.prepare($0, clean: !noClean) }
        if showTokens {
            for (text, ids) in zip(prepared, try encoder.tokenize(prepared, maxLength: length).ids) {
                print("\(text.debugDescription): \(ids.prefix { $0 != encoder.tokenizer.paddingID } .map(String.init).joined(separator: " "))")
            }
        }
        let started = Date()
        let condition = try encoder.condition(for: prepared, maxLength: length)
        // Both files appear only when both are complete.
        let embeddingsFile = try AtomicOutput(destination: output, overwrite: force)
        try Npy.write(condition.embeddings, to: URL(fileURLWithPath: embeddingsFile.temporaryPath))
        if let maskOutput, let mask = condition.mask {
            let maskFile = try AtomicOutput(destination: maskOutput, overwrite: force)
            try Npy.write(mask, to: URL(fileURLWithPath: maskFile.temporaryPath))
            try maskFile.commit()
        }
        try embeddingsFile.commit()
        let tokens = condition.mask?.scalars.filter { $0 > 0.5 }.count ?? 0
        print(String(format: "wrote %@ %@ (%d captions, %d tokens, %@) in %.2f s", output, condition.embeddings.shape.description,
                     texts.count, tokens, textDtype, Date().timeIntervalSince(started))
              + (maskOutput.map { " and \($0)" } ?? ""))
    }
}
