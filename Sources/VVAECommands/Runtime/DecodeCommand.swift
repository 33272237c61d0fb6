import ArgumentParser
import Foundation
import VVAERuntime
import VVAESupport

/// `vvae decode`: latent → video tensor.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a VideoVAE+ latent into a video tensor.",
        discussion: """
        LATENT is a float32 .npy as written by `vvae encode`. The output is float32 [B, 3, T, H, W], not clamped
        (values slightly outside [-1, 1] are what the model produced).

        Example:
          vvae decode --weights sota-4-16z.h5 latent.npy -o reconstruction.npy
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @Argument(help: "Latent tensor (.npy).")
    var latent: String

    @Option(name: .shortAndLong, help: "Where to write the reconstruction (.npy).")
    var output: String

    @Flag(name: .long, help: "Image mode: the latent came from `vvae encode --image`.")
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
        let z = try Npy.read(at: URL(fileURLWithPath: latent))
        let channels = image ? model.intermediateChannels : model.config.latentChannels
        guard z.rank == 5, z.shape[1] == channels, z.shape.allSatisfy({ $0 > 0 }) else {
            throw InputError(path: latent, "must be a latent [B, \(channels), T, H, W] for these weights, got shape \(z.shape)")
        }
        runtime.status("decoding \(z.shape) …")
        let video = try model.decode(z, text: text, maskTemporal: image)
        try TensorFiles.writeNpy(video, to: output, overwrite: runtime.force)
        if !runtime.quiet {
            print("video \(video.shape) → \(output)")
            print(ResourceReport.line(since: start))
        }
    }
}
