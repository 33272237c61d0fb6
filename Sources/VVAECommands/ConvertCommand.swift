import ArgumentParser

/// `vvae-convert`: checkpoint → HDF5 weight file.
public struct ConvertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "convert", abstract: "Convert a PyTorch checkpoint into an HDF5 weight file.")
    public init() {}
    public func run() throws { throw ValidationError("not implemented yet") }
}
