import Foundation

/// File-based parsers (checkpoints, HDF5 through libhdf5) read a path, not bytes: each input is written to one
/// per-process file that is overwritten for the next input, under /dev/shm when there is one so it stays in memory.
enum ScratchFile {
    static let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    static let prefix = "vvae-fuzz-\(getpid())-"

    /// Writes `input` to the scratch file `name` and returns its path.
    static func write(_ input: [UInt8], as name: String) throws -> String {
        let path = "\(folder)/\(prefix)\(name)"
        try Data(input).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Removes this process's scratch files.
    static func removeAll() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
        }
    }
}

extension FuzzTarget {
    /// Removes the files the file-based targets wrote for this process; call when done running inputs.
    public static func removeScratchFiles() { ScratchFile.removeAll() }
}
