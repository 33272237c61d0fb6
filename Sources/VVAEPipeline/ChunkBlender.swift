import VVAERuntime

/// Joins the decoded chunks of a plan with overlap (`--chunk-overlap`): where two chunks share frames, the output
/// is the earlier chunk's frames fading linearly into the later one's, weight `(t + 0.5) / overlap` for the later
/// chunk at the t-th shared frame (as the spatial tiles blend, `TileLayout`). Frames are handed on to `inner` as
/// soon as no later chunk can change them; with no overlap every chunk passes through unchanged.
public struct ChunkBlender<Inner: ChunkSink>: ChunkSink {
    public private(set) var inner: Inner
    private let plan: ChunkPlan
    /// The previous chunk's output for the frames the current chunk shares with it.
    private var pending: Tensor?

    public init(_ inner: Inner, plan: ChunkPlan) {
        self.inner = inner
        self.plan = plan
    }

    public mutating func append(_ output: Tensor, of chunk: FrameChunk) throws {
        let range = chunk.range
        guard output.rank == 5, output.shape[2] == range.count else {
            throw TensorError(operation: "chunk blend", message: "a chunk of \(range.count) frames came out as \(output.shape)")
        }
        let blended = try pending.map { try Self.fade(from: $0, into: output) } ?? output
        let isLast = chunk.index + 1 >= plan.chunks.count
        let nextStart = isLast ? range.upperBound : plan.chunks[chunk.index + 1].lowerBound
        let settled = nextStart - range.lowerBound
        pending = settled < range.count ? try blended.frames(settled..<range.count) : nil
        let finished = settled == range.count ? blended : try blended.frames(0..<settled)
        let real = max(0, min(nextStart, plan.frameCount) - range.lowerBound)
        try inner.append(finished, of: FrameChunk(index: chunk.index, range: range.lowerBound..<nextStart, realFrames: real,
                                                  tensor: finished, pixels: chunk.pixels.map { Array($0.prefix(real)) }))
    }

    /// `next` with its first `previous.shape[2]` frames blended from `previous` (weight rising towards `next`).
    static func fade(from previous: Tensor, into next: Tensor) throws -> Tensor {
        let (shared, frames) = (previous.shape[2], next.shape[2])
        guard previous.rank == 5, shared <= frames, previous.shape[0..<2] == next.shape[0..<2],
              previous.shape[3...] == next.shape[3...] else {
            throw TensorError(operation: "chunk blend", message: "overlap \(previous.shape) does not fit the chunk \(next.shape)")
        }
        let plane = next.shape[3] * next.shape[4]
        let older = previous.scalars
        var values = next.scalars
        for series in 0..<(next.shape[0] * next.shape[1]) {
            for t in 0..<shared {
                let weight = (Double(t) + 0.5) / Double(shared)
                let target = (series * frames + t) * plane
                let source = (series * shared + t) * plane
                for p in 0..<plane {
                    values[target + p] = Float((1 - weight) * Double(older[source + p]) + weight * Double(values[target + p]))
                }
            }
        }
        return try Tensor(shape: next.shape, scalars: values)
    }
}
