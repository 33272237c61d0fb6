import Foundation
import HDF5Kit
import VideoIO
import VVAEFormats

/// The audio of the video a latent file was made from, kept in the file so `vvae decode` can put it back: the bytes
/// of a Matroska file holding the original audio streams, copied untouched (dataset `/audio`, uint8), and their codec
/// names (attribute `audio_codecs`, comma-separated). A latent file without audio has neither.
public struct LatentAudio: Equatable {
    public static let dataset = LatentFileHeader.audioDataset

    public var matroska: Data
    public var codecs: [String]

    public init(matroska: Data, codecs: [String]) {
        self.matroska = matroska
        self.codecs = codecs
    }

    /// The audio of `video`; nil when it has none.
    public static func extract(from video: String, tools: FFmpegTools) throws -> LatentAudio? {
        guard let (bytes, plan) = try AudioExtraction.matroska(from: video, tools: tools) else { return nil }
        let codecs = plan.tracks.map { track in
            if case .encode(let encoding) = track.action { return encoding.codec }
            return track.sourceCodec
        }
        return LatentAudio(matroska: bytes, codecs: codecs)
    }

    /// Writes the bytes; the codec names are part of the header (`LatentFileHeader.audioCodecs`).
    public func write(to file: HDF5File) throws {
        try file.writeDataset(Self.dataset, shape: [matroska.count], values: [UInt8](matroska))
    }

    /// The audio of an opened latent file whose header lists `codecs`; nil when it has none.
    public static func read(from file: HDF5File, codecs: [String]) throws -> LatentAudio? {
        guard try file.objectKind(at: dataset) == .dataset else { return nil }
        return LatentAudio(matroska: Data(try file.read(dataset, as: UInt8.self)), codecs: codecs)
    }
}
