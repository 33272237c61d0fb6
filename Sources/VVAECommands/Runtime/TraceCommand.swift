import VVAEPipeline
import ArgumentParser
import Foundation
import HDF5Kit
import VVAEFormats
import VVAERuntime
import VVAESupport

/// `vvae trace`: run encode and decode and write every layer's output, for diffing a port layer by layer.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write every layer's output of an encode + decode run to HDF5.",
        discussion: """
        The output file uses the golden layout's naming: /modules/<layer>/call<k>/output for each module call (root \
        attribute call_order lists them as they finished), plus /input, /encode/latent and /decode/output. Layer names are \
        the PyTorch module names, so a port's own dump can be compared name by name.

        Example:
          vvae trace --weights sota-4-16z.h5 clip.npy -o layers.h5
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @Argument(help: "Input video tensor (.npy, float32 [B, 3, T, H, W] in [-1, 1]).")
    var input: String

    @Option(name: .shortAndLong, help: "The HDF5 file to write.")
    var output: String

    @Flag(name: .long, help: "Image mode: skip every temporal layer.")
    var image = false

    func run() throws {
        let start = Date()
        runtime.applyThreads()
        let destination = try AtomicOutput(destination: output, overwrite: runtime.force)
        let (model, text, _) = try runtime.loadModel(caption: .besideInput(input))
        let x = try TensorFiles.readVideo(input, frameMultiple: image ? 1 : model.config.temporalCompression,
                                          sizeMultiple: model.config.spatialCompression)
        let file = try HDF5File.create(atPath: destination.temporaryPath, mode: .truncate)
        let recorder = LayerRecorder(file: file)
        try recorder.write("/input", x)
        let latent = try model.encode(x, text: text, maskTemporal: image, observer: recorder).latent
        try recorder.write("/encode/latent", latent)
        let decoded = try model.decode(latent, text: text, maskTemporal: image, observer: recorder)
        try recorder.write("/decode/output", decoded)
        try GoldenFileHeader(calls: recorder.calls, maskTemporal: image, generator: "vvae trace \(VVAEVersion.string)").write(to: file)
        try file.close()
        try destination.commit()
        if !runtime.quiet {
            print("\(recorder.calls.count) layer outputs → \(output)")
            print(ResourceReport.line(since: start))
        }
    }
}

/// Writes each reported layer output as it arrives, so the trace never holds more than one activation.
final class LayerRecorder: LayerObserver {
    let file: HDF5File
    private(set) var calls: [GoldenFileHeader.Call] = []

    init(file: HDF5File) { self.file = file }

    func record(_ name: String, call: Int, output: Tensor) throws {
        let call = GoldenFileHeader.Call(module: name, index: call)
        calls.append(call)
        try write(call.groupPath + "/output", output)
    }

    func write(_ path: String, _ tensor: Tensor) throws {
        try file.writeDataset(path, shape: tensor.shape, values: tensor.scalars)
    }
}
