/// The measured runs of a benchmark, kept per side and step; the best run of each is what gets reported.
struct BenchResults: Sendable {
    /// vvae, or the peer at this position of `--peer`.
    enum Side: Sendable, Hashable {
        case ours
        case peer(Int)
    }
    enum Step: String, Sendable, Hashable, CaseIterable { case encode, decode }

    /// The best of several runs: least wall time, least peak memory (each its own minimum, as both are noise-prone
    /// upwards only).
    struct Best: Sendable, Equatable {
        var seconds: Double
        var peakResidentBytes: Int
    }

    private var runs: [Side: [Step: [MeasuredChild]]] = [:]

    mutating func add(_ side: Side, _ step: Step, _ child: MeasuredChild) {
        runs[side, default: [:]][step, default: []].append(child)
    }

    func best(_ side: Side, _ step: Step) -> Best? {
        guard let list = runs[side]?[step], !list.isEmpty else { return nil }
        return Best(seconds: list.map(\.seconds).min() ?? 0, peakResidentBytes: list.map(\.peakResidentBytes).min() ?? 0)
    }

    /// Encode then decode: times add up, the peak is the larger of the two processes'.
    func total(_ side: Side) -> Best? {
        guard let encode = best(side, .encode), let decode = best(side, .decode) else { return nil }
        return Best(seconds: encode.seconds + decode.seconds,
                    peakResidentBytes: max(encode.peakResidentBytes, decode.peakResidentBytes))
    }
}
