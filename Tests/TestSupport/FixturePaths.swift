import Foundation

/// Locates the repository's `Fixtures/` folder from this source file, so tests run from any working directory.
public enum FixturePaths {
    /// The repository root (two levels above `Tests/TestSupport`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures: URL = repositoryRoot.appendingPathComponent("Fixtures")
    public static let configs: URL = repositoryRoot.appendingPathComponent("Configs")

    /// A path under `Fixtures/`.
    public static func fixture(_ relative: String) -> URL {
        fixtures.appendingPathComponent(relative)
    }

    /// A fresh temporary directory, removed by the caller (or left in /tmp).
    public static func temporaryDirectory(_ label: String = "vvae-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
