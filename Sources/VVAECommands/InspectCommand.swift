import ArgumentParser
import Foundation

/// `vvae-inspect`: list the tensors of a checkpoint or HDF5 weight file.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the tensors (name, dtype, shape) of a PyTorch checkpoint or a vvae HDF5 weight file.",
        discussion: """
        Reads PyTorch checkpoints written by torch.save (zip container, or the pre-1.6 legacy format) with vvae's own
        unpickler: nothing in the file is ever run. Only the object pickle is read, so even multi-gigabyte
        checkpoints list instantly. HDF5 weight files written by vvae-convert are listed the same way.

        Examples:
          vvae-inspect sota-4-16z.ckpt
          vvae-inspect sota-4-16z.ckpt --filter encoder.mid
          vvae-inspect out.h5 --json > out.json
        """
    )

    @Argument(help: "A PyTorch checkpoint (.ckpt, .pt, .pth, …) or an HDF5 weight file.")
    var file: String

    @Flag(name: .long, help: "Print JSON: {file, format, tensors: [{name, dtype, shape}], metadata}.")
    var json = false

    @Option(name: .long, help: "Keep only tensors whose name contains this text.")
    var filter: String?

    public init() {}

    public func run() throws {
        let inspected = try InspectedFile.load(path: file).filtered(by: filter)
        if json {
            print(inspected.json.serialized(pretty: true))
        } else {
            print(TensorTable.render(inspected))
        }
    }
}
