/// Receives every module's output while the model runs, under the module's PyTorch name (`encoder.down.0.block.1
/// .conv1`) and the index of the call (0 for the first call of that module), so `vvae trace` can record a run and
/// `vvae validate` can compare one with another implementation layer by layer. Only the names upstream's
/// forward hooks see are reported; the runtime's fused shortcuts are split apart while an observer is attached
/// (same bits, one extra buffer per normalisation).
public protocol LayerObserver: AnyObject {
    func record(_ name: String, call: Int, output: Tensor) throws
}

/// Counts calls per module and forwards outputs to the observer.
final class LayerTrace {
    let observer: any LayerObserver
    private var calls: [String: Int] = [:]

    init(_ observer: any LayerObserver) { self.observer = observer }

    func record(_ name: String, _ output: Tensor) throws {
        let call = calls[name, default: 0]
        calls[name] = call + 1
        try observer.record(name, call: call, output: output)
    }
}

extension Optional where Wrapped == LayerTrace {
    /// Reports `output` under `name` when tracing; returns it unchanged so calls can be chained.
    @inline(__always)
    func record(_ name: String, _ output: Tensor) throws {
        if let trace = self { try trace.record(name, output) }
    }
}
