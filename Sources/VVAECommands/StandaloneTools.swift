import ArgumentParser

/// The standalone executables: the same commands as `vvae convert` and `vvae inspect`, under their own names, so
/// each names itself in usage lines, in `--version` and in its shell completions (`#compdef vvae-convert`).
public struct ConvertTool: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vvae-convert", abstract: ConvertCommand.configuration.abstract,
        discussion: ConvertCommand.configuration.discussion, version: VVAEVersion.string)

    @OptionGroup var command: ConvertCommand

    public init() {}

    public func run() throws { try command.run() }
}

public struct InspectTool: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vvae-inspect", abstract: InspectCommand.configuration.abstract,
        discussion: InspectCommand.configuration.discussion, version: VVAEVersion.string)

    @OptionGroup var command: InspectCommand

    public init() {}

    public func run() throws { try command.run() }
}
