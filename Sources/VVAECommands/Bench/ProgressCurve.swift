import Foundation
import VVAERuntime

/// How closely a progress bar follows the clock: one encode and decode with their work plans heard (the fused,
/// unobserved path a user's run takes), each step's end placed by its share of the planned work and by its share of
/// the time. `vvae bench --layer-times` prints the largest gap between the two; `WorkPlan`'s constants were fitted
/// to these curves.
struct ProgressCurve {
    struct Point {
        let module: String
        /// Shares of the whole run at the step's end.
        let work: Double
        let time: Double
    }

    let points: [Point]
    let seconds: Double

    static func measure(_ model: VideoVAEModel, clip: Tensor, text: TextCondition?) throws -> ProgressCurve {
        let encodePlan = try model.encodeWork(clip.shape, text: text)
        let decodePlan = try model.decodeWork(encodePlan.outputShape, text: text)
        let steps = encodePlan.steps + decodePlan.steps
        let total = encodePlan.total + decodePlan.total
        var heard: [(work: Double, at: UInt64)] = []
        let start = DispatchTime.now().uptimeNanoseconds
        let hear = { (work: Double) in heard.append((work, DispatchTime.now().uptimeNanoseconds)) }
        let latent = try model.encode(clip, text: text, progress: hear).latent
        _ = try model.decode(latent, text: text, progress: hear)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var done = 0.0
        let points = zip(steps, heard).map { step, heard in
            done += heard.work
            return Point(module: step.module, work: done / total, time: Double(heard.at - start) / 1e9 / seconds)
        }
        return ProgressCurve(points: points, seconds: seconds)
    }

    /// The step where the bar's position (share of work) is furthest from the share of time spent.
    var largestGap: Point? { points.max { abs($0.work - $0.time) < abs($1.work - $1.time) } }

    /// `progress: 37 steps in 1.42 s; the bar is at most 6.1 % of the run from the clock (at decoder.up.1.block.0: 48.2 % of the work, 54.3 % of the time)`
    var summary: String {
        guard let gap = largestGap else { return "progress: no steps heard" }
        return String(format: "progress: %d steps in %.2f s; the bar is at most %.1f %% of the run from the clock (at %@: %.1f %% of the work, %.1f %% of the time)",
                      points.count, seconds, 100 * abs(gap.work - gap.time), gap.module, 100 * gap.work, 100 * gap.time)
    }

    /// Every step: its share of the work and of the time, each on its own (not summed), for fitting.
    var table: String {
        var (lastWork, lastTime) = (0.0, 0.0)
        return points.map { point in
            defer { (lastWork, lastTime) = (point.work, point.time) }
            return String(format: "  %@  work %5.1f %%  time %5.1f %%", TensorTable.pad(point.module, 40),
                          100 * (point.work - lastWork), 100 * (point.time - lastTime))
        }.joined(separator: "\n")
    }
}
