/// A clip's frames done, for a progress bar: each chunk counts the frames no earlier chunk covered, spread over the
/// model's work inside the chunk (`TiledCoder`'s `progress`), so the count rises while a long chunk runs rather
/// than only when it ends. `report` hears the frames done so far, fractional inside a chunk, never falling; without
/// one (nobody watches: no terminal, a library call) the model plans and reports nothing.
public final class FrameProgress {
    private let plan: ChunkPlan
    private let report: ((Double) -> Void)?
    /// Frames of the chunks that are done.
    private var done = 0

    public init(plan: ChunkPlan, report: ((Double) -> Void)?) {
        self.plan = plan
        self.report = report
    }

    /// What the model's work on `chunk` reports to: the share of the chunk done (0 to 1); nil without a `report`.
    public func within(_ chunk: FrameChunk) -> ((Double) -> Void)? {
        guard let report else { return nil }
        let (start, fresh) = (Double(done), Double(plan.freshFrames(of: chunk.index)))
        return { share in report(start + fresh * share) }
    }

    /// `chunk` is through the model and in the sink: its frames count whole.
    public func finished(_ chunk: FrameChunk) {
        done += plan.freshFrames(of: chunk.index)
        report?(Double(done))
    }
}
