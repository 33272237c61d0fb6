/// The legacy container (PyTorch < 1.6): five pickles in a row — magic number, protocol version, sys_info, the
/// object, the sorted storage keys — then for each key an int64 element count followed by the raw bytes.
/// Opening parses the pickles and reads each 8-byte count, seeking over the data.
enum LegacyContainer {
    static let magicNumber = "119547037146038801333356"  // 0x1950a86a20f9469cfc6c
    static let protocolVersion: Int64 = 1001

    static func open(file: ReadOnlyFile, context: ErrorContext) throws -> ContainerContents {
        var position = 0
        func nextPickle(_ what: String, persistentLoad: @escaping PickleMachine.PersistentLoad = { _, offset in
            throw context.error(.malformedPickle, offset: offset, "persistent id outside the object pickle")
        }) throws -> (PickleValue, Int) {
            let pickleContext = ErrorContext(file: context.file, key: what)
            var machine = PickleMachine(reader: PickleReader(source: file, context: pickleContext, position: position),
                                        persistentLoad: persistentLoad)
            let value = try machine.run()
            position = machine.reader.position
            return (value, machine.protocolVersion)
        }

        let (magic, _) = try nextPickle("magic number")
        guard case .bigInt(let digits) = magic, digits == magicNumber else {
            throw context.error(.notACheckpoint, offset: 0,
                                "a pickle, but not a PyTorch file: it starts with \(magic), not the torch magic number")
        }
        let (version, _) = try nextPickle("protocol version")
        guard version.intValue == protocolVersion else {
            throw context.error(.unknownFormat, "legacy protocol version \(version), expected \(protocolVersion)")
        }
        let (sysInfo, _) = try nextPickle("sys_info")
        var littleEndian = true
        if case .bool(let flag)? = sysInfo["little_endian"] { littleEndian = flag }

        // Every storage the object pickle names, by key; a key named twice must declare the same byte size.
        let declared = StorageDeclarations(context: context)
        let (root, pickleProtocol) = try nextPickle("object pickle") { id, offset in
            let storage = try StorageReference.parse(id, legacy: true, context: ErrorContext(file: context.file,
                                                     key: "object pickle"), offset: offset)
            try declared.add(storage)
            return .storage(storage)
        }
        let (keyList, _) = try nextPickle("storage keys")
        guard let keyItems = keyList.sequenceItems else {
            throw context.error(.malformedPickle, key: "storage keys", "storage key list is \(keyList)")
        }

        var spans: [String: LegacyStorageStore.Span] = [:]
        for item in keyItems {
            guard let key = item.stringValue else {
                throw context.error(.malformedPickle, key: "storage keys", "storage key \(item) is not a string")
            }
            guard let storage = declared.storages[key] else {
                throw context.error(.missingRecord, key: key, "storage listed but never named by the object pickle")
            }
            let countBytes = try file.read(at: position, count: 8)
            let raw = countBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            let count = Int64(bitPattern: littleEndian ? raw : raw.byteSwapped)
            guard count >= 0, count <= Int64(Int.max / 64),
                  Int(count) * storage.dtype.byteSize == storage.byteCount else {
                throw context.error(.storageMismatch, offset: position, key: key,
                                    "stored element count \(count) but the pickle declares \(storage.elementCount) "
                                    + "\(storage.dtype.rawValue) elements")
            }
            let dataStart = position + 8
            guard storage.byteCount <= file.size - dataStart else {
                throw context.error(.truncated, offset: dataStart, key: key,
                                    "storage needs \(storage.byteCount) bytes but the file ends at byte \(file.size)")
            }
            spans[key] = LegacyStorageStore.Span(offset: dataStart, count: storage.byteCount)
            position = dataStart + storage.byteCount
        }
        for key in declared.storages.keys where spans[key] == nil {
            throw context.error(.missingRecord, key: key, "storage named by the pickle but absent from the key list")
        }
        return ContainerContents(format: .torchLegacy, root: root,
                                 store: LegacyStorageStore(file: file, spans: spans), isBigEndian: !littleEndian,
                                 pickleProtocol: pickleProtocol, archivePrefix: nil)
    }
}

/// Collects the storages a legacy pickle names (a class because the persistent-load closure escapes).
private final class StorageDeclarations {
    let context: ErrorContext
    private(set) var storages: [String: StorageReference] = [:]

    init(context: ErrorContext) { self.context = context }

    func add(_ storage: StorageReference) throws {
        if let known = storages[storage.key] {
            guard known.byteCount == storage.byteCount else {
                throw context.error(.storageMismatch, key: storage.key,
                                    "storage declared as \(known.byteCount) and as \(storage.byteCount) bytes")
            }
        } else {
            storages[storage.key] = storage
        }
    }
}

/// Storage bytes read in place from the legacy file, only when asked for.
struct LegacyStorageStore: StorageStore {
    struct Span: Sendable {
        let offset: Int
        let count: Int
    }

    let file: ReadOnlyFile
    let spans: [String: Span]

    func recordName(ofStorage key: String) -> String { "storage \(key)" }

    func byteCount(ofStorage key: String) -> Int? { spans[key]?.count }

    func fileSpan(ofStorage key: String, byteOffset: Int, count: Int) -> Range<Int>? {
        guard let span = spans[key], byteOffset >= 0, count >= 0, byteOffset <= span.count,
              count <= span.count - byteOffset else { return nil }
        return (span.offset + byteOffset)..<(span.offset + byteOffset + count)
    }

    func read(storage key: String, byteOffset: Int, count: Int) throws -> [UInt8] {
        guard let span = fileSpan(ofStorage: key, byteOffset: byteOffset, count: count) else {
            throw file.context.error(.truncated, key: key, "read outside the storage's bytes")
        }
        return try file.read(at: span.lowerBound, count: span.count)
    }
}
