#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thin layer over POSIX file reading: positional reads (`pread`), so concurrent readers never share a
/// file offset and nothing is read that was not asked for.
final class ReadOnlyFile: ByteSource, @unchecked Sendable {
    let size: Int
    let context: ErrorContext
    private let descriptor: Int32

    init(path: String, context: ErrorContext) throws {
        self.context = context
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw context.error(.io, "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw context.error(.io, "cannot stat: \(message)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw context.error(.io, "not a regular file")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw context.error(.truncated, offset: offset,
                                "needs \(count) bytes at byte \(offset) but the file ends at byte \(size)")
        }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = result.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return pread(descriptor, base.advanced(by: filled), count - filled, off_t(offset + filled))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                let why = got < 0 ? String(cString: strerror(errno)) : "file shrank while reading"
                throw context.error(.io, offset: offset + filled, why)
            }
            filled += got
        }
        return result
    }
}
