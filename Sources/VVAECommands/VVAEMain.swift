import ArgumentParser

/// `vvae`: the umbrella command; each job is a subcommand.
public struct VVAEMain: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vvae",
        abstract: "VideoVAE+ without Python: convert, inspect and run the video autoencoder on the CPU.",
        version: VVAEVersion.string,
        subcommands: [DemoCommand.self, ConvertCommand.self, InspectCommand.self, ReconstructCommand.self, EncodeCommand.self,
                      DecodeCommand.self, InfoCommand.self, ValidateCommand.self, TraceCommand.self, BenchCommand.self]
    )
    public init() {}
}
