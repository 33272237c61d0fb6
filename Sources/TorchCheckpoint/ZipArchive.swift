import CLibZip
import Foundation

/// The thin layer over libzip: the only place in the zip path that touches C pointers. One archive handle is
/// kept open for the checkpoint's lifetime; libzip handles are not thread-safe, so every call takes the lock.
final class ZipArchive: @unchecked Sendable {
    struct Entry: Sendable {
        let index: UInt64
        let name: String
        /// Uncompressed size.
        let size: Int
        let isStored: Bool
        let isEncrypted: Bool
    }

    let context: ErrorContext
    private let handle: OpaquePointer
    private let lock = NSLock()

    init(path: String, context: ErrorContext) throws {
        self.context = context
        var code: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY, &code) else {
            let message = Self.message(forCode: code)
            let kind: CheckpointError.Kind = code == ZIP_ER_NOZIP ? .truncated : .corruptArchive
            throw context.error(kind, "starts like a zip archive but libzip cannot open it (\(message)); "
                                + "the file is truncated or corrupt")
        }
        self.handle = handle
    }

    deinit { zip_discard(handle) }

    /// Every entry of the central directory.
    func entries() throws -> [Entry] {
        lock.lock()
        defer { lock.unlock() }
        let count = zip_get_num_entries(handle, 0)
        guard count >= 0 else { throw context.error(.corruptArchive, "cannot count entries: \(archiveMessage())") }
        var result: [Entry] = []
        result.reserveCapacity(Int(count))
        for index in 0..<UInt64(count) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(handle, index, ZIP_FL_ENC_RAW, &stat) == 0, let rawName = stat.name else {
                throw context.error(.corruptArchive, "unreadable central directory entry \(index): \(archiveMessage())")
            }
            guard stat.size <= UInt64(Int.max / 2) else {
                throw context.error(.lengthTooLarge, key: String(cString: rawName), "entry claims \(stat.size) bytes")
            }
            let isStored = stat.comp_method == UInt16(ZIP_CM_STORE)
            // A stored record holds its bytes as they are: a size other than the stored length is a lie that
            // would make a reader allocate what the file does not hold.
            if isStored, stat.size != stat.comp_size {
                throw context.error(.corruptArchive, key: String(cString: rawName),
                                    "stored record claims \(stat.size) bytes but holds \(stat.comp_size)")
            }
            result.append(Entry(index: index, name: String(cString: rawName), size: Int(stat.size),
                                isStored: isStored,
                                isEncrypted: stat.encryption_method != UInt16(ZIP_EM_NONE)))
        }
        return result
    }

    /// `count` bytes of `entry` starting `offset` bytes into its uncompressed data. Stored entries seek straight
    /// to the offset; compressed ones are inflated and the leading bytes discarded.
    func read(_ entry: Entry, offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= entry.size, count <= entry.size - offset else {
            throw context.error(.truncated, offset: offset, key: entry.name,
                                "needs \(count) bytes but the record holds \(entry.size)")
        }
        if count == 0 { return [] }
        lock.lock()
        defer { lock.unlock() }
        guard let file = zip_fopen_index(handle, entry.index, 0) else {
            throw context.error(.corruptArchive, key: entry.name, "cannot open the record: \(archiveMessage())")
        }
        defer { zip_fclose(file) }
        if offset > 0 {
            if !(entry.isStored && zip_fseek(file, Int64(offset), SEEK_SET) == 0) {
                var scratch = [UInt8](repeating: 0, count: min(offset, 1 << 20))
                var skipped = 0
                while skipped < offset {
                    let step = min(scratch.count, offset - skipped)
                    let got = scratch.withUnsafeMutableBytes { buffer -> Int64 in
                        guard let base = buffer.baseAddress else { return -1 }
                        return zip_fread(file, base, UInt64(step))
                    }
                    guard got > 0 else { throw readError(file, entry, at: skipped, got: got) }
                    skipped += Int(got)
                }
            }
        }
        // A stored record's bytes are in the file (its size is its stored length, and the directory checked the
        // extent), so its size is honest. A compressed record's size is only what the archive claims: a 500-byte
        // file may claim 800 MB. Its buffer grows with the bytes that really come out of the decompressor, a step
        // at a time.
        var result: [UInt8] = []
        result.reserveCapacity(entry.isStored ? count : min(count, Self.growthStep))
        while result.count < count {
            let filled = result.count
            let step = min(count - filled, entry.isStored ? count : Self.growthStep)
            result.append(contentsOf: repeatElement(0, count: step))
            let got = result.withUnsafeMutableBytes { buffer -> Int64 in
                guard let base = buffer.baseAddress else { return -1 }
                return zip_fread(file, base.advanced(by: filled), UInt64(step))
            }
            guard got > 0 else { throw readError(file, entry, at: offset + filled, got: got) }
            result.removeLast(step - Int(got))
        }
        return result
    }

    /// How much a compressed record's buffer grows per read.
    private static let growthStep = 16 << 20

    private func readError(_ file: OpaquePointer, _ entry: Entry, at position: Int, got: Int64) -> CheckpointError {
        let why = got < 0 ? String(cString: zip_file_strerror(file)) : "record ends early"
        return context.error(.corruptArchive, offset: position, key: entry.name, "cannot read the record: \(why)")
    }

    private func archiveMessage() -> String { String(cString: zip_strerror(handle)) }

    private static func message(forCode code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
