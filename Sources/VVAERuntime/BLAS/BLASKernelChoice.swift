import COpenBLAS
import Foundation

/// Which OpenBLAS kernels run, and whether the CPU could run faster ones.
///
/// OpenBLAS picks its kernels from the CPU model when it loads, unless `OPENBLAS_CORETYPE` names a set. Forcing
/// the AVX2 "Haswell" set on an AVX-512 CPU (some machine images do, for reproducibility) halves `sgemm`
/// throughput on a Zen 5 core (Docs/PERFORMANCE.md), so the benchmark reports the kernels it ran with and says
/// when they are not the CPU's best.
public enum BLASKernelChoice {
    /// The CPU feature flags OpenBLAS's AVX-512 ("SkylakeX") kernels need.
    public static let avx512Flags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// Kernel sets that use AVX2 at most.
    static let avx2Cores: Set<String> = ["haswell", "zen", "sandybridge"]

    /// The kernels OpenBLAS loaded, e.g. "Haswell" or "Cooperlake".
    public static var activeCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The `OPENBLAS_CORETYPE` that would run faster, or nil when the loaded kernels already suit the CPU.
    public static func fasterCoreType(activeCore: String, cpuFlags: Set<String>) -> String? {
        guard avx2Cores.contains(activeCore.lowercased()), avx512Flags.isSubset(of: cpuFlags) else { return nil }
        return "SkylakeX"
    }

    /// A one-line note for reports when the loaded kernels are slower than the CPU allows, else nil.
    public static func slowKernelNote(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let active = activeCore
        guard let faster = fasterCoreType(activeCore: active, cpuFlags: cpuFlags()) else { return nil }
        let cause = environment["OPENBLAS_CORETYPE"].map { " because OPENBLAS_CORETYPE=\($0) is set" } ?? ""
        return "note: OpenBLAS runs its \(active) (AVX2) kernels\(cause); this CPU has AVX-512 — "
            + "OPENBLAS_CORETYPE=\(faster) (or unset) is up to twice as fast"
    }

    /// The feature flags of the first CPU in `/proc/cpuinfo` (empty where there is no such file).
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        // Read to the end rather than by file size: /proc files report a size of 0.
        guard let handle = FileHandle(forReadingAtPath: path),
              let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else { return [] }
        try? handle.close()
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
