import Foundation
import VVAERuntime

/// Attributes wall time to modules while a model runs: each module's output arrives when it finishes, so the time
/// since the previous output is (nearly) that module's own work — for a leaf layer its whole cost, for a container
/// only the glue after its last child. Used by `vvae bench --layer-times` to say where the time goes.
final class LayerTimer: LayerObserver {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var seconds: [String: Double] = [:]
    private(set) var calls: [String: Int] = [:]

    func restart() { last = DispatchTime.now().uptimeNanoseconds }

    func record(_ name: String, call: Int, output: Tensor) throws {
        let now = DispatchTime.now().uptimeNanoseconds
        seconds[name, default: 0] += Double(now - last) / 1e9
        calls[name, default: 0] += 1
        last = now
    }

    /// The `count` most expensive modules, with their share of `total`.
    func table(top count: Int, total: Double) -> String {
        let rows = seconds.sorted { $0.value > $1.value }.prefix(count)
        let width = rows.map(\.key.count).max() ?? 0
        return rows.map { name, time in
            String(format: "  %@  %8.2f s  %5.1f %%  (%d calls)", TensorTable.pad(name, width), time,
                   100 * time / max(total, 1e-9), calls[name] ?? 0)
        }.joined(separator: "\n")
    }
}
