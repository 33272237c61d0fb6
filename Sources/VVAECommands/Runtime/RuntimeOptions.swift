import VVAEFormats
import VVAEPipeline
import ArgumentParser
import Foundation
import TextTokenizer
import VVAERuntime
import VVAESupport

/// Options every model-running command shares.
struct RuntimeOptions: ParsableArguments {
    @Option(name: .long, help: "The HDF5 weight file written by vvae-convert.")
    var weights: String

    @Option(name: .long, help: "Threads for OpenBLAS and vvae's own loops (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Text-guided weights: T5 encoder output, float32 .npy [B, L, 1024].")
    var textEmbeddings: String?

    @Option(name: .long, help: "Text-guided weights: attention mask .npy [B, L] (1 = keep the token).")
    var textMask: String?

    @Option(name: .long, help: "Text-guided weights: the T5 text encoder (vvae-convert of a flan-t5-large folder); embeds the caption.")
    var textEncoder: String?

    @Option(name: .long, help: "With --text-encoder: the caption. Default: the input's .txt sibling (clip.mp4 -> clip.txt), else empty, as upstream.")
    var caption: String?

    @Option(name: .long, help: "With --text-encoder: read the caption from this UTF-8 file.")
    var captionFile: String?

    @Flag(name: .long, help: "With --text-encoder: use the caption as given (lower-cased and trimmed) instead of upstream's cleaning.")
    var noClean = false

    @Option(name: .long, help: "With --text-encoder: float32 (default) or bfloat16 (upstream's T5 arithmetic, reproduced).")
    var textDtype = "float32"

    @Flag(name: .long, help: "Overwrite the output if it exists.")
    var force = false

    @Flag(name: .long, help: "No progress messages.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if textMask != nil && textEmbeddings == nil {
            throw ValidationError("--text-mask needs --text-embeddings")
        }
        if textEncoder != nil && textEmbeddings != nil {
            throw ValidationError("--text-encoder and --text-embeddings both give the text condition; pass one")
        }
        if caption != nil && captionFile != nil { throw ValidationError("--caption and --caption-file both give the caption; pass one") }
        if textEncoder == nil, let flag = caption != nil ? "--caption" : captionFile != nil ? "--caption-file" : nil {
            throw ValidationError("\(flag) needs --text-encoder T5.h5 to embed it")
        }
        guard T5Precision(rawValue: textDtype) != nil else {
            throw ValidationError("--text-dtype must be float32 or bfloat16, got '\(textDtype)'")
        }
        if let textEncoder, !FileManager.default.fileExists(atPath: textEncoder) {
            throw ValidationError("\(textEncoder): no such text-encoder file (make one with vvae-convert <flan-t5-large folder> t5.h5)")
        }
        guard FileManager.default.fileExists(atPath: weights) else {
            throw ValidationError("\(weights): no such weight file (make one with vvae-convert)")
        }
    }

    /// Refuses an existing output up front (unless --force), before any model is loaded.
    func checkOutput(_ path: String) throws {
        if !force && FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path): already exists (pass --force to overwrite)")
        }
    }

    func applyThreads() {
        if let threads { BLAS.setThreadCount(threads) }
    }

    /// Loads the model (only the halves a command needs: an encode never reads the decoders' weights) and the text
    /// condition it needs; refuses text-guided weights without text, and text for weights that take none.
    func loadModel(_ parts: VideoVAEModel.Parts = .all, caption origin: CaptionOrigin? = nil) throws
        -> (model: VideoVAEModel, text: TextCondition?, record: LatentTextRecord?)
    {
        let model = try VideoVAEModel(weightsAt: weights, parts: parts)
        if !model.needsText {
            if let flag = textEmbeddings != nil ? "--text-embeddings" : textEncoder != nil ? "--text-encoder" : nil {
                throw InputError(path: weights, "these weights are not text-guided; they would ignore \(flag) (leave it out)")
            }
            return (model, nil, nil)
        }
        if let textEmbeddings {
            let embeddings = try Npy.read(at: URL(fileURLWithPath: textEmbeddings))
            let width = VideoVAEModel.textWidth
            guard embeddings.rank == 3, embeddings.shape[0] > 0, embeddings.shape[1] > 0, embeddings.shape[2] == width else {
                throw InputError(path: textEmbeddings, "holds an array of shape \(embeddings.shape); these weights take text embeddings [B, L, \(width)] (flan-t5-large's width), as `vvae embed-text` writes them")
            }
            let mask = try textMask.map { try Npy.read(at: URL(fileURLWithPath: $0)) }
            if let mask, let textMask, mask.shape != Array(embeddings.shape.prefix(2)) {
                throw InputError(path: textMask, "holds a mask of shape \(mask.shape), not [B, L] = \(Array(embeddings.shape.prefix(2))) like the embeddings in \(textEmbeddings)")
            }
            let condition = try TextCondition(embeddings: embeddings, mask: mask)
            let record = LatentTextRecord(caption: "", cleaned: false, maxLength: embeddings.shape[1], textEncoderSHA256: "",
                                          textDType: "", conditioningSHA256: LatentTextRecord.digest(of: condition))
            return (model, condition, record)
        }
        guard let textEncoder else {
            var hint = ""
            if case .recorded(let record?)? = origin, !record.caption.isEmpty {
                hint = " (the latent file records its caption: \"\(record.caption.prefix(60))\(record.caption.count > 60 ? "…" : "")\")"
            }
            throw InputError(path: weights, "these weights are text-guided; pass --text-encoder T5.h5 (vvae-convert of a flan-t5-large folder) to embed the caption\(hint) — from --caption, --caption-file, or the input's .txt — or --text-embeddings E.npy --text-mask M.npy")
        }
        let precision = T5Precision(rawValue: textDtype) ?? .float32
        var text: String
        var clean = !noClean
        var maxLength = model.config.t5MaxLength
        let from: String
        if let caption {
            text = caption
            from = "--caption"
        } else if let captionFile {
            text = try CaptionFile.read(captionFile)
            from = captionFile
        } else {
            switch origin {
            case .besideInput(let input)?:
                let sibling = CaptionOrigin.sibling(of: input)
                let exists = FileManager.default.fileExists(atPath: sibling)
                text = exists ? try CaptionFile.read(sibling) : ""
                from = exists ? sibling : "no \(URL(fileURLWithPath: sibling).lastPathComponent) beside the input, so empty as upstream"
            case .recorded(let record?)?:
                text = record.caption
                clean = record.cleaned
                maxLength = record.maxLength
                from = "the latent file"
            case .recorded(nil)?, nil:
                text = ""
                from = "none given, so empty"
            }
        }
        status("embedding the caption with \(textEncoder) (\(precision.rawValue))")
        let conditioner = CaptionConditioner(encoder: try TextEncoder(path: textEncoder, precision: precision), precision: precision,
                                             clean: clean, maxLength: maxLength)
        let (condition, record) = try conditioner.condition(for: text)
        if !quiet {
            let tokens = CaptionConditioner.keptTokens(condition)
            let shown = text.trimmingCharacters(in: .whitespacesAndNewlines)
            print("caption (\(from)): \(shown.isEmpty ? "empty" : "\"\(shown.prefix(60))\(shown.count > 60 ? "…" : "")\"")"
                  + " → \(tokens) of \(maxLength) tokens, T5 \(precision.rawValue)\(clean ? "" : ", not cleaned")")
        }
        if case .recorded(let recorded?)? = origin, recorded.conditioningSHA256 != record.conditioningSHA256 {
            Terminal.writeError("warning: this text condition differs from the one the latent was encoded with (other caption, text encoder or --text-dtype)\n")
        }
        return (model, condition, record)
    }

    /// A status line on a terminal; silent in scripts.
    func status(_ message: String) {
        guard !quiet, Terminal.standardErrorIsTerminal else { return }
        Terminal.writeError(message + "\n")
    }
}
