import Foundation
import Testing
import VVAERuntime

/// The work plan a progress bar spreads a chunk over: planned from the shapes alone, it must name the steps the
/// forward pass really takes, in its order, and end with the shape it really gives; hearing it changes no result.
@Suite struct WorkPlanTests {
    @Test(arguments: [("tiny16z", "golden.h5"), ("tiny4z", "golden.h5"), ("tinytext", "golden.h5"),
                      ("tiny16z", "golden_image.h5")])
    func theProgressHearsEveryPlannedStepInOrder(model name: String, file: String) throws {
        let golden = try GoldenModel.named(name)
        let (input, text, maskTemporal) = try golden.pipelineInputs(of: golden.recording(file))
        let model = golden.model

        let encodePlan = try model.encodeWork(input.shape, text: text, maskTemporal: maskTemporal)
        var heard: [Double] = []
        let encoding = try model.encode(input, text: text, maskTemporal: maskTemporal) { heard.append($0) }
        #expect(heard == encodePlan.steps.map(\.work), "\(name) encode: heard \(heard.count) of \(encodePlan.steps.count) steps")
        #expect(encodePlan.outputShape == encoding.latent.shape)

        let decodePlan = try model.decodeWork(encoding.latent.shape, text: text, maskTemporal: maskTemporal)
        heard = []
        let decoded = try model.decode(encoding.latent, text: text, maskTemporal: maskTemporal) { heard.append($0) }
        #expect(heard == decodePlan.steps.map(\.work), "\(name) decode: heard \(heard.count) of \(decodePlan.steps.count) steps")
        #expect(decodePlan.outputShape == decoded.shape)

        // Every step is a module of the model and does some work; the coders' blocks are steps of their own.
        let modules = Set(model.moduleNames)
        for step in encodePlan.steps + decodePlan.steps {
            #expect(modules.contains(step.module), "\(step.module) is not a module")
            #expect(step.work > 0, "\(step.module): \(step.work)")
        }
        #expect(encodePlan.steps.contains { $0.module == "encoder.down.0.block.0" })
        #expect(decodePlan.steps.contains { $0.module == "decoder.mid.attn_1" })
        #expect(encodePlan.steps.contains { $0.module.hasPrefix("encoder_temporal.") } == !maskTemporal)

        // The same bits as a run nobody listens to.
        #expect(try model.encode(input, text: text, maskTemporal: maskTemporal).latent == encoding.latent)
        #expect(try model.decode(encoding.latent, text: text, maskTemporal: maskTemporal) == decoded)
    }

    /// Work follows the shapes: a frame four times the size costs about four times as much (the convolutions
    /// dominate; the mid-block attention grows faster), and more frames cost more.
    @Test func workGrowsWithTheInput() throws {
        let model = try GoldenModel.named("tiny16z").model
        let small = try model.encodeWork([1, 3, 8, 16, 16]).total
        let large = try model.encodeWork([1, 3, 8, 32, 32]).total
        let longer = try model.encodeWork([1, 3, 16, 16, 16]).total
        #expect(large > 3.5 * small && large < 6 * small, "\(large / small)")
        #expect(longer > 1.9 * small, "\(longer / small)")
        #expect(try model.decodeWork([1, 16, 2, 4, 4]).total < model.decodeWork([1, 16, 4, 4, 4]).total)
    }

    @Test func aShapeTheModelCannotTakeIsRefused() throws {
        let model = try GoldenModel.named("tiny16z").model
        for shape in [[1, 3, 8, 16], [1, 4, 8, 16, 16], [1, 3, 0, 16, 16], [], [1, 3, 8, 16, 16, 1], [-1, 3, 8, 16, 16],
                      [1, 3, 1 << 20, 1 << 20, 1 << 20], [1, 3, Int.max, Int.max, 2]] {
            #expect(throws: (any Error).self, "\(shape)") { try model.encodeWork(shape) }
            #expect(throws: (any Error).self, "\(shape)") { try model.decodeWork(shape) }
        }
    }
}
