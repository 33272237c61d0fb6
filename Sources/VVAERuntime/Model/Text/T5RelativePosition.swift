#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// T5's bidirectional relative-position buckets: half the buckets for keys before the query, half after; within
/// each half, distances below a quarter of the buckets exactly, larger ones on a log scale up to `maxDistance`.
/// Computed in float32 with `transformers`' operation order, so a distance on a bucket boundary lands where
/// PyTorch puts it (Fixtures/t5/buckets.json pins every distance in ±600).
public enum T5RelativePosition {
    public static func bucket(_ relativePosition: Int, buckets: Int, maxDistance: Int) -> Int {
        let half = buckets / 2
        var bucket = relativePosition > 0 ? half : 0
        let distance = abs(relativePosition)
        let maxExact = half / 2
        if distance < maxExact { return bucket + distance }
        let ratio = Float(distance) / Float(maxExact)
        let scale = Float(log(Double(maxDistance) / Double(maxExact)))
        let large = Float(logf(ratio)) / scale * Float(half - maxExact)
        let clamped = min(maxExact + Int(large), half - 1)
        bucket += clamped
        return bucket
    }
}
