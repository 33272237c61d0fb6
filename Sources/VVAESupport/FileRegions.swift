import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read by regions mapped in place: hashing a checkpoint's records this way costs no copy, and a region is
/// unmapped as soon as its work is done, so resident memory follows the regions in use, never the file. The only
/// place besides `PositionalWriter` where conversion touches raw file memory. Safe to share across threads.
public final class MappedReader: @unchecked Sendable {
    public let path: String
    public let size: Int
    let descriptor: Int32

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SupportError.cannotOpen(path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw SupportError.cannotOpen(path: path)
        }
        self.path = path
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Maps `range` for the duration of `body`.
    func withBytes<Result>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw SupportError.cannotRead(path: path, reason: "bytes \(range) lie outside the file (\(size) bytes)")
        }
        if range.isEmpty { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        let length = range.upperBound - start
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, length, PROT_READ, flags, descriptor, off_t(start)), base != MAP_FAILED else {
            throw SupportError.cannotRead(path: path, reason: "cannot map bytes \(range): \(String(cString: strerror(errno)))")
        }
        defer { munmap(base, length) }
        return try body(UnsafeRawBufferPointer(start: base.advanced(by: range.lowerBound - start), count: range.count))
    }

    /// The bytes in `range`, read (not mapped) into an array of their own.
    public func bytes(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw SupportError.cannotRead(path: path, reason: "bytes \(range) lie outside the file (\(size) bytes)")
        }
        var failure: SupportError?
        let result = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialised in
            var filled = 0
            while filled < range.count {
                let got = pread(descriptor, buffer.baseAddress?.advanced(by: filled), range.count - filled,
                                off_t(range.lowerBound + filled))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failure = .cannotRead(path: path, reason: got < 0 ? String(cString: strerror(errno)) : "the file shrank while reading")
                    break
                }
                filled += got
            }
            if filled < range.count { buffer.baseAddress?.advanced(by: filled).initialize(repeating: 0, count: range.count - filled) }
            initialised = range.count
        }
        if let failure { throw failure }
        return result
    }

    /// SHA-256 of the bytes in `range`, mapped in windows of `window` bytes; `progress` hears each window's size.
    public func hexDigest(of range: Range<Int>, window: Int = 32 << 20, progress: ((Int) -> Void)? = nil) throws -> String {
        var digest = StreamingDigest()
        var position = range.lowerBound
        repeat {
            let end = min(position + max(window, 1), range.upperBound)
            try withBytes(position..<end) { digest.update($0) }
            progress?(end - position)
            position = end
        } while position < range.upperBound
        return digest.hexDigest()
    }

    /// SHA-256 of the whole file.
    public func hexDigest(progress: ((Int) -> Void)? = nil) throws -> String {
        try hexDigest(of: 0..<size, progress: progress)
    }
}

/// Writes bytes at given offsets of an existing file: the raw data of datasets whose space a container format has
/// already reserved. Positional writes share no file offset, so threads may fill different regions at once.
public final class PositionalWriter: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    /// Opens an existing file, or with `create` makes a new one (never replacing a file that exists).
    public init(path: String, create: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0), 0o644)
        guard fd >= 0 else {
            throw SupportError.cannotFinish(path: path, reason: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        self.path = path
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: some ContiguousBytes, at offset: Int) throws {
        try bytes.withUnsafeBytes { try write(raw: $0, at: offset) }
    }

    func write(raw: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < raw.count {
            guard let base = raw.baseAddress else { return }
            let wrote = pwrite(descriptor, base.advanced(by: done), raw.count - done, off_t(offset + done))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw failure("write") }
            done += wrote
        }
    }

    /// Copies `range` of `source` to `offset`, inside the kernel where it can (`copy_file_range`: no pass through
    /// user memory), else through a mapping of the source.
    public func copy(_ range: Range<Int>, of source: MappedReader, to offset: Int) throws {
        guard range.lowerBound >= 0, range.upperBound <= source.size else {
            throw SupportError.cannotRead(path: source.path, reason: "bytes \(range) lie outside the file (\(source.size) bytes)")
        }
        var done = 0
        #if os(Linux)
        while done < range.count {
            var from = Int64(range.lowerBound + done)
            var to = Int64(offset + done)
            guard let copyFileRange = Self.copyFileRange else { break }
            let copied = copyFileRange(source.descriptor, &from, descriptor, &to, range.count - done, 0)
            if copied < 0 && errno == EINTR { continue }
            if copied <= 0 {
                // Not supported between these files (another file system, an old kernel): copy the rest by hand.
                if copied == 0 || [EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, EBADF].contains(errno) { break }
                throw failure("copy into")
            }
            done += copied
        }
        #endif
        if done < range.count {
            try source.withBytes((range.lowerBound + done)..<range.upperBound) { try write(raw: $0, at: offset + done) }
        }
    }

    #if os(Linux)
    private typealias CopyFileRange = @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32,
                                                      UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int
    /// glibc's `copy_file_range` (2.27+), looked up at run time: Swift's Glibc module hides it behind _GNU_SOURCE.
    private static let copyFileRange: CopyFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") else { return nil }
        return unsafeBitCast(symbol, to: CopyFileRange.self)
    }()
    #endif

    /// Sets the file's length (new bytes read as zeros and take no disk space until written).
    public func setLength(_ length: Int) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw failure("resize") }
    }

    /// Allocates the file's blocks up to `length` before the data is written, where the file system can (Linux
    /// `fallocate`); a no-op elsewhere. Filling allocated blocks skips the file system's delayed allocation, which
    /// on ext4 makes large writes several times faster and far steadier.
    public func preallocate(length: Int) {
        #if os(Linux)
        guard length > 0, let fallocate = Self.fallocate else { return }
        _ = fallocate(descriptor, 0, 0, Int64(length))
        #endif
    }

    #if os(Linux)
    private typealias Fallocate = @convention(c) (Int32, Int32, Int64, Int64) -> Int32
    private static let fallocate: Fallocate? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate64") ?? dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate") else { return nil }
        return unsafeBitCast(symbol, to: Fallocate.self)
    }()
    #endif

    /// Forces the written data to the disk.
    public func synchronise() throws {
        guard fsync(descriptor) == 0 else { throw failure("sync") }
    }

    private func failure(_ what: String) -> SupportError {
        .cannotFinish(path: path, reason: "\(what) failed: \(String(cString: strerror(errno)))")
    }
}
