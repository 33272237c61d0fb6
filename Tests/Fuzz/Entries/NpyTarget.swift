import Foundation
import VVAERuntime

extension FuzzTarget {
    /// A NumPy `.npy` file: magic, version, the Python-literal header and the data length.
    static let npy = FuzzTarget(name: "npy", summary: "a .npy tensor (Npy.decode)", maxLength: 16 << 10) { input in
        _ = try Npy.decode(Data(input), path: "fuzz.npy")
    }
}
