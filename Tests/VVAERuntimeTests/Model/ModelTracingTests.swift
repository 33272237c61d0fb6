import Foundation
import Testing
import VVAERuntime

/// Collects every reported output.
final class RecordingObserver: LayerObserver {
    var outputs: [String: Tensor] = [:]
    var order: [String] = []

    func record(_ name: String, call: Int, output: Tensor) throws {
        let key = "\(name)/call\(call)"
        order.append(key)
        outputs[key] = output
    }
}

/// The tracing hook reports exactly the module calls upstream's forward hooks saw, with their outputs, and
/// tracing changes no result.
@Suite struct ModelTracingTests {
    @Test(arguments: [("tiny16z", "golden.h5"), ("tinytext", "golden.h5"), ("tiny16z", "golden_image.h5")])
    func traceReportsEveryRecordedCall(model name: String, file: String) throws {
        let golden = try GoldenModel.named(name)
        let recording = try golden.recording(file)
        let (input, text, maskTemporal) = try golden.pipelineInputs(of: recording)
        let observer = RecordingObserver()
        let traced = try golden.model.encode(input, text: text, maskTemporal: maskTemporal, observer: observer)
        let tracedOutput = try golden.model.decode(traced.latent, text: text, maskTemporal: maskTemporal, observer: observer)

        let recorded = Set(recording.calls.map { "\($0.module)/call\($0.index)" })
        #expect(Set(observer.order) == recorded,
                "missing: \(recorded.subtracting(observer.order).sorted().prefix(5)), extra: \(Set(observer.order).subtracting(recorded).sorted().prefix(5))")
        #expect(observer.order.count == observer.outputs.count, "a (module, call) was reported twice")

        // Same bits with and without an observer (the fused GroupNorm+SiLU is split only when tracing).
        let plain = try golden.model.encode(input, text: text, maskTemporal: maskTemporal)
        #expect(plain.latent == traced.latent)
        #expect(try golden.model.decode(plain.latent, text: text, maskTemporal: maskTemporal) == tracedOutput)

        // Each traced output is the module's output in an end-to-end run: compare with the recording at the
        // whole-coder bound of GoldenModuleTests (1e-5 of the magnitude; errors accumulate from the input on).
        for call in recording.calls {
            guard let expected = try recording.output(of: call),
                  let ours = observer.outputs["\(call.module)/call\(call.index)"] else { continue }
            try #require(ours.shape == expected.shape, "\(call.module): \(ours.shape) vs \(expected.shape)")
            let comparison = Comparison(ours, expected)
            #expect(comparison.relativeToMagnitude <= 1e-5, "\(name) \(call.module): \(comparison)")
        }
    }
}
