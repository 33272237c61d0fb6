import VVAEFormats
import VVAEPipeline
import Foundation

/// Where a command's caption comes from when neither `--caption` nor `--caption-file` gives one.
enum CaptionOrigin {
    /// Upstream's rule: `<folder>/<name>.txt` beside the input `<folder>/<name>.<ext>`; an empty caption when
    /// there is none.
    case besideInput(String)
    /// What a latent file recorded when it was encoded.
    case recorded(LatentTextRecord?)

    /// The `.txt` beside `input` (`clip.mp4` → `clip.txt`).
    static func sibling(of input: String) -> String {
        URL(fileURLWithPath: input).deletingPathExtension().appendingPathExtension("txt").path
    }
}

/// Reads a caption file whole, as upstream's `f.read()`; it must be UTF-8.
enum CaptionFile {
    static let maxBytes = 1 << 20

    static func read(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(path: path, "cannot open the caption file")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else { throw InputError(path: path, "caption file is over 1 MiB; a caption is a sentence or a paragraph") }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(path: path, "caption file is not UTF-8 text") }
        return text
    }
}
