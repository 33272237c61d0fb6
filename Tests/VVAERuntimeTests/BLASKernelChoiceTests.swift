import Testing
import TestSupport
@testable import VVAERuntime

/// The OpenBLAS kernel choice: better kernels only where the CPU runs them, OpenBLAS loaded weaker ones, and nobody
/// set OPENBLAS_CORETYPE; decided on recorded /proc/cpuinfo samples.
@Suite struct BLASKernelChoiceTests {
    private func flags(_ file: String) -> Set<String> {
        BLASKernelChoice.cpuFlags(cpuinfo: FixturePaths.fixture("blas/\(file)").path)
    }

    @Test func readsTheFirstProcessorsFlagsAndFields() {
        let zen5 = flags("cpuinfo-zen5.txt")
        #expect(zen5.contains("avx512vl"))
        #expect(zen5.contains("avx512_vp2intersect"))
        #expect(zen5.count == 26)
        #expect(flags("cpuinfo-avx2.txt").contains("avx2"))
        #expect(BLASKernelChoice.cpuField("model name", cpuinfo: FixturePaths.fixture("blas/cpuinfo-zen4.txt").path)
            == "AMD EPYC 9R14 96-Core Processor")
        #expect(BLASKernelChoice.cpuField("cpu family", cpuinfo: FixturePaths.fixture("blas/cpuinfo-sapphirerapids.txt").path) == "6")
    }

    @Test func missingFileMeansNoFlags() {
        #expect(BLASKernelChoice.cpuFlags(cpuinfo: "/nonexistent/cpuinfo").isEmpty)
        #expect(BLASKernelChoice.cpuField("model name", cpuinfo: "/nonexistent/cpuinfo") == nil)
    }

    @Test func cpuTiers() {
        #expect(BLASKernelChoice.tier(ofCPU: flags("cpuinfo-sapphirerapids.txt")) == .avx512)
        #expect(BLASKernelChoice.tier(ofCPU: flags("cpuinfo-zen4.txt")) == .avx512)
        #expect(BLASKernelChoice.tier(ofCPU: flags("cpuinfo-zen5.txt")) == .avx512)
        #expect(BLASKernelChoice.tier(ofCPU: flags("cpuinfo-avx2.txt")) == .avx2)
        #expect(BLASKernelChoice.tier(ofCPU: flags("cpuinfo-noavx.txt")) == .generic)
        // Partial AVX-512 (no BW/VL, as on Knights Landing) is not enough for the SkylakeX kernels.
        #expect(BLASKernelChoice.tier(ofCPU: ["avx", "avx2", "fma", "avx512f", "avx512cd"]) == .avx2)
        #expect(BLASKernelChoice.tier(ofCPU: ["avx", "avx2"]) == .avx)
        #expect(BLASKernelChoice.tier(ofCore: "Prescott") == .generic)
        #expect(BLASKernelChoice.tier(ofCore: "Nehalem") == .generic)
        #expect(BLASKernelChoice.tier(ofCore: "Sandybridge") == .avx)
        #expect(BLASKernelChoice.tier(ofCore: "Zen") == .avx2)
        #expect(BLASKernelChoice.tier(ofCore: "Cooperlake") == .avx512)
    }

    @Test(arguments: [
        ("cpuinfo-sapphirerapids.txt", "Prescott", "SkylakeX"),   // Debian's 0.3.21 does not know Sapphire Rapids
        ("cpuinfo-sapphirerapids.txt", "Haswell", "SkylakeX"),
        ("cpuinfo-zen4.txt", "Zen", "SkylakeX"),
        ("cpuinfo-zen5.txt", "Haswell", "SkylakeX"),
        ("cpuinfo-avx2.txt", "Prescott", "Haswell"),
        ("cpuinfo-avx2.txt", "Nehalem", "Haswell"),
    ])
    func weakerKernelsOnACapableCPUAreReplaced(cpu: String, loaded: String, chosen: String) {
        #expect(BLASKernelChoice.decide(activeCore: loaded, cpuFlags: flags(cpu), environment: [:]) == .relaunch(coreType: chosen))
    }

    @Test(arguments: [
        ("cpuinfo-zen5.txt", "Cooperlake"), ("cpuinfo-zen4.txt", "SkylakeX"), ("cpuinfo-sapphirerapids.txt", "SapphireRapids"),
        ("cpuinfo-avx2.txt", "Haswell"), ("cpuinfo-avx2.txt", "Zen"), ("cpuinfo-noavx.txt", "Prescott"), ("cpuinfo-noavx.txt", "Core2"),
    ])
    func kernelsThatFitAreKept(cpu: String, loaded: String) {
        #expect(BLASKernelChoice.decide(activeCore: loaded, cpuFlags: flags(cpu), environment: [:]) == .keep)
    }

    @Test func anExplicitChoiceAndARelaunchedProcessAreFinal() {
        let sapphire = flags("cpuinfo-sapphirerapids.txt")
        #expect(BLASKernelChoice.decide(activeCore: "Prescott", cpuFlags: sapphire, environment: ["OPENBLAS_CORETYPE": "Prescott"]) == .keep)
        #expect(BLASKernelChoice.decide(activeCore: "Prescott", cpuFlags: sapphire,
                                        environment: [BLASKernelChoice.relaunchMarker: "chosen:Prescott"]) == .keep)
        #expect(BLASKernelChoice.decide(activeCore: "Prescott", cpuFlags: sapphire,
                                        environment: [BLASKernelChoice.relaunchMarker: "fallback:SkylakeX"]) == .keep)
    }

    @Test func explanationsSayWhy() {
        let zen5 = flags("cpuinfo-zen5.txt")
        #expect(BLASKernelChoice.explanation(activeCore: "SkylakeX", cpuFlags: zen5,
                                             environment: [BLASKernelChoice.relaunchMarker: "chosen:Haswell", "OPENBLAS_CORETYPE": "SkylakeX"])
            == "chosen by vvae: OpenBLAS picked Haswell (AVX2+FMA) on a CPU with AVX-512; sgemm self-check passed")
        #expect(BLASKernelChoice.explanation(activeCore: "Haswell", cpuFlags: zen5, environment: ["OPENBLAS_CORETYPE": "Haswell"])
            == "set by OPENBLAS_CORETYPE=Haswell in the environment; this CPU could run SkylakeX (AVX-512), unset the variable to let vvae choose")
        #expect(BLASKernelChoice.explanation(activeCore: "Cooperlake", cpuFlags: zen5, environment: [:])
            == "OpenBLAS's own pick, the best this CPU (AVX-512) runs")
        #expect(BLASKernelChoice.explanation(activeCore: "Haswell", cpuFlags: zen5, environment: [BLASKernelChoice.relaunchMarker: "fallback:SkylakeX"])
            == "OpenBLAS's own pick: vvae's choice SkylakeX failed its sgemm self-check")
    }

    @Test func peersGetTheUsersEnvironmentBack() {
        let chosen = ["PATH": "/bin", "OPENBLAS_CORETYPE": "SkylakeX", BLASKernelChoice.relaunchMarker: "chosen:Prescott"]
        #expect(BLASKernelChoice.userEnvironment(chosen) == ["PATH": "/bin"])
        let users = ["OPENBLAS_CORETYPE": "Haswell"]
        #expect(BLASKernelChoice.userEnvironment(users) == users)
    }

    @Test func loadedKernelsAreNamedAndPassTheSelfCheck() {
        #expect(!BLASKernelChoice.activeCore.isEmpty)
        #expect(BLASKernelChoice.activeCore != "unknown")
        #expect(BLASKernelChoice.configuration.hasPrefix("OpenBLAS"))
        #expect(BLASKernelChoice.selfCheck())
    }
}
