import COpenBLAS
import Foundation

/// Which OpenBLAS kernels this CPU should run.
///
/// OpenBLAS chooses its kernels from the CPU model once, when the library loads. Releases before about 0.3.26
/// (Debian 12 ships 0.3.21) do not know AMD's AVX-512 cores (Zen 4, Zen 5) and fall back to the AVX2 "Haswell"
/// kernels there — on a Zen 5 core that halves `sgemm` throughput (Docs/PERFORMANCE.md). The only way to change
/// the choice is the `OPENBLAS_CORETYPE` environment variable, read at load time, so the decision lives here
/// and the executables act on it (see `KernelRelaunch` in the commands module).
public enum BLASKernelChoice {
    /// The CPU feature flags OpenBLAS's AVX-512 ("SkylakeX") kernels need.
    public static let avx512Flags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// Kernel sets that use AVX2 at most: worth replacing when the CPU has AVX-512.
    static let avx2Cores: Set<String> = ["haswell", "zen", "sandybridge"]

    /// The kernels OpenBLAS loaded, e.g. "Haswell" or "SkylakeX".
    public static var activeCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The `OPENBLAS_CORETYPE` to ask for, or nil when the loaded kernels already suit the CPU.
    public static func preferredCoreType(activeCore: String, cpuFlags: Set<String>) -> String? {
        guard avx2Cores.contains(activeCore.lowercased()), avx512Flags.isSubset(of: cpuFlags) else { return nil }
        return "SkylakeX"
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
