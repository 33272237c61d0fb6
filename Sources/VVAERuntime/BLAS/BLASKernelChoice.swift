import COpenBLAS
import Foundation

/// Which OpenBLAS kernels run, and choosing better ones when OpenBLAS did not.
///
/// OpenBLAS picks its kernels from the CPU model when it loads, unless `OPENBLAS_CORETYPE` names a set. A CPU newer
/// than the library gets a fallback: Debian's 0.3.21 runs its SSE3 "Prescott" kernels on Sapphire Rapids (4× slower
/// than its AVX-512 "SkylakeX" ones) and its AVX2 "Haswell" kernels on Zen 5. The variable is read only when the
/// library loads, so the fix is to start the process again with it set: `relaunchWithBestKernelsIfNeeded` does that
/// once, before any work, unless the user (or the machine image) set the variable, which is always respected.
public enum BLASKernelChoice {
    /// How much vector hardware a kernel set (or a CPU) uses; higher is faster.
    public enum Tier: Int, Comparable, Sendable, CustomStringConvertible {
        case generic = 0, avx, avx2, avx512

        public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .generic: return "SSE only"
            case .avx: return "AVX"
            case .avx2: return "AVX2+FMA"
            case .avx512: return "AVX-512"
            }
        }

        /// The kernel set OpenBLAS should load for a CPU of this tier; nil where its own pick is as good as any.
        var coreType: String? {
            switch self {
            case .avx512: return "SkylakeX"
            case .avx2: return "Haswell"
            case .avx: return "Sandybridge"
            case .generic: return nil
            }
        }
    }

    /// The CPU feature flags OpenBLAS's AVX-512 ("SkylakeX") kernels need.
    public static let avx512Flags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// The environment variable that marks a process vvae started again with its own choice (so it never loops).
    /// Its value says what happened: `chosen:<OpenBLAS's pick>` or `fallback:<the set that failed its self-check>`.
    public static let relaunchMarker = "VVAE_OPENBLAS_RELAUNCH"

    /// The kernels OpenBLAS loaded, e.g. "Haswell" or "SkylakeX".
    public static var activeCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: .whitespaces)
    }

    /// What a kernel set named by `openblas_get_corename` uses.
    public static func tier(ofCore core: String) -> Tier {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return .avx512
        case "haswell", "zen", "excavator": return .avx2
        case "sandybridge", "bulldozer", "piledriver", "steamroller": return .avx
        default: return .generic
        }
    }

    /// What a CPU with these `/proc/cpuinfo` flags can run.
    public static func tier(ofCPU flags: Set<String>) -> Tier {
        if avx512Flags.isSubset(of: flags) { return .avx512 }
        if flags.contains("avx2") && flags.contains("fma") { return .avx2 }
        if flags.contains("avx") { return .avx }
        return .generic
    }

    /// The `OPENBLAS_CORETYPE` that would run faster than `activeCore` on this CPU, or nil when it already fits.
    public static func fasterCoreType(activeCore: String, cpuFlags: Set<String>) -> String? {
        let cpu = tier(ofCPU: cpuFlags)
        guard cpu > tier(ofCore: activeCore) else { return nil }
        return cpu.coreType
    }

    /// What to do at start-up, decided from facts alone (so tests can give any CPU and environment).
    public enum Decision: Equatable, Sendable {
        /// Start again with `OPENBLAS_CORETYPE` set to this.
        case relaunch(coreType: String)
        /// Run with the loaded kernels.
        case keep
    }

    public static func decide(activeCore: String, cpuFlags: Set<String>, environment: [String: String]) -> Decision {
        // The user's (or the image's) explicit choice, and a process vvae already started again, are final.
        if environment["OPENBLAS_CORETYPE"] != nil || environment[relaunchMarker] != nil { return .keep }
        guard let better = fasterCoreType(activeCore: activeCore, cpuFlags: cpuFlags) else { return .keep }
        return .relaunch(coreType: better)
    }

    /// Why these kernels run, in one line, for `vvae doctor` and the bench.
    public static func explanation(activeCore: String, cpuFlags: Set<String>, environment: [String: String]) -> String {
        let cpu = tier(ofCPU: cpuFlags)
        let marker = environment[relaunchMarker] ?? ""
        if marker.hasPrefix("chosen:") {
            let picked = marker.dropFirst("chosen:".count)
            return "chosen by vvae: OpenBLAS picked \(picked) (\(tier(ofCore: String(picked)))) on a CPU with \(cpu); "
                + "sgemm self-check passed"
        }
        if marker.hasPrefix("fallback:") {
            return "OpenBLAS's own pick: vvae's choice \(marker.dropFirst("fallback:".count)) failed its sgemm self-check"
        }
        if let set = environment["OPENBLAS_CORETYPE"] {
            let note = fasterCoreType(activeCore: activeCore, cpuFlags: cpuFlags).map {
                "; this CPU could run \($0) (\(cpu)), unset the variable to let vvae choose"
            } ?? ""
            return "set by OPENBLAS_CORETYPE=\(set) in the environment\(note)"
        }
        if fasterCoreType(activeCore: activeCore, cpuFlags: cpuFlags) != nil {
            return "OpenBLAS's own pick, slower than this CPU allows (\(cpu))"
        }
        return "OpenBLAS's own pick, the best this CPU (\(cpu)) runs"
    }

    /// The feature flags of the first CPU in `/proc/cpuinfo` (empty where there is no such file).
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        Set(cpuField("flags", cpuinfo: path)?.split(separator: " ").map(String.init) ?? [])
    }

    /// A field of the first CPU in `/proc/cpuinfo`, e.g. `model name`.
    public static func cpuField(_ name: String, cpuinfo path: String = "/proc/cpuinfo") -> String? {
        // Read to the end rather than by file size: /proc files report a size of 0.
        guard let handle = FileHandle(forReadingAtPath: path),
              let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else { return nil }
        try? handle.close()
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces) == name else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Multiplies small fixed matrices with the loaded kernels and with a plain Double loop; true when every element
    /// agrees within float32 rounding of its dot product (a wrong kernel set is off by far more).
    public static func selfCheck() -> Bool {
        let (m, n, k) = (37, 45, 67)
        let a = (0..<(m * k)).map { Float(sin(Double($0) * 0.37)) }
        let b = (0..<(k * n)).map { Float(cos(Double($0) * 0.11)) }
        var c = [Float](repeating: 0, count: m * n)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n),
                    0, &c, Int32(n))
        for row in 0..<m {
            for column in 0..<n {
                var exact = 0.0
                var magnitude = 0.0
                for index in 0..<k {
                    let term = Double(a[row * k + index]) * Double(b[index * n + column])
                    exact += term
                    magnitude += abs(term)
                }
                guard abs(Double(c[row * n + column]) - exact) <= 1e-5 * magnitude + 1e-30 else { return false }
            }
        }
        return true
    }

    /// Starts this process again with the best kernels when OpenBLAS loaded weaker ones and nobody chose; in the
    /// process vvae started, checks the choice with `selfCheck` and falls back to OpenBLAS's own pick if it fails.
    /// Returns only when the current process is the one to run (the exec failed, or nothing was to be done).
    ///
    /// Two variables exist for the tests of this path only: `VVAE_TEST_OPENBLAS_PICK` stands in for the kernels
    /// OpenBLAS loaded, `VVAE_TEST_SELFCHECK_FAIL` makes the self-check fail.
    public static func relaunchWithBestKernelsIfNeeded(arguments: [String] = CommandLine.arguments) {
        let environment = ProcessInfo.processInfo.environment
        let marker = environment[relaunchMarker] ?? ""
        if marker.hasPrefix("chosen:") {
            guard environment["VVAE_TEST_SELFCHECK_FAIL"] != nil || !selfCheck() else { return }
            let failed = activeCore
            unsetenv("OPENBLAS_CORETYPE")
            unsetenv("VVAE_TEST_OPENBLAS_PICK")
            setenv(relaunchMarker, "fallback:" + failed, 1)
            ProcessRestart.exec(arguments)
            return
        }
        let picked = environment["VVAE_TEST_OPENBLAS_PICK"] ?? activeCore
        guard case .relaunch(let coreType) = decide(activeCore: picked, cpuFlags: cpuFlags(), environment: environment) else {
            return
        }
        setenv(relaunchMarker, "chosen:" + picked, 1)
        setenv("OPENBLAS_CORETYPE", coreType, 1)
        ProcessRestart.exec(arguments)
        // exec failed: run on with what is loaded, and leave the environment as it was.
        unsetenv(relaunchMarker)
        unsetenv("OPENBLAS_CORETYPE")
    }

    /// The environment as the user gave it: without what `relaunchWithBestKernelsIfNeeded` added, for child processes
    /// that are not vvae (a benchmark's peers must not inherit vvae's kernel choice).
    public static func userEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var result = environment
        if let marker = result.removeValue(forKey: relaunchMarker), marker.hasPrefix("chosen:") {
            result.removeValue(forKey: "OPENBLAS_CORETYPE")
        }
        return result
    }
}
