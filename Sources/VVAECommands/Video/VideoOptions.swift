import VVAEPipeline
import ArgumentParser

/// Parsing shared by the commands that read videos.
enum VideoOptions {
    static let videoExtensions: Set<String> = ["mp4", "m4v", "mkv", "mov", "webm", "avi", "png", "jpg", "jpeg", "gif", "y4m"]

    /// "720x1280" → (height 720, width 1280).
    static func parseResolution(_ text: String) throws -> (height: Int, width: Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--resolution must look like 720x1280 (height x width), got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    /// The flag checks every chunking command makes before any model is loaded; that the values are multiples of
    /// the model's temporal compression is checked once it is known (`chunking`).
    static func checkChunking(frames chunkFrames: Int, overlap chunkOverlap: Int) throws {
        guard chunkFrames > 0 else {
            throw ValidationError("--chunk-frames must be a positive multiple of the model's temporal compression (4 for the shipped models), got \(chunkFrames)")
        }
        guard chunkOverlap >= 0, chunkOverlap < chunkFrames else {
            throw ValidationError("--chunk-overlap must be at least 0 and below --chunk-frames (\(chunkFrames)), got \(chunkOverlap)")
        }
    }

    /// Runs `body`, turning a refusal of the chunk length or overlap into a usage error that names the flag.
    static func chunking<T>(_ chunkFrames: Int, overlap: Int = 0, for path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as ChunkPlan.Refusal where refusal.aboutChunks {
            throw ValidationError("--chunk-frames \(chunkFrames) for \(path): \(refusal)")
        } catch let refusal as ChunkPlan.Refusal where refusal.aboutOverlap {
            throw ValidationError("--chunk-overlap \(overlap) for \(path): \(refusal)")
        }
    }

    static let chunkOverlapHelp: ArgumentHelp = """
        Frames consecutive chunks share (a multiple of 4, below --chunk-frames; default 0, upstream's independent \
        chunks). Their decoded frames are blended linearly, which hides the jump at chunk boundaries.
        """
}
