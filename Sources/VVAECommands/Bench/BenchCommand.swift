import ArgumentParser

/// `vvae bench`: whole-process benchmarks against a peer measured in the same run. `runtime` (the default) times
/// encode and decode; `convert` times checkpoint conversion.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark vvae against a peer, as whole processes in one run: the runtime (default) or conversion.",
        subcommands: [BenchRuntimeCommand.self, BenchConvertCommand.self],
        defaultSubcommand: BenchRuntimeCommand.self
    )
}
