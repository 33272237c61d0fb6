/// The zip container of `torch.save` (PyTorch ≥ 1.6): `<prefix>/data.pkl`, `<prefix>/data/<key>` storage
/// records, `<prefix>/byteorder`. Opening reads the central directory and `data.pkl` only.
enum ZipContainer {
    /// `data.pkl` is held in memory while parsing; real ones are kilobytes to a few megabytes.
    static let maxPickleBytes = 1 << 30

    static func open(path: String, file: ReadOnlyFile, context: ErrorContext) throws -> ContainerContents {
        let archive = try ZipArchive(path: path, context: context)
        let entries = try archive.entries()
        let directory = try ZipDirectory(file: file, context: context)
        let byName = try consistentEntries(entries, directory, context: context)

        // The root folder is the file's stem or `archive`; accept any single-level prefix, or none.
        let candidates = entries.filter { entry in
            guard entry.name.hasSuffix("data.pkl") else { return false }
            let prefix = entry.name.dropLast("data.pkl".count)
            return prefix.isEmpty || (prefix.hasSuffix("/") && prefix.dropLast().firstIndex(of: "/") == nil)
        }
        guard let pickleEntry = candidates.min(by: { $0.name.count < $1.name.count }) else {
            throw context.error(.missingRecord, "zip archive without a data.pkl record: not a torch.save checkpoint")
        }
        let prefix = String(pickleEntry.name.dropLast("data.pkl".count))
        for entry in entries where entry.isEncrypted {
            throw context.error(.corruptArchive, key: entry.name, "encrypted zip entries are not supported")
        }

        var isBigEndian = false
        if let order = byName[prefix + "byteorder"] {
            guard order.size <= 16 else {
                throw context.error(.corruptArchive, key: order.name, "byteorder record of \(order.size) bytes")
            }
            let text = String(decoding: try archive.read(order, offset: 0, count: order.size), as: UTF8.self)
            switch text.trimmingWhitespace {
            case "little": isBigEndian = false
            case "big": isBigEndian = true
            default: throw context.error(.corruptArchive, key: order.name, "unknown byte order '\(text.prefix(16))'")
            }
        }

        guard pickleEntry.size <= maxPickleBytes else {
            throw context.error(.lengthTooLarge, key: pickleEntry.name, "data.pkl of \(pickleEntry.size) bytes")
        }
        let pickleBytes = try archive.read(pickleEntry, offset: 0, count: pickleEntry.size)
        let pickleContext = ErrorContext(file: context.file, key: pickleEntry.name)
        let reader = PickleReader(source: MemoryBytes(bytes: pickleBytes, context: pickleContext), context: pickleContext)
        var machine = PickleMachine(reader: reader) { id, offset in
            let storage = try StorageReference.parse(id, legacy: false, context: pickleContext, offset: offset)
            let recordName = prefix + "data/" + storage.key
            guard let record = byName[recordName] else {
                throw context.error(.missingRecord, key: recordName,
                                    "the pickle (byte \(offset)) names storage '\(storage.key)' but the record is missing")
            }
            guard record.size >= storage.byteCount else {
                throw context.error(.storageMismatch, key: recordName,
                                    "record holds \(record.size) bytes but the pickle declares \(storage.elementCount) "
                                    + "\(storage.dtype.rawValue) elements (\(storage.byteCount) bytes)")
            }
            return .storage(storage)
        }
        let root = try machine.run()
        var dataOffsets: [String: Int] = [:]
        for record in directory.records where record.method == 0 { dataOffsets[record.name] = record.dataOffset }
        let store = ZipStorageStore(archive: archive, file: file, prefix: prefix, entries: byName, storedDataOffsets: dataOffsets)
        return ContainerContents(format: .torchZip, root: root, store: store, isBigEndian: isBigEndian,
                                 pickleProtocol: machine.protocolVersion, archivePrefix: prefix)
    }
}

extension ZipContainer {
    /// libzip's entries by name, once they are known to agree with our own reading of the directory and to be
    /// unambiguous: no two records whose names are equal, or equal but for a leading `./` or letter case (readers
    /// differ in which of two such records they take, so a scanner could pass one and PyTorch load the other).
    static func consistentEntries(_ entries: [ZipArchive.Entry], _ directory: ZipDirectory,
                                  context: ErrorContext) throws -> [String: ZipArchive.Entry] {
        guard entries.count == directory.records.count else {
            throw context.error(.corruptArchive, "libzip sees \(entries.count) records, the central directory lists \(directory.records.count)")
        }
        var byName: [String: ZipArchive.Entry] = [:]
        var byFoldedName: [String: String] = [:]
        for (entry, record) in zip(entries, directory.records) {
            guard entry.name == record.name, entry.size == record.size, entry.isStored == (record.method == 0) else {
                throw context.error(.corruptArchive, key: entry.name, "libzip and the central directory disagree about this record")
            }
            var folded = Substring(entry.name)
            while folded.hasPrefix("./") { folded = folded.dropFirst(2) }
            let key = folded.lowercased()
            if let other = byFoldedName[key] {
                throw context.error(.corruptArchive, key: entry.name,
                                    other == entry.name ? "the archive holds two records of this name: ambiguous, refused"
                                        : "the archive also holds '\(other)', which readers may take for this record: ambiguous, refused")
            }
            byFoldedName[key] = entry.name
            byName[entry.name] = entry
        }
        return byName
    }
}

/// Storage bytes read from `<prefix>data/<key>` records, only when asked for.
struct ZipStorageStore: StorageStore {
    let archive: ZipArchive
    /// Stored records are read in place with `pread` (no lock, so threads read in parallel); libzip inflates the rest.
    let file: ReadOnlyFile
    let prefix: String
    let entries: [String: ZipArchive.Entry]
    /// Where each stored (uncompressed) record's bytes begin in the file.
    let storedDataOffsets: [String: Int]

    func fileSpan(ofStorage key: String, byteOffset: Int, count: Int) -> Range<Int>? {
        let name = recordName(ofStorage: key)
        guard let start = storedDataOffsets[name], let entry = entries[name], byteOffset >= 0, count >= 0,
              byteOffset <= entry.size, count <= entry.size - byteOffset else { return nil }
        return (start + byteOffset)..<(start + byteOffset + count)
    }

    func recordName(ofStorage key: String) -> String { prefix + "data/" + key }

    func byteCount(ofStorage key: String) -> Int? { entries[recordName(ofStorage: key)]?.size }

    func read(storage key: String, byteOffset: Int, count: Int) throws -> [UInt8] {
        guard let entry = entries[recordName(ofStorage: key)] else {
            throw archive.context.error(.missingRecord, key: recordName(ofStorage: key), "no such storage record")
        }
        if let span = fileSpan(ofStorage: key, byteOffset: byteOffset, count: count) {
            return try file.read(at: span.lowerBound, count: span.count)
        }
        return try archive.read(entry, offset: byteOffset, count: count)
    }
}
