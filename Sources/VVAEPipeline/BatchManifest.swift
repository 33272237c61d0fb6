import Foundation
import VVAEFormats

/// One line of a batch manifest (`manifest-K-of-N.jsonl`): what happened to one video, for machines.
/// Documented in Docs/BATCH.md; keys are snake_case, absent values are left out.
public struct BatchRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Encoded in this run.
        case ok
        /// Its latent file was already there, readable and made by these weights: left as it was.
        case skipped
        /// Could not be encoded; `error` says why. The batch went on.
        case failed
    }

    /// The video as listed (relative to the list's folder).
    public var path: String
    public var status: Status
    /// The latent file, relative to the output folder.
    public var output: String?
    public var frames: Int?
    /// Frames per second, and the exact rate as `numerator/denominator`.
    public var fps: Double?
    public var frameRate: String?
    public var width: Int?
    public var height: Int?
    public var latentShape: [Int]?
    /// Wall time spent on this video.
    public var seconds: Double
    public var error: String?

    public init(path: String, status: Status, output: String? = nil, frames: Int? = nil, fps: Double? = nil,
                frameRate: String? = nil, width: Int? = nil, height: Int? = nil, latentShape: [Int]? = nil,
                seconds: Double, error: String? = nil) {
        self.path = path
        self.status = status
        self.output = output
        self.frames = frames
        self.fps = fps
        self.frameRate = frameRate
        self.width = width
        self.height = height
        self.latentShape = latentShape
        self.seconds = seconds
        self.error = error
    }

    /// The facts a latent file's header holds.
    public init(path: String, status: Status, output: String, header: LatentFileHeader, seconds: Double) {
        self.init(path: path, status: status, output: output, frames: header.frameCount,
                  fps: Double(header.fpsNumerator) / Double(header.fpsDenominator),
                  frameRate: "\(header.fpsNumerator)/\(header.fpsDenominator)", width: header.width,
                  height: header.height, latentShape: header.latentShape, seconds: seconds)
    }

    enum CodingKeys: String, CodingKey {
        case path, status, output, frames, fps, width, height, seconds, error
        case frameRate = "frame_rate"
        case latentShape = "latent_shape"
    }
}

/// Appends records to a manifest, one JSON object per line, each written whole and flushed to disk before the next
/// video starts: a run killed at any instant leaves every finished video's line, and at most the last line cut.
public final class BatchManifest {
    public let path: String
    private let handle: FileHandle

    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw InputError(path: path, "cannot create the manifest")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw InputError(path: path, "cannot open the manifest for writing") }
        self.handle = handle
        // A line cut by a kill is ended, so the next record starts on a line of its own.
        let end = try handle.seekToEnd()
        if end > 0, let reader = FileHandle(forReadingAtPath: path) {
            defer { try? reader.close() }
            try reader.seek(toOffset: end - 1)
            if try reader.read(upToCount: 1) != Data([0x0A]) { try handle.write(contentsOf: Data([0x0A])) }
        }
    }

    deinit { try? handle.close() }

    public func append(_ record: BatchRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(record)
        line.append(0x0A)
        do {
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw InputError(path: path, "cannot append to the manifest: \(error.localizedDescription)")
        }
    }

    /// Every complete record in a manifest file (a cut last line is ignored).
    public static func read(_ path: String) throws -> [BatchRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path: path, "cannot read the manifest") }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(BatchRecord.self, from: Data($0)) }
    }
}
