import ArgumentParser
import Foundation
import VVAESupport

/// `vvae bench convert`: checkpoint conversion against a peer and against `cp` of the same file, paired in one run.
struct BenchConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Time and peak memory of converting a checkpoint, next to a peer and to cp of the same file.",
        discussion: """
        Each round runs `vvae convert CHECKPOINT OUT.h5` of this very binary, the --peer command with \
        `CHECKPOINT OUT` appended, and `cp CHECKPOINT COPY`, as child processes: wall time from spawn to exit and peak \
        resident memory from wait4. The order rotates from round to round, so a change in machine load hits every \
        side. Before each run the previous outputs are deleted and the page cache's dirty pages written back \
        (sync, not timed), so no run pays for another's writes; the checkpoint itself stays in the page cache, \
        as after a download. The table gives the best and the median of the runs and the ratios of vvae to the \
        others (best against best).

        Examples:
          vvae bench convert full16z.ckpt --runs 5 \\
              --peer ".venv-ref/bin/python Fixtures/bench/convert_peer.py"
          vvae bench convert sota-4-16z.ckpt --runs 3
        """
    )

    @Argument(help: "The checkpoint to convert (make a full-size one with Fixtures/bench/make_convert_checkpoint.py).")
    var checkpoint: String

    @Option(name: .long, help: "Peer command, split at spaces; CHECKPOINT and OUTPUT are appended.")
    var peer: String?

    @Option(name: .long, help: "Rounds; each runs every side once.")
    var runs = 5

    @Option(name: .long, help: "Folder for the outputs (deleted after each run).")
    var workDir = FileManager.default.temporaryDirectory.appendingPathComponent("vvae-bench-convert").path

    @Option(name: .long, help: "Config YAML for vvae, when the checkpoint matches no shipped config.")
    var config: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        guard FileManager.default.fileExists(atPath: checkpoint) else { throw ValidationError("\(checkpoint): no such file") }
        if let peer, peer.split(separator: " ").isEmpty { throw ValidationError("--peer needs a command") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        let folder = URL(fileURLWithPath: workDir)
        let log = folder.appendingPathComponent("bench.log").path
        let outputs = ["ours": folder.appendingPathComponent("vvae.h5").path,
                       "peer": folder.appendingPathComponent("peer.h5").path,
                       "cp": folder.appendingPathComponent("copy").path]
        var commands: [(name: String, arguments: [String])] = [
            ("vvae convert", [MeasuredChild.currentExecutable, "convert", checkpoint, outputs["ours"] ?? "", "--quiet", "--force"]
                + (config.map { ["--config", $0] } ?? [])),
        ]
        if let peer { commands.append(("peer", peer.split(separator: " ").map(String.init) + [checkpoint, outputs["peer"] ?? ""])) }
        commands.append(("cp", ["cp", checkpoint, outputs["cp"] ?? ""]))

        let size = (try? FileManager.default.attributesOfItem(atPath: checkpoint)[.size] as? Int) ?? 0
        print("load average \(BenchReport.loadAverage()); \(ProcessInfo.processInfo.activeProcessorCount) cores; "
              + "\(checkpoint) (\(ProgressBar.decimalBytes(size))); \(runs) rounds")
        // Warm the page cache with the checkpoint, as every side will find it.
        _ = try MeasuredChild.run(["cat", checkpoint], logPath: "/dev/null")
        var measured: [String: [MeasuredChild]] = [:]
        for round in 0..<runs {
            for offset in commands.indices {
                let command = commands[(offset + round) % commands.count]
                for path in outputs.values { try? FileManager.default.removeItem(atPath: path) }
                sync()
                let child = try MeasuredChild.run(command.arguments, logPath: log)
                guard child.status == 0 else {
                    throw BenchError("\(command.arguments.joined(separator: " ")) failed with status \(child.status); its output is in \(log)")
                }
                measured[command.name, default: []].append(child)
            }
            if Terminal.standardErrorIsTerminal { Terminal.writeError("round \(round + 1) of \(runs) done\n") }
        }
        for path in outputs.values { try? FileManager.default.removeItem(atPath: path) }
        print(Self.table(commands.map(\.name), measured))
    }

    static func table(_ names: [String], _ measured: [String: [MeasuredChild]]) -> String {
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let best = names.map { name in measured[name]?.map(\.seconds).min() ?? .nan }
        var rows = [["", "best", "median", "runs", "peak memory", "vvae ÷ this (best)", "vvae ÷ this (median)"]]
        let ours = names.first.flatMap { measured[$0]?.map(\.seconds) } ?? []
        for (index, name) in names.enumerated() {
            let runs = measured[name] ?? []
            let peak = runs.map(\.peakResidentBytes).max() ?? 0
            rows.append([name, BenchReport.seconds(best[index]), BenchReport.seconds(median(runs.map(\.seconds))),
                         runs.map { String(format: "%.2f", $0.seconds) }.joined(separator: " "), TensorTable.humanBytes(peak),
                         index == 0 ? "" : String(format: "%.2f", best[0] / best[index]),
                         index == 0 ? "" : String(format: "%.2f", median(ours) / median(runs.map(\.seconds)))])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 0 || column == 3 ? TensorTable.pad(text, widths[column]) : TensorTable.leftPad(text, widths[column])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
