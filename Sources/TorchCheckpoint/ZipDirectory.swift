import VVAESupport
/// Our own reading of a zip file's central directory and local headers, beside libzip's: it tells where each
/// record's bytes begin in the file (libzip does not say), so stored records can be hashed and copied in place, and
/// it lets the container refuse archives whose two directories, or whose records, disagree.
struct ZipDirectory {
    struct Record: Sendable, Equatable {
        let name: String
        /// 0 = stored, 8 = deflated, …
        let method: UInt16
        let compressedSize: Int
        let size: Int
        /// Where the record's (possibly compressed) bytes begin in the file.
        let dataOffset: Int
        let localHeaderOffset: Int
    }

    let records: [Record]

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50
    /// Beyond this a directory is not a checkpoint's (torch.save writes a few records per tensor).
    static let maxRecords = 1 << 22

    init(file: ReadOnlyFile, context: ErrorContext) throws {
        let size = file.size
        // The end record is 22 bytes plus a comment of at most 65,535; search that tail backwards.
        let tailCount = min(size, 22 + 65_535)
        let tail = try file.read(at: size - tailCount, count: tailCount)
        var endIndex: Int?
        var index = tail.count - 22
        while index >= 0 {
            if Self.uint32(tail, index) == Self.endSignature,
               index + 22 + Int(Self.uint16(tail, index + 20)) == tail.count {
                endIndex = index
                break
            }
            index -= 1
        }
        guard let endIndex else {
            throw context.error(.corruptArchive, "no zip end-of-central-directory record")
        }
        let endOffset = size - tailCount + endIndex
        var count = Int(Self.uint16(tail, endIndex + 10))
        var directorySize = Int(Self.uint32(tail, endIndex + 12))
        var directoryOffset = Int(Self.uint32(tail, endIndex + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            guard endOffset >= 20 else { throw context.error(.corruptArchive, "zip64 locator missing") }
            let locator = try file.read(at: endOffset - 20, count: 20)
            guard Self.uint32(locator, 0) == Self.zip64LocatorSignature else {
                throw context.error(.corruptArchive, offset: endOffset - 20, "zip64 end locator missing")
            }
            let recordOffset = try Self.checkedInt(Self.uint64(locator, 8), context, "zip64 end record offset")
            let record = try file.read(at: recordOffset, count: 56)
            guard Self.uint32(record, 0) == Self.zip64EndSignature else {
                throw context.error(.corruptArchive, offset: recordOffset, "zip64 end record missing")
            }
            count = try Self.checkedInt(Self.uint64(record, 32), context, "zip64 entry count")
            directorySize = try Self.checkedInt(Self.uint64(record, 40), context, "zip64 directory size")
            directoryOffset = try Self.checkedInt(Self.uint64(record, 48), context, "zip64 directory offset")
        }
        guard count <= Self.maxRecords else {
            throw context.error(.lengthTooLarge, "zip directory claims \(count) records")
        }
        guard directoryOffset <= size, directorySize <= size - directoryOffset else {
            throw context.error(.truncated, offset: directoryOffset,
                                "zip central directory of \(directorySize) bytes at byte \(directoryOffset) runs past the file's end (\(size))")
        }
        let directory = try file.read(at: directoryOffset, count: directorySize)
        var records: [Record] = []
        records.reserveCapacity(count)
        var position = 0
        for number in 0..<count {
            guard position + 46 <= directory.count, Self.uint32(directory, position) == Self.centralSignature else {
                throw context.error(.corruptArchive, offset: directoryOffset + position,
                                    "zip central directory entry \(number) is missing or malformed")
            }
            let method = Self.uint16(directory, position + 10)
            var compressed = UInt64(Self.uint32(directory, position + 20))
            var uncompressed = UInt64(Self.uint32(directory, position + 24))
            let nameLength = Int(Self.uint16(directory, position + 28))
            let extraLength = Int(Self.uint16(directory, position + 30))
            let commentLength = Int(Self.uint16(directory, position + 32))
            var localOffset = UInt64(Self.uint32(directory, position + 42))
            let nameStart = position + 46
            let end = nameStart + nameLength + extraLength + commentLength
            guard end <= directory.count else {
                throw context.error(.corruptArchive, offset: directoryOffset + position,
                                    "zip central directory entry \(number) runs past the directory")
            }
            let name = String(decoding: directory[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // Zip64 extra field: the 64-bit values of whichever 32-bit fields are saturated, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.uint16(directory, extra)
                let length = Int(Self.uint16(directory, extra + 2))
                let body = extra + 4
                guard body + length <= extraEnd else { break }
                if id == 0x0001 {
                    var field = body
                    func next() throws -> UInt64 {
                        guard field + 8 <= body + length else {
                            throw context.error(.corruptArchive, key: name, "zip64 extra field too short")
                        }
                        defer { field += 8 }
                        return Self.uint64(directory, field)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if localOffset == 0xFFFF_FFFF { localOffset = try next() }
                }
                extra = body + length
            }
            records.append(Record(name: name, method: method,
                                  compressedSize: try Self.checkedInt(compressed, context, "size of \(name)"),
                                  size: try Self.checkedInt(uncompressed, context, "size of \(name)"),
                                  dataOffset: 0,
                                  localHeaderOffset: try Self.checkedInt(localOffset, context, "offset of \(name)")))
            position = end
        }

        // Each local header must name the same record, and the records' bytes must lie inside the file, before the
        // central directory, and apart from each other.
        var located: [Record] = []
        located.reserveCapacity(records.count)
        for record in records {
            let headerOffset = record.localHeaderOffset
            guard headerOffset <= directoryOffset, 30 <= directoryOffset - headerOffset else {
                throw context.error(.corruptArchive, key: record.name,
                                    "local header at byte \(headerOffset) lies outside the archive's records")
            }
            let header = try file.read(at: headerOffset, count: 30)
            guard Self.uint32(header, 0) == Self.localSignature else {
                throw context.error(.corruptArchive, offset: headerOffset, key: record.name, "no local header where the central directory points")
            }
            let nameLength = Int(Self.uint16(header, 26))
            let extraLength = Int(Self.uint16(header, 28))
            let localName = try file.read(at: headerOffset + 30, count: min(nameLength, directoryOffset - headerOffset - 30))
            guard String(decoding: localName, as: UTF8.self) == record.name, Self.uint16(header, 8) == record.method else {
                throw context.error(.corruptArchive, offset: headerOffset, key: record.name,
                                    "the local header (\(UntrustedText.escaped(bytes: localName, limit: 80)), method \(Self.uint16(header, 8))) "
                                    + "disagrees with the central directory (method \(record.method))")
            }
            let dataOffset = headerOffset + 30 + nameLength + extraLength
            guard dataOffset <= directoryOffset, record.compressedSize <= directoryOffset - dataOffset else {
                throw context.error(.truncated, offset: dataOffset, key: record.name,
                                    "record of \(record.compressedSize) bytes at byte \(dataOffset) runs into the central directory")
            }
            located.append(Record(name: record.name, method: record.method, compressedSize: record.compressedSize,
                                  size: record.size, dataOffset: dataOffset, localHeaderOffset: headerOffset))
        }
        let ordered = located.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (earlier, later) in zip(ordered, ordered.dropFirst())
        where earlier.dataOffset + earlier.compressedSize > later.localHeaderOffset {
            throw context.error(.corruptArchive, key: later.name, "record overlaps record '\(earlier.name)'")
        }
        self.records = located
    }

    private static func checkedInt(_ value: UInt64, _ context: ErrorContext, _ what: String) throws -> Int {
        guard value <= UInt64(Int.max / 2) else { throw context.error(.lengthTooLarge, "zip \(what) is \(value)") }
        return Int(value)
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(uint16(bytes, at)) | UInt32(uint16(bytes, at + 2)) << 16
    }

    private static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(uint32(bytes, at)) | UInt64(uint32(bytes, at + 4)) << 32
    }
}
