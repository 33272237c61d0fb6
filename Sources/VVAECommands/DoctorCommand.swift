import ArgumentParser
import Foundation
import VVAERuntime

/// `vvae doctor`: what this machine gives the runtime — the CPU, its vector features, the OpenBLAS kernels in use
/// and why.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the CPU, its vector features, and which OpenBLAS kernels vvae runs with and why.",
        discussion: """
        OpenBLAS picks its kernels from the CPU model when it loads; on a CPU newer than the library it falls back to \
        slower ones. vvae then starts itself again, once, with OPENBLAS_CORETYPE naming the best set the CPU runs \
        (SkylakeX for AVX-512, Haswell for AVX2 with FMA) and checks it with a small matrix product; an \
        OPENBLAS_CORETYPE you set yourself is always kept.

        Example:
          vvae doctor
        """
    )

    /// The features worth knowing for dense float32 work, in the order shown.
    static let shownFeatures = ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq",
                                "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile",
                                "amx_bf16", "sha_ni"]

    func run() throws {
        let flags = BLASKernelChoice.cpuFlags()
        let environment = ProcessInfo.processInfo.environment
        let model = BLASKernelChoice.cpuField("model name") ?? "unknown"
        let vendor = BLASKernelChoice.cpuField("vendor_id") ?? "unknown"
        let family = BLASKernelChoice.cpuField("cpu family").map { " family \($0)" } ?? ""
        print("CPU: \(model) (\(vendor)\(family)), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let present = Self.shownFeatures.filter(flags.contains)
        print("vector features: \(present.isEmpty ? "none of note" : present.joined(separator: " ")) → \(BLASKernelChoice.tier(ofCPU: flags))")
        let core = BLASKernelChoice.activeCore
        print("OpenBLAS kernels: \(core) (\(BLASKernelChoice.tier(ofCore: core))) — "
              + BLASKernelChoice.explanation(activeCore: core, cpuFlags: flags, environment: environment))
        print("OpenBLAS build: \(BLASKernelChoice.configuration)")
        print("sgemm self-check: \(BLASKernelChoice.selfCheck() ? "passed" : "FAILED (results would be wrong)")")
    }
}
