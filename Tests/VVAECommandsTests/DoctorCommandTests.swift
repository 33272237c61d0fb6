import Testing
import TestSupport
import VVAERuntime

/// `vvae doctor` and the start-up kernel choice, end to end through the executable (which starts itself again).
struct DoctorCommandTests {
    /// The environment a user with no OpenBLAS settings has.
    private let clean = ["OPENBLAS_CORETYPE", BLASKernelChoice.relaunchMarker, "VVAE_TEST_OPENBLAS_PICK", "VVAE_TEST_SELFCHECK_FAIL"]

    private func kernelLine(_ output: String) -> String {
        output.split(separator: "\n").first { $0.hasPrefix("OpenBLAS kernels:") }.map(String.init) ?? ""
    }

    @Test func reportsTheCPUAndTheKernels() throws {
        let result = try ToolRunner.run("vvae", ["doctor"], removing: clean)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("CPU: "))
        #expect(result.standardOutput.contains("vector features: "))
        #expect(result.standardOutput.contains("sgemm self-check: passed"))
        #expect(kernelLine(result.standardOutput).contains("OpenBLAS kernels: "))
    }

    /// OpenBLAS falling back to generic kernels (as Debian's does on Sapphire Rapids) is stood in for; vvae starts
    /// itself again with the CPU's best set, checks it, and says so.
    @Test func aFallbackPickIsReplacedByTheCPUsBest() throws {
        let tier = BLASKernelChoice.tier(ofCPU: BLASKernelChoice.cpuFlags())
        guard tier > .generic, let best = ["SkylakeX", "Haswell", "Sandybridge"].first(where: { BLASKernelChoice.tier(ofCore: $0) == tier }) else {
            return  // a CPU without AVX has nothing better than the fallback
        }
        let result = try ToolRunner.run("vvae", ["doctor"], environment: ["VVAE_TEST_OPENBLAS_PICK": "Prescott"], removing: clean)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(kernelLine(result.standardOutput).hasPrefix("OpenBLAS kernels: \(best) (\(tier)) — chosen by vvae: OpenBLAS picked Prescott (SSE only)"),
                "\(result.standardOutput)")
        // A choice that fails its self-check is dropped for OpenBLAS's own pick, once, and said.
        let failing = try ToolRunner.run("vvae", ["doctor"], environment: ["VVAE_TEST_OPENBLAS_PICK": "Prescott", "VVAE_TEST_SELFCHECK_FAIL": "1"],
                                         removing: clean)
        #expect(failing.status == 0)
        #expect(kernelLine(failing.standardOutput).contains("vvae's choice \(best) failed its sgemm self-check"), "\(failing.standardOutput)")
    }

    @Test func anExplicitCoreTypeIsKept() throws {
        let result = try ToolRunner.run("vvae", ["doctor"], environment: ["OPENBLAS_CORETYPE": "Prescott", "VVAE_TEST_OPENBLAS_PICK": "Prescott"],
                                        removing: [BLASKernelChoice.relaunchMarker])
        #expect(result.status == 0)
        #expect(kernelLine(result.standardOutput).hasPrefix("OpenBLAS kernels: Prescott (SSE only) — set by OPENBLAS_CORETYPE=Prescott"))
        #expect(result.standardOutput.contains("sgemm self-check: passed"))
    }
}
