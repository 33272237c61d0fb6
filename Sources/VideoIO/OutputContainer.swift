import Foundation

/// The file kind a writer produces, chosen by the output's extension. The muxer is named explicitly because the
/// writer's temporary file has no meaningful extension of its own.
public enum OutputContainer: String, Sendable, CaseIterable {
    case mp4, mov, matroska, webm, avi
    /// A single still picture.
    case png

    public init(path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch ext {
        case "mp4", "m4v": self = .mp4
        case "mov": self = .mov
        case "mkv": self = .matroska
        case "webm": self = .webm
        case "avi": self = .avi
        case "png": self = .png
        default: throw VideoIOError.unsupportedOutputFormat(path: path, extension: ext)
        }
    }

    /// ffmpeg's `-f` name.
    var muxer: String { self == .png ? "image2" : rawValue }

    public var isImage: Bool { self == .png }
}
