import Testing
import TestSupport
@testable import VVAERuntime

/// The OpenBLAS kernel choice: AVX-512 kernels only where the CPU has them and OpenBLAS fell back to AVX2 ones.
@Suite struct BLASKernelChoiceTests {
    private func flags(_ file: String) -> Set<String> {
        BLASKernelChoice.cpuFlags(cpuinfo: FixturePaths.fixture("blas/\(file)").path)
    }

    @Test func readsTheFirstProcessorsFlags() {
        let zen5 = flags("cpuinfo-zen5.txt")
        #expect(zen5.contains("avx512vl"))
        #expect(zen5.contains("avx512_vp2intersect"))
        #expect(zen5.count == 26)
        #expect(flags("cpuinfo-avx2.txt").contains("avx2"))
    }

    @Test func missingFileMeansNoFlags() {
        #expect(BLASKernelChoice.cpuFlags(cpuinfo: "/nonexistent/cpuinfo").isEmpty)
    }

    @Test func avx512CpuWithHaswellKernelsCouldRunSkylakeX() {
        let zen5 = flags("cpuinfo-zen5.txt")
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "Haswell", cpuFlags: zen5) == "SkylakeX")
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "Zen", cpuFlags: zen5) == "SkylakeX")
    }

    @Test func keepsKernelsThatAlreadyFit() {
        let zen5 = flags("cpuinfo-zen5.txt")
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "SkylakeX", cpuFlags: zen5) == nil)
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "Cooperlake", cpuFlags: zen5) == nil)
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "Haswell", cpuFlags: flags("cpuinfo-avx2.txt")) == nil)
        // Partial AVX-512 (no BW/VL, as on Knights Landing) is not enough for the SkylakeX kernels.
        #expect(BLASKernelChoice.fasterCoreType(activeCore: "Haswell", cpuFlags: ["avx2", "avx512f", "avx512cd"]) == nil)
    }

    @Test func activeCoreIsNamed() {
        #expect(!BLASKernelChoice.activeCore.isEmpty)
        #expect(BLASKernelChoice.activeCore != "unknown")
    }
}
