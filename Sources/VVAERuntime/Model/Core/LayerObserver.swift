/// Receives every module's output while the model runs, under the module's PyTorch name (`encoder.down.0.block.1
/// .conv1`) and the index of the call (0 for the first call of that module), so `vvae trace` can record a run and
/// `vvae validate` can compare one with another implementation layer by layer. Only the names upstream's
/// forward hooks see are reported; the runtime's fused shortcuts are split apart while an observer is attached
/// (same bits, one extra buffer per normalisation).
public protocol LayerObserver: AnyObject {
    func record(_ name: String, call: Int, output: Tensor) throws
}

/// What the modules of one run report to: an observer (every output, counted per module) and a progress plan (the
/// names alone). Without an observer the fused shortcuts stay fused (`observesOutputs`).
final class LayerTrace {
    let observer: (any LayerObserver)?
    let progress: WorkProgress?
    private var calls: [String: Int] = [:]

    private init(observer: (any LayerObserver)?, progress: WorkProgress?) {
        self.observer = observer
        self.progress = progress
    }

    /// Nil when there is nothing to report to, so the modules take their untraced path.
    static func make(observer: (any LayerObserver)?, progress: WorkProgress? = nil) -> LayerTrace? {
        observer == nil && progress == nil ? nil : LayerTrace(observer: observer, progress: progress)
    }

    /// Whether outputs are recorded: only then must a fused normalisation and SiLU be split to report the former.
    var observesOutputs: Bool { observer != nil }

    func record(_ name: String, _ output: Tensor) throws {
        progress?.passed(name)
        guard let observer else { return }
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

    /// Whether a module must report the intermediate outputs its fused path skips.
    var observesOutputs: Bool { self?.observesOutputs ?? false }
}
