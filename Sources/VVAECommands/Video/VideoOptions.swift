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
}
