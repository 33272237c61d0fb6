import Foundation
import VVAERuntime
import VVAESupport

/// Makes `vvae` run the OpenBLAS kernels its CPU is best at (see `BLASKernelChoice`).
///
/// When OpenBLAS loaded AVX2 kernels on an AVX-512 CPU and the user has not chosen with `OPENBLAS_CORETYPE`,
/// the program starts itself again with `OPENBLAS_CORETYPE` set (a few milliseconds, before any work). Setting
/// `OPENBLAS_CORETYPE` yourself (e.g. `Haswell`) keeps whatever you set.
public enum KernelRelaunch {
    public static func relaunchIfBetterKernelsExist() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let core = BLASKernelChoice.preferredCoreType(activeCore: BLASKernelChoice.activeCore,
                                                             cpuFlags: BLASKernelChoice.cpuFlags())
        else { return }
        ProcessRelaunch.relaunch(setting: "OPENBLAS_CORETYPE", to: core)
    }
}
