import CHDF5

extension HDF5File {
    /// Every dataset in the file (through hard links, so each path once), sorted by path in UTF-8 byte order —
    /// `/a/10` before `/a/2`, the same order libhdf5's name index uses within a group.
    public func datasets() throws -> [HDF5DatasetInfo] {
        let paths = try datasetPaths()
        return try paths.map { try datasetInfo($0) }
    }

    /// The absolute paths of every dataset, sorted as in `datasets()`.
    public func datasetPaths() throws -> [String] {
        try withFile(objectPath: "/", operation: "list datasets") { file, call in
            final class Paths { var list: [String] = [] }
            let paths = Paths()
            try withExtendedLifetime(paths) {
                _ = try call.check(vvae_visit_datasets(file, { name, context in
                    guard let name, let context else { return -1 }
                    Unmanaged<Paths>.fromOpaque(context).takeUnretainedValue().list.append("/" + String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(paths).toOpaque()))
            }
            return paths.list.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }
}
