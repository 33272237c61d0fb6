import ArgumentParser
import VVAERuntime

/// `vvae`: the umbrella command; each job is a subcommand.
public struct VVAEMain: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vvae",
        abstract: "VideoVAE+ without Python: convert, inspect and run the video autoencoder on the CPU.",
        version: VVAEVersion.string,
        subcommands: [DemoCommand.self, ConvertCommand.self, InspectCommand.self, ReconstructCommand.self, EncodeCommand.self, EncodeBatchCommand.self,
                      DecodeCommand.self, EmbedTextCommand.self, InfoCommand.self, ValidateCommand.self, TraceCommand.self, BenchCommand.self,
                      DoctorCommand.self]
    )
    public init() {}

    /// Starts the process again with the CPU's best OpenBLAS kernels when OpenBLAS loaded weaker ones and
    /// `OPENBLAS_CORETYPE` is not set; call first thing in `main`.
    public static func chooseKernels() {
        BLASKernelChoice.relaunchWithBestKernelsIfNeeded()
    }

    /// Keeps freed activation memory for the next layer instead of mapping it afresh (`AllocatorPolicy`).
    public static func reuseFreedMemory() {
        AllocatorPolicy.reuseFreedMemory()
    }
}
