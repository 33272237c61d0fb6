import ArgumentParser
import Foundation
import VideoVAEConfig
import VVAERuntime
import VVAESupport
import VVAEWeights
import WeightConversion

/// `vvae bench [runtime]`: time and peak memory of encode and decode, each a child process, optionally next to a peer.
struct BenchRuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Measure encode and decode time and peak memory, optionally next to a PyTorch peer.",
        discussion: """
        The bench makes (or reuses, with --weights) a weight file of seeded random weights for the config and a seeded \
        input clip [1, 3, FRAMES, SIZE, SIZE] in [-1, 1], then runs `vvae encode` and `vvae decode` of this very \
        binary as separate child processes. Each figure is the best of --runs runs: wall time from start to exit and \
        the child's peak resident memory from wait4, so loading the weights is included, as a user would see it.

        With --peer CMD (repeatable: PyTorch and ONNX Runtime in one run) each peer command runs the same way on the \
        same weights, input and thread count, with `--weights W --mode encode|decode --input IN.npy --output OUT.npy \
        --threads N` appended, and with the user's environment (not vvae's kernel choice); all decode the same \
        latent (ours). The table then shows every side and the ratios ours/peer, and how far each peer's outputs lie \
        from ours. Within a round ours and the peers alternate so a change in machine load hits every side.

        A text-guided config (16z-text, 4z-text) also gets seeded stand-ins for a caption's T5 output, passed to \
        every side as `--text-embeddings E.npy --text-mask M.npy`.

        Examples:
          vvae bench --threads 2
          vvae bench --threads 2 \\
              --peer ".venv-ref/bin/python Fixtures/bench/torch_peer.py"
          vvae bench --threads 2 \\
              --peer ".venv-ref/bin/python Fixtures/bench/torch_peer.py" \\
              --peer ".venv-ref/bin/python Fixtures/bench/onnx_peer.py"
          vvae bench --weights synthetic-16z-seed0.h5 --size 64 --runs 1
          vvae bench --config Fixtures/models/tiny16z/config.yaml --size 16 --runs 1
          vvae bench --threads 2 --layer-times
          vvae bench --config 16z-text --threads 2

        --layer-times runs encode and decode once in this process with a timing observer and prints the modules that \
        took longest (time between a module's output and the previous one: a layer's own work). Then it runs them \
        again as a user's run does and prints how far the progress bar's position (the share of the planned work) \
        strays from the share of the time, and each step's share of both.
        """
    )

    @Option(name: .long, help: "Shipped config name (16z, 4z) or a config YAML file; its weights are synthetic.")
    var config = "16z"

    @Option(name: .long, help: "Reuse this weight file instead of writing synthetic weights (its config wins).")
    var weights: String?

    @Option(name: .long, help: "Folder for the weight file, input and outputs (kept for reuse).")
    var workDir = FileManager.default.temporaryDirectory.appendingPathComponent("vvae-bench").path

    @Option(name: .long, help: "Height and width of the input clip.")
    var size = 128

    @Option(name: .long, help: "Frames of the input clip (a multiple of the temporal compression).")
    var frames = 8

    @Option(name: .long, help: "Threads for both sides (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Runs of each step; the best is reported.")
    var runs = 3

    @Option(name: .long, help: "Seed of the synthetic weights and of the input.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Instead of measuring child processes, run encode and decode here and list the slowest modules.")
    var layerTimes = false

    @Option(name: .long, help: "Peer command, split at spaces, e.g. \".venv-ref/bin/python Fixtures/bench/torch_peer.py\"; repeat for several.")
    var peer: [String] = []

    func validate() throws {
        guard size > 0, frames > 0 else { throw ValidationError("--size and --frames must be positive") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let weights, !FileManager.default.fileExists(atPath: weights) {
            throw ValidationError("\(weights): no such weight file")
        }
        if peer.contains(where: { $0.split(separator: " ").isEmpty }) { throw ValidationError("--peer needs a command") }
    }

    func run() throws {
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        let weightsPath = try prepareWeights()
        let inputPath = try prepareInput()
        let text = try prepareText(weights: weightsPath)
        let folder = URL(fileURLWithPath: workDir)
        let file = { (name: String) in folder.appendingPathComponent(name).path }
        let log = file("bench.log")
        print("load average \(BenchReport.loadAverage()); \(threadCount) threads; input [1, 3, \(frames), \(size), \(size)]; best of \(runs)")
        let flags = BLASKernelChoice.cpuFlags()
        let core = BLASKernelChoice.activeCore
        print("weights \(weightsPath)")
        print("CPU: \(BLASKernelChoice.cpuField("model name") ?? "unknown") (\(BLASKernelChoice.tier(ofCPU: flags))); OpenBLAS kernels \(core): "
              + BLASKernelChoice.explanation(activeCore: core, cpuFlags: flags, environment: ProcessInfo.processInfo.environment))
        if let text { print("text condition: seeded embeddings \(text.embeddings), mask \(text.mask) (\(text.tokens) tokens)") }
        if layerTimes {
            return try printLayerTimes(weights: weightsPath, input: inputPath, text: text, threads: threadCount)
        }

        let ours = [MeasuredChild.currentExecutable]
        let textArguments = text.map { ["--text-embeddings", $0.embeddings, "--text-mask", $0.mask] } ?? []
        let common = ["--weights", weightsPath, "--threads", String(threadCount), "--quiet", "--force"] + textArguments
        let peerCommands = peer.map { $0.split(separator: " ").map(String.init) }
        let peerNames = peerCommands.map(Self.peerName)
        let peerEnvironment = BLASKernelChoice.userEnvironment()
        var results = BenchResults()
        for round in 1...runs {
            results.add(.ours, .encode, try measure(ours + ["encode"] + common + [inputPath, "-o", file("latent.npy")], log))
            for (index, command) in peerCommands.enumerated() {
                results.add(.peer(index), .encode, try measure(command + peerArguments(weightsPath, "encode", inputPath,
                                                                                       file("peer\(index)-latent.npy"), threadCount, textArguments),
                                                               log, environment: peerEnvironment))
            }
            results.add(.ours, .decode, try measure(ours + ["decode"] + common + [file("latent.npy"), "-o", file("video.npy")], log))
            for (index, command) in peerCommands.enumerated() {
                results.add(.peer(index), .decode, try measure(command + peerArguments(weightsPath, "decode", file("latent.npy"),
                                                                                       file("peer\(index)-video.npy"), threadCount, textArguments),
                                                               log, environment: peerEnvironment))
            }
            status("round \(round) of \(runs) done")
        }
        print(BenchReport.table(results, peerNames: peerNames))
        for (index, name) in peerNames.enumerated() {
            for (what, oursFile, peerFile) in [("latent", "latent.npy", "peer\(index)-latent.npy"), ("video", "video.npy", "peer\(index)-video.npy")] {
                let difference = try OutputDifference(ours: file(oursFile), reference: file(peerFile))
                print(String(format: "%@ %@: max |ours - peer| %.3g, relative to max |peer| %.3g", name, what,
                             difference.maxAbs, difference.relative))
            }
        }
    }

    /// A peer's name for the table: its script's file name without the extension (`torch_peer`), else "peer".
    static func peerName(_ command: [String]) -> String {
        guard let script = command.last(where: { $0.contains("/") || $0.contains(".") }) else { return command.first ?? "peer" }
        return URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
    }

    private func printLayerTimes(weights: String, input: String, text textFiles: BenchText?, threads: Int) throws {
        BLAS.setThreadCount(threads)
        let model = try VideoVAEModel(weightsAt: weights)
        let clip = try Npy.read(at: URL(fileURLWithPath: input))
        let text = try textFiles.map {
            try TextCondition(embeddings: Npy.read(at: URL(fileURLWithPath: $0.embeddings)),
                              mask: Npy.read(at: URL(fileURLWithPath: $0.mask)))
        }
        let encodeTimer = LayerTimer()
        var start = Date()
        let latent = try model.encode(clip, text: text, observer: encodeTimer).latent
        let encodeSeconds = Date().timeIntervalSince(start)
        print(String(format: "encode %.2f s; slowest modules:", encodeSeconds))
        print(encodeTimer.table(top: 15, total: encodeSeconds))
        let decodeTimer = LayerTimer()
        start = Date()
        _ = try model.decode(latent, text: text, observer: decodeTimer)
        let decodeSeconds = Date().timeIntervalSince(start)
        print(String(format: "decode %.2f s; slowest modules:", decodeSeconds))
        print(decodeTimer.table(top: 15, total: decodeSeconds))
        let curve = try ProgressCurve.measure(model, clip: clip, text: text)
        print(curve.summary)
        print(curve.table)
    }

    /// A progress line on a terminal; silent in scripts.
    private func status(_ message: String) {
        guard Terminal.standardErrorIsTerminal else { return }
        Terminal.writeError(message + "\n")
    }

    private func peerArguments(_ weights: String, _ mode: String, _ input: String, _ output: String, _ threads: Int,
                               _ text: [String]) -> [String] {
        ["--weights", weights, "--mode", mode, "--input", input, "--output", output, "--threads", String(threads)] + text
    }

    private func measure(_ arguments: [String], _ log: String, environment: [String: String]? = nil) throws -> MeasuredChild {
        let child = try MeasuredChild.run(arguments, logPath: log, environment: environment)
        guard child.status == 0 else {
            throw BenchError("\(arguments.joined(separator: " ")) failed with status \(child.status); its output is in \(log)")
        }
        return child
    }

    /// The weight file: --weights as given, else synthetic weights for --config, written once per config and seed.
    private func prepareWeights() throws -> String {
        if let weights { return weights }
        let (modelConfig, name) = try loadConfig()
        let path = URL(fileURLWithPath: workDir).appendingPathComponent("synthetic-\(name)-seed\(seed).h5").path
        if FileManager.default.fileExists(atPath: path) { return path }
        status("writing synthetic weights for \(name) to \(path) …")
        try SyntheticWeights(config: modelConfig, seed: seed)
            .write(to: path, configName: "synthetic \(name)", overwrite: false, toolVersion: VVAEVersion.string)
        return path
    }

    private func loadConfig() throws -> (VideoVAEModelConfig, String) {
        if let shipped = ShippedModelConfig(rawValue: config) { return (try shipped.load(), shipped.rawValue) }
        guard FileManager.default.fileExists(atPath: config) else {
            throw ValidationError("--config \(config): neither a shipped config (\(ShippedModelConfig.allCases.map(\.rawValue).joined(separator: ", "))) nor a file")
        }
        let url = URL(fileURLWithPath: config)
        // `…/tiny16z/config.yaml` is named after its folder; `config_16z.yaml` after itself.
        let stem = url.deletingPathExtension().lastPathComponent
        let name = stem == "config" ? url.deletingLastPathComponent().lastPathComponent : stem
        return (try VideoVAEModelConfig(contentsOf: url), name)
    }

    /// For a text-guided model, seeded stand-ins for a caption's T5 output: embeddings `[1, L, 1024]` (L the config's
    /// `t5_model_max_length`) of N(0, 0.25²) values — flan-t5-large's last hidden states are of that size — and a mask
    /// of ones over the first quarter of the tokens (a short caption plus padding), written once per config and seed.
    /// Both sides, and every peer, read the same files.
    private func prepareText(weights: String) throws -> BenchText? {
        let modelConfig = try VideoVAEModelConfig(yamlText: try WeightFile(path: weights).configYAML, sourceName: weights)
        guard modelConfig.captionGuide else { return nil }
        let length = modelConfig.t5MaxLength
        let width = VideoVAEModelConfig.textContextDimension
        let tokens = max(1, length / 4)
        let folder = URL(fileURLWithPath: workDir)
        let text = BenchText(
            embeddings: folder.appendingPathComponent("text-\(length)x\(width)-seed\(seed).npy").path,
            mask: folder.appendingPathComponent("mask-\(length)-\(tokens)-seed\(seed).npy").path, tokens: tokens)
        if !FileManager.default.fileExists(atPath: text.embeddings) {
            var generator = SeededNormalGenerator(seed: seed ^ 0x7465_7874)
            let values = (0..<(length * width)).map { _ -> Float in 0.25 * generator.next() }
            try Npy.write(try Tensor(shape: [1, length, width], scalars: values), to: URL(fileURLWithPath: text.embeddings))
        }
        if !FileManager.default.fileExists(atPath: text.mask) {
            let mask = (0..<length).map { $0 < tokens ? Float(1) : 0 }
            try Npy.write(try Tensor(shape: [1, length], scalars: mask), to: URL(fileURLWithPath: text.mask))
        }
        return text
    }

    /// The input clip, uniform in (-1, 1) from the seed (2Φ(n) − 1 of standard normals), written once per shape.
    private func prepareInput() throws -> String {
        let shape = [1, 3, frames, size, size]
        let path = URL(fileURLWithPath: workDir).appendingPathComponent("input-\(frames)x\(size)x\(size)-seed\(seed).npy").path
        if FileManager.default.fileExists(atPath: path) { return path }
        var generator = SeededNormalGenerator(seed: seed)
        let count = shape.reduce(1, *)
        var values = [Float]()
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(Float(erf(Double(generator.next()) / 2.0.squareRoot()))) }
        try Npy.write(try Tensor(shape: shape, scalars: values), to: URL(fileURLWithPath: path))
        return path
    }
}

/// The text-condition files of a text-guided bench run.
struct BenchText {
    let embeddings: String
    let mask: String
    let tokens: Int
}
