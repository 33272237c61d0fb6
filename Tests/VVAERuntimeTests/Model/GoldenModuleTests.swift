import Foundation
import Testing
import VVAERuntime

/// Every module call recorded from upstream PyTorch, run alone on its recorded inputs and compared with its
/// recorded float32 output.
///
/// Tolerance, `max|ours − torch| ≤ tolerance · max|torch|` per call, by kind of module. Both sides are float32
/// runs of the same arithmetic and differ only by reassociation (sgemm blocking and im2col order vs PyTorch's
/// kernels; GroupNorm, LayerNorm and softmax sums in Double here), compounded through the layers inside a module:
/// - data movement (`Dropout`, `RelativePosition`): bit for bit;
/// - normalisations and pointwise (`GroupNorm`, `LayerNorm`, `SiLU`): `1e-6` (~8 ulps; statistics over ≤ 10⁴ values);
/// - one or a few reductions (convs, linears, attention, one ResNet block): `5e-6` (~40 ulps: dot products of up to
///   ~2000 float32 terms, a handful in sequence);
/// - a whole coder (up to ~50 such layers in sequence): `1e-5`.
/// Measured worst cases are ~4× below each bound (see the printed table). The bounds still catch subtle bugs:
/// the temporal attention norm with eps 1e-6 instead of 1e-5 gives 2e-5 on the norm and 9e-6 on the block.
@Suite struct GoldenModuleTests {
    static let exactTypes: Set<String> = ["Dropout", "RelativePosition"]
    static let pointwiseTypes: Set<String> = ["GroupNorm", "GroupNormSpecific", "LayerNorm", "SiLU"]
    static let coderTypes: Set<String> = ["Encoder2plus1D", "Decoder2plus1D", "EncoderTemporal1DCNN", "DecoderTemporal1DCNN"]

    static func tolerance(forType type: String) -> Double {
        if exactTypes.contains(type) { return 0 }
        if pointwiseTypes.contains(type) { return 1e-6 }
        if coderTypes.contains(type) { return 1e-5 }
        return 5e-6
    }

    @Test(arguments: [("tiny16z", "golden.h5"), ("tiny4z", "golden.h5"), ("tinytext", "golden.h5"),
                      ("tiny16z", "golden_image.h5")])
    func everyRecordedModuleCall(model name: String, file: String) throws {
        let golden = try GoldenModel.named(name)
        let recording = try golden.recording(file)
        var worst: [String: (Comparison, String)] = [:]
        for call in recording.calls {
            let type = try recording.moduleType(call.module)
            guard let expected = try recording.output(of: call) else { continue }
            let ours = try golden.model.runModule(named: call.module, inputs: recording.inputs(of: call))
            try #require(ours.shape == expected.shape, "\(name)/\(file) \(call.module): shape \(ours.shape) vs \(expected.shape)")
            let comparison = Comparison(ours, expected)
            let tolerance = Self.tolerance(forType: type)
            if !(comparison.relativeToMagnitude <= tolerance) {
                let i = comparison.worstIndex
                Issue.record("""
                    \(name)/\(file) \(call.module) (\(type)): \(comparison) > \(tolerance); worst element \
                    \(multiIndex(i, in: expected.shape)) ours \(ours.scalars[i]) vs torch \(expected.scalars[i])
                    """)
            }
            if worst[type].map({ comparison.relativeToMagnitude > $0.0.relativeToMagnitude }) ?? true {
                worst[type] = (comparison, call.module)
            }
        }
        #expect(recording.calls.count > 80)
        for (type, entry) in worst.sorted(by: { $0.key < $1.key }) {
            print("[golden \(name)/\(file)] \(type) worst: \(entry.1): \(entry.0)")
        }
    }
}
