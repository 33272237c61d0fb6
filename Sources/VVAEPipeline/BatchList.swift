import Foundation

/// The videos of a batch, in a fixed order every machine agrees on, each with the relative path its latent is
/// written under: `--list videos.txt` (one path per line, relative to the list's folder) or `--list folder/`
/// (every video file below it, sorted by path).
public struct BatchList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Where the video is read from.
        public let path: String
        /// Its path as listed (relative to the list's folder; an absolute one without its leading `/`): the
        /// latent goes to `<out-dir>/<relative>.h5`.
        public let relative: String
    }

    public let entries: [Entry]
    /// Lines that name the same video again (kept once, at its first place).
    public let repeats: Int

    /// A list file's lines: blank lines and `#` comments skipped, surrounding spaces trimmed.
    public init(listFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path: path, "cannot read the list") }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(path: path, "the list is not UTF-8 text") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var entries: [Entry] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let components = line.split(separator: "/").filter { $0 != "." }
            guard !components.contains("..") else {
                throw InputError(path: path, "line \(number + 1) (\(line)) climbs out with '..'; the latents mirror the listed paths under the output folder, so give paths below the list's folder or absolute ones")
            }
            let relative = components.joined(separator: "/")
            let full = line.hasPrefix("/") ? line : folder.appendingPathComponent(relative).path
            entries.append(Entry(path: full, relative: relative))
        }
        self.init(entries)
    }

    /// Every file below `folder` whose extension is in `extensions` (any case), hidden files and folders and
    /// anything under `excluding` (the output folder) left out, sorted by relative path.
    public init(folder: String, extensions: Set<String>, excluding: String? = nil) throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        let excluded = excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw InputError(path: folder, "cannot list the folder")
        }
        var entries: [Entry] = []
        for case let url as URL in walker {
            let file = url.standardizedFileURL
            if let excluded, file.path == excluded || file.path.hasPrefix(excluded + "/") {
                walker.skipDescendants()
                continue
            }
            guard extensions.contains(file.pathExtension.lowercased()),
                  (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(file.path.dropFirst(root.path.count).drop { $0 == "/" })
            entries.append(Entry(path: file.path, relative: relative))
        }
        self.init(entries.sorted { $0.relative < $1.relative })
    }

    init(_ listed: [Entry]) {
        var seen = Set<String>()
        var kept: [Entry] = []
        for entry in listed where seen.insert(entry.relative).inserted { kept.append(entry) }
        entries = kept
        repeats = listed.count - kept.count
    }

    /// The entries shard `shard` takes, with their places in the whole list.
    public func entries(of shard: BatchShard) -> [(index: Int, entry: Entry)] {
        entries.enumerated().filter { shard.takes($0.offset) }.map { ($0.offset, $0.element) }
    }
}

/// `--shard K/N`: the K-th of N machines (0 ≤ K < N) takes the videos whose place in the list is K modulo N, so
/// N processes split a dataset with no coordinator (Slurm array index, Kubernetes completion index, GNU parallel's
/// slot).
public struct BatchShard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = BatchShard(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "K/N"; nil unless 0 ≤ K < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 0, index < count else {
            return nil
        }
        self.init(uncheckedIndex: index, count: count)
    }

    public func takes(_ place: Int) -> Bool { place % count == index }

    public var description: String { "\(index)/\(count)" }

    /// The manifest this shard appends to: `manifest-K-of-N.jsonl`.
    public var manifestName: String { "manifest-\(index)-of-\(count).jsonl" }
}
