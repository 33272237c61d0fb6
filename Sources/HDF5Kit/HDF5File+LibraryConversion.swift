import CHDF5

extension HDF5File {
    /// The dataset converted to float32 by libhdf5 itself (its slow soft conversion — the path h5py and h5dump take).
    /// Not for production reads: tests use it as an independent check that the float types we build mean the values
    /// we decode.
    func readConvertedByLibrary(_ path: String) throws -> [Float] {
        try withDataset(path, operation: "read converted by libhdf5") { dataset, _, call in
            let count = try call.with(H5Dget_space(dataset), closedBy: .dataspace) { space in
                Int(try call.check(H5Sget_simple_extent_npoints(space)))
            }
            var values = [Float](repeating: 0, count: count)
            if count > 0 {
                try values.withUnsafeMutableBytes { raw in
                    _ = try call.check(H5Dread(dataset, vvae_H5T_NATIVE_FLOAT(), vvae_H5S_ALL(), vvae_H5S_ALL(),
                                               vvae_H5P_DEFAULT(), raw.baseAddress))
                }
            }
            return values
        }
    }
}
