#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator treats the large, short-lived activation buffers of a forward pass.
///
/// glibc serves every allocation above its mmap threshold (at most 32 MB) with a fresh `mmap` and returns it with
/// `munmap` on free, so each activation of a full-size layer (tens to hundreds of MB) is faulted in page by page
/// again, every layer: 2.2 s of kernel time in a 7.7 s encode of the 16z model, 3.7 s in a 13 s decode
/// (Docs/PERFORMANCE.md). Serving them from the heap and keeping freed heap memory for the next layer removes
/// most of that. Peak memory is unchanged: what is kept is what the next layer asks for again.
public enum AllocatorPolicy {
    /// Large allocations from the heap (no per-allocation `mmap`), and freed heap memory kept rather than
    /// trimmed. A process-wide setting: the `vvae` command calls it at start-up; a program embedding the runtime
    /// may call it too. Does nothing where the C library is not glibc.
    public static func reuseFreedMemory() {
        #if canImport(Glibc)
        guard let mallopt else { return }
        _ = mallopt(mmapMax, 0)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }

    #if canImport(Glibc)
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `mallopt`, looked up at run time: Swift's Glibc module does not include `<malloc.h>`.
    private static let mallopt: Mallopt? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: Mallopt.self)
    }()
    /// `M_MMAP_MAX` and `M_TRIM_THRESHOLD` of `<malloc.h>`.
    private static let mmapMax: Int32 = -4
    private static let trimThreshold: Int32 = -1
    #endif
}
