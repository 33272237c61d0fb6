import VVAEFormats
import ArgumentParser
import Foundation
import VideoIO
import VVAEPipeline
import VVAERuntime
import VVAESupport
import VVAEWeights

/// `vvae encode-batch`: every video of a list or folder into latent files, resumable, split across machines.
struct EncodeBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-batch",
        abstract: "Encode every video of a list or folder into latent files, resumably, on one machine or many.",
        discussion: """
        Each video is encoded exactly as by `vvae encode VIDEO -o OUT.h5` and written atomically to \
        OUT-DIR/<its listed path>.h5 (clip.mp4 -> clip.mp4.h5, folders kept). A line per video goes to \
        OUT-DIR/manifest-K-of-N.jsonl: path, status (ok, skipped or failed), frames, fps, size, latent shape, \
        seconds, error (Docs/BATCH.md).

        Run it again and it skips every video whose latent file is already there, readable and made by these \
        weights, and encodes the rest; --force encodes everything again. A video that fails is logged and the \
        batch goes on; the exit status is 1 if any failed.

        --shard K/N (0 <= K < N) takes the videos whose place in the list is K modulo N, so N processes or \
        machines sharing the output folder split the dataset with no coordinator: a Slurm job array, a \
        Kubernetes Indexed Job, GNU parallel (Docs/BATCH.md has all three).

        Text-guided weights need --text-encoder; each video's caption is the .txt beside it (clip.mp4 -> \
        clip.txt), empty when there is none, as upstream.

        Examples:
          vvae encode-batch --weights sota-4-16z.h5 --list videos.txt --out-dir latents
          vvae encode-batch --weights sota-4-16z.h5 --list clips/ --out-dir z \\
              --shard 0/4
        """
    )

    @Option(name: .long, help: "The HDF5 weight file written by vvae-convert.")
    var weights: String

    @Option(name: .long, help: "A text file with one video path per line (relative to its folder; # starts a comment), or a folder to search for videos.")
    var list: String

    @Option(name: .long, help: "Folder for the latent files and the manifest (created if missing).")
    var outDir: String

    @Option(name: .long, help: "K/N: take the videos whose place in the list is K modulo N (0 <= K < N). Default: 0/1, all.")
    var shard = "0/1"

    @Option(name: .long, help: "Threads for OpenBLAS and vvae's own loops (default: all cores).")
    var threads: Int?

    @OptionGroup(title: "Video size and chunks") var video: VideoChunkingOptions

    @OptionGroup(title: "Spatial tiling (bounded memory for large frames)") var tiling: TilingOptions

    @Option(name: .long, help: "Text-guided weights: the T5 text encoder (vvae-convert of a flan-t5-large folder).")
    var textEncoder: String?

    @Option(name: .long, help: "With --text-encoder: float32 (default) or bfloat16.")
    var textDtype = "float32"

    @Flag(name: .long, help: "With --text-encoder: use each caption as given (lower-cased and trimmed) instead of upstream's cleaning.")
    var noClean = false

    @Flag(name: .long, help: "Encode every video again, even those whose latent file is already there.")
    var force = false

    @Flag(name: .long, help: "No progress bar and no line per video (the manifest still gets every line).")
    var quiet = false

    func validate() throws {
        guard BatchShard(shard) != nil else {
            throw ValidationError("--shard must be K/N with 0 ≤ K < N (e.g. 0/4, or $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), got '\(shard)'")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard T5Precision(rawValue: textDtype) != nil else { throw ValidationError("--text-dtype must be float32 or bfloat16, got '\(textDtype)'") }
        guard FileManager.default.fileExists(atPath: weights) else {
            throw ValidationError("\(weights): no such weight file (make one with vvae-convert)")
        }
        guard FileManager.default.fileExists(atPath: list) else { throw ValidationError("\(list): no such list file or folder") }
        if let textEncoder, !FileManager.default.fileExists(atPath: textEncoder) {
            throw ValidationError("\(textEncoder): no such text-encoder file (make one with vvae-convert <flan-t5-large folder> t5.h5)")
        }
    }

    func run() throws {
        let start = Date()
        if let threads { BLAS.setThreadCount(threads) }
        let shard = BatchShard(shard) ?? .whole
        let videos = try readList()
        let mine = videos.entries(of: shard)
        try makeFolder(outDir)
        let manifest = try BatchManifest(path: URL(fileURLWithPath: outDir).appendingPathComponent(shard.manifestName).path)
        let model = try VideoVAEModel(weightsAt: weights, parts: .encoding)
        // The chunk settings depend only on the model: a bad one is a usage error before any video is read.
        _ = try video.checked(for: weights) {
            try ChunkPlan(frameCount: video.chunkFrames, chunkFrames: video.chunkFrames, temporalMultiple: model.config.temporalCompression,
                          overlap: video.chunkOverlap)
        }
        let conditioner = try captionConditioner(for: model)
        let settings = VideoLatentEncoder.Settings(cap: try video.cap(), chunkFrames: video.chunkFrames,
                                                   chunkOverlap: video.chunkOverlap)
        let identity = VideoLatentEncoder.WeightsIdentity(try WeightFile(path: weights))
        let encoder = VideoLatentEncoder(model: model, weights: identity, settings: settings, tools: try FFmpegTools.locate())
        if !quiet {
            print("shard \(shard): \(mine.count) of \(videos.entries.count) videos\(videos.repeats > 0 ? " (\(videos.repeats) repeated lines ignored)" : "") → \(outDir), manifest \(manifest.path)")
        }
        let progress = ProgressBar(total: mine.count, label: "videos", unit: "videos", quiet: quiet)
        var counts: [BatchRecord.Status: Int] = [:]
        for (position, (_, entry)) in mine.enumerated() {
            let record = encodeOne(entry, encoder: encoder, conditioner: conditioner, progress: progress, videosBefore: position)
            try manifest.append(record)
            counts[record.status, default: 0] += 1
            progress.advance(to: Double(position + 1))
            if !quiet { say(line(for: record), progress) }
        }
        progress.finish()
        let failed = counts[.failed] ?? 0
        if !quiet {
            print("\(counts[.ok] ?? 0) encoded, \(counts[.skipped] ?? 0) skipped, \(failed) failed; " + ResourceReport.line(since: start))
        }
        if failed > 0 {
            throw InputError(path: manifest.path, "\(failed) of \(mine.count) videos failed (their lines there, status \"failed\", say why)")
        }
    }

    private func readList() throws -> BatchList {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: list, isDirectory: &isFolder)
        if isFolder.boolValue {
            return try BatchList(folder: list, extensions: VideoOptions.videoExtensions, excluding: outDir)
        }
        return try BatchList(listFile: list)
    }

    private func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(path: path, "cannot create the folder: \(error.localizedDescription)")
        }
    }

    private func captionConditioner(for model: VideoVAEModel) throws -> CaptionConditioner? {
        guard model.needsText else {
            if textEncoder != nil {
                throw InputError(path: weights, "these weights are not text-guided; they would ignore --text-encoder (leave it out)")
            }
            return nil
        }
        guard let textEncoder else {
            throw InputError(path: weights, "these weights are text-guided; pass --text-encoder T5.h5 (vvae-convert of a flan-t5-large folder) to embed each video's caption (its .txt)")
        }
        let precision = T5Precision(rawValue: textDtype) ?? .float32
        return CaptionConditioner(encoder: try TextEncoder(path: textEncoder, precision: precision), precision: precision,
                                  clean: !noClean, maxLength: model.config.t5MaxLength)
    }

    /// One video: skipped when a good latent is there, else encoded; any failure becomes the record's error. The bar
    /// counts videos, `videosBefore` of them done, and moves by this one's share of frames as they are encoded.
    private func encodeOne(_ entry: BatchList.Entry, encoder: VideoLatentEncoder, conditioner: CaptionConditioner?,
                           progress: ProgressBar, videosBefore: Int) -> BatchRecord {
        let started = Date()
        let relative = entry.relative + ".h5"
        let output = URL(fileURLWithPath: outDir).appendingPathComponent(relative).path
        let name = URL(fileURLWithPath: entry.path).lastPathComponent
        // The header alone says whether the latent there is this video's, made by these weights: a few attribute
        // reads, however long the video.
        if !force, FileManager.default.fileExists(atPath: output), let done = try? LatentFile.readHeader(output),
           done.weightsSourceSHA256 == encoder.weights.sourceSHA256, done.sourceFile == name {
            return BatchRecord(path: entry.relative, status: .skipped, output: relative, header: done,
                               seconds: Date().timeIntervalSince(started))
        }
        do {
            try makeFolder(URL(fileURLWithPath: output).deletingLastPathComponent().path)
            var source = try encoder.open(entry.path)
            let text = try conditioner.map { try $0.condition(for: try caption(beside: entry.path)) }
            let coder = try tiling.coder(encoder.model, weights: weights, frames: source.plan.chunks.first?.count ?? 0,
                                         height: source.spatial.paddedHeight, width: source.spatial.paddedWidth, quiet: true)
            let total = source.plan.frameCount
            let file = try encoder.encode(&source, path: entry.path, coder: coder, text: text?.condition, record: text?.record,
                                          keepAudio: true, progress: progress.isVisible ? { done in
                progress.advance(to: Double(videosBefore) + done / Double(max(total, 1)),
                                 detail: "\(entry.relative) \(Int(done))/\(total) frames")
            } : nil)
            try file.write(to: output, overwrite: true)
            return BatchRecord(path: entry.relative, status: .ok, output: relative, header: file.header, seconds: Date().timeIntervalSince(started))
        } catch {
            let text = (error as? ChunkPlan.Refusal).map { "\(entry.path): \($0)" } ?? String(describing: error)
            return BatchRecord(path: entry.relative, status: .failed, seconds: Date().timeIntervalSince(started),
                               error: text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text)
        }
    }

    /// Upstream's rule: the `.txt` beside the video, else an empty caption.
    private func caption(beside video: String) throws -> String {
        let sibling = CaptionOrigin.sibling(of: video)
        return FileManager.default.fileExists(atPath: sibling) ? try CaptionFile.read(sibling) : ""
    }

    private func line(for record: BatchRecord) -> String {
        let seconds = String(format: "%.1f s", record.seconds)
        switch record.status {
        case .ok: return "ok       \(record.path) → \(record.output ?? "") (\(CountText.of(record.frames ?? 0, "frame")), \(seconds))"
        case .skipped: return "skipped  \(record.path) (its latent is there)"
        case .failed: return "failed   \(record.error ?? record.path)"
        }
    }

    private func say(_ text: String, _ progress: ProgressBar) {
        if progress.isVisible { progress.note(text) } else { print(text) }
    }
}
