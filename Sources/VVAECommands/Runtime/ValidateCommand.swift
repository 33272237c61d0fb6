import ArgumentParser
import Foundation
import VVAEPipeline
import VVAERuntime
import VVAEWeights

/// `vvae validate`: run every recorded module on its recorded inputs and compare with its recorded output.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare the runtime with a per-layer recording, layer by layer.",
        discussion: """
        FIXTURES is a recording in the golden layout (Fixtures/generators/README-golden.md): for every module call \
        /modules/<name>/call<k>/ holds its inputs (input0, context, mask, ...) and its output; /input, /encode/... and \
        /decode/output hold the whole pipeline. Each module runs alone on its recorded inputs, so an error shows up at \
        the layer that causes it. A layer passes when its largest absolute error, relative to the largest magnitude \
        of its reference output, is at most --tolerance. Float32 reassociation alone gives about 1e-6.

        Examples:
          vvae validate --weights tiny16z.h5 \\
              --fixtures Fixtures/models/tiny16z/golden.h5
          vvae validate --weights my.h5 --fixtures my-port-dump.h5 \\
              --tolerance 1e-3 --filter decoder.up
          vvae validate --weights tiny16z.h5 --fixtures golden.h5 --json
        """
    )

    @Option(name: .long, help: "The HDF5 weight file of the recorded model.")
    var weights: String

    @Option(name: .long, help: "The recording (golden layout).")
    var fixtures: String

    @Option(name: .long, help: "Largest accepted max-abs error relative to the reference's magnitude.")
    var tolerance: Double = 1e-4

    @Option(name: .long, help: "Only layers whose name contains this text.")
    var filter: String?

    @Option(name: .long, help: "Threads for OpenBLAS and vvae's loops.")
    var threads: Int?

    @Flag(name: .long, help: "Print only failing layers and the summary.")
    var failuresOnly = false

    @Flag(name: .long, help: "Print JSON instead: every layer's errors and the counts (schema in Docs/JSON.md).")
    var json = false

    func run() throws {
        if let threads { BLAS.setThreadCount(threads) }
        let model = try VideoVAEModel(weightsAt: weights)
        let recording = try GoldenRecording(path: fixtures)
        var rows: [ValidationReport.Row] = []
        for call in recording.calls where filter.map({ call.module.contains($0) }) ?? true {
            guard let reference = try recording.output(of: call) else { continue }
            let ours: Tensor
            do {
                ours = try model.runModule(named: call.module, inputs: try recording.inputs(of: call))
            } catch let error as ModelError {
                throw InputError(path: fixtures, "its call \(call.module)#\(call.index) does not fit the weights in \(weights) (\(error.message))\(try mismatchHint(recording))")
            }
            rows.append(.init(name: "\(call.module)#\(call.index)", shape: reference.shape, errors: LayerErrors(ours, reference: reference)))
        }
        if filter == nil { rows += try pipelineRows(model, recording) }
        let report = ValidationReport(weights: weights, fixtures: fixtures, tolerance: tolerance, rows: rows)
        print(json ? report.json.serialized(pretty: true) : report.render(failuresOnly: failuresOnly))
        if report.failures > 0 { throw ExitCode(1) }
    }

    /// When a recorded call does not fit the weights, the usual cause: a recording of another model. Says so when
    /// the recording names its checkpoint (`checkpoint`, as make_golden.py writes) and it is not the weights' source.
    private func mismatchHint(_ recording: GoldenRecording) throws -> String {
        guard let recorded = try? recording.attribute("checkpoint"), !recorded.isEmpty,
              let source = try WeightFile(path: weights).header.sourceFile, source != recorded else { return "" }
        return ": it is a recording of checkpoint \(recorded), and the weights were converted from \(source); pass the recording of those weights, or make one with `vvae trace`"
    }

    /// The whole encode and decode, when the recording has them.
    private func pipelineRows(_ model: VideoVAEModel, _ recording: GoldenRecording) throws -> [ValidationReport.Row] {
        guard try recording.hasDataset("/input") else { return [] }
        let imageMode = (try? recording.attribute("mask_temporal")) == "1" || (try? recording.attribute("mask_temporal")) == "True"
        var text: TextCondition?
        if try recording.hasDataset("/text_embeddings") {
            let mask = try recording.hasDataset("/text_mask") ? try recording.tensor(at: "/text_mask") : nil
            text = try TextCondition(embeddings: try recording.tensor(at: "/text_embeddings"), mask: mask)
        }
        var rows: [ValidationReport.Row] = []
        if try recording.hasDataset("/encode/latent") {
            let reference = try recording.tensor(at: "/encode/latent")
            let latent = try model.encode(try recording.tensor(at: "/input"), text: text, maskTemporal: imageMode).latent
            rows.append(.init(name: "(pipeline) encode → latent", shape: reference.shape, errors: LayerErrors(latent, reference: reference)))
            if try recording.hasDataset("/decode/output") {
                let output = try recording.tensor(at: "/decode/output")
                let decoded = try model.decode(reference, text: text, maskTemporal: imageMode)
                rows.append(.init(name: "(pipeline) decode(recorded latent)", shape: output.shape, errors: LayerErrors(decoded, reference: output)))
            }
        }
        return rows
    }
}
