#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large, not yet touched buffer with 2 MiB pages (transparent huge pages in `madvise` mode,
/// the common default). Reading a 1.4 GB model into fresh memory otherwise takes 340,000 page faults, each clearing
/// 4 KiB: more time in the kernel than the model takes to run. Only the 2 MiB-aligned inside of the buffer is
/// advised; elsewhere, or when the kernel says no, nothing changes.
enum HugePageAdvice {
    static let pageSize = 2 << 20
    /// Buffers below this keep small pages (a huge page for a small tensor wastes memory).
    static let minimumBytes = 4 << 20

    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= minimumBytes, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
        let end = (Int(bitPattern: base) + buffer.count) / pageSize * pageSize
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
