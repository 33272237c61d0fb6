import ArgumentParser

/// `vvae-inspect`: list the tensors of a checkpoint or HDF5 weight file.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "inspect", abstract: "List the tensors of a checkpoint or weight file.")
    public init() {}
    public func run() throws { throw ValidationError("not implemented yet") }
}
