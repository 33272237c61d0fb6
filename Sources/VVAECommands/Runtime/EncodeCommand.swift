import ArgumentParser
import Foundation
import VVAERuntime
import VVAESupport

/// `vvae encode`: video tensor → latent.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a video tensor into the VideoVAE+ latent.",
        discussion: """
        INPUT is a float32 .npy [B, 3, T, H, W] in [-1, 1] with T a multiple of the temporal compression (4) and H, W
        multiples of the spatial compression (8 for the shipped models). The latent is the posterior's mode unless
        --sample draws from it (seeded, so runs repeat). With --image the frames go through the 2+1D path only,
        as upstream's image mode (mask_temporal).

        Examples:
          vvae encode --weights sota-4-16z.h5 clip.npy -o latent.npy
          vvae encode --weights sota-4-4z-text.h5 clip.npy -o latent.npy --text-embeddings t5.npy --text-mask mask.npy
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @Argument(help: "Input video tensor (.npy, float32 [B, 3, T, H, W] in [-1, 1]).")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the latent (.npy).")
    var output: String

    @Flag(name: .long, help: "Sample the posteriors instead of taking their mode.")
    var sample = false

    @Option(name: .long, help: "Seed for --sample.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Image mode: skip every temporal layer (frames are independent images).")
    var image = false

    func validate() throws {
        if !runtime.force && FileManager.default.fileExists(atPath: output) {
            throw ValidationError("\(output): already exists (pass --force to overwrite)")
        }
    }

    func run() throws {
        let start = Date()
        runtime.applyThreads()
        _ = try AtomicOutput(destination: output, overwrite: runtime.force)
        let (model, text) = try runtime.loadModel()
        let x = try TensorFiles.readVideo(input, frameMultiple: image ? 1 : model.config.temporalCompression,
                                          sizeMultiple: model.config.spatialCompression)
        runtime.status("encoding \(x.shape) …")
        let encoding = try model.encode(x, text: text, sampling: sample ? .seeded(seed) : .mode, maskTemporal: image)
        try TensorFiles.writeNpy(encoding.latent, to: output, overwrite: runtime.force)
        if !runtime.quiet {
            print("latent \(encoding.latent.shape) → \(output)")
            print(ResourceReport.line(since: start))
        }
    }
}
