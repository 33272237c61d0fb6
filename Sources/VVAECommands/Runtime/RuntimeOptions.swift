import ArgumentParser
import Foundation
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

    @Flag(name: .long, help: "Overwrite the output if it exists.")
    var force = false

    @Flag(name: .long, help: "No progress messages.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if textMask != nil && textEmbeddings == nil {
            throw ValidationError("--text-mask needs --text-embeddings")
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
    /// condition it needs; refuses text-guided weights without text.
    func loadModel(_ parts: VideoVAEModel.Parts = .all) throws -> (VideoVAEModel, TextCondition?) {
        let model = try VideoVAEModel(weightsAt: weights, parts: parts)
        var text: TextCondition?
        if let textEmbeddings {
            let embeddings = try Npy.read(at: URL(fileURLWithPath: textEmbeddings))
            let mask = try textMask.map { try Npy.read(at: URL(fileURLWithPath: $0)) }
            text = try TextCondition(embeddings: embeddings, mask: mask)
        }
        if !model.needsText && text != nil {
            throw ValidationError("\(weights): these weights are not text-guided; they would ignore --text-embeddings (leave it out)")
        }
        if model.needsText && text == nil {
            throw ValidationError("\(weights): these weights are text-guided; pass --text-embeddings E.npy ([B, L, 1024] T5 output) and --text-mask M.npy")
        }
        return (model, text)
    }

    /// A status line on a terminal; silent in scripts.
    func status(_ message: String) {
        guard !quiet, Terminal.standardErrorIsTerminal else { return }
        Terminal.writeError(message + "\n")
    }
}
