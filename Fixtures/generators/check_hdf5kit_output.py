"""Dev-time check that h5py reads the sample file HDF5Kit writes the way we mean it.

    HDF5KIT_INTEROP_OUTPUT=/tmp/hdf5kit-interop.h5 swift test --filter InteropSampleTests
    python Fixtures/generators/check_hdf5kit_output.py /tmp/hdf5kit-interop.h5
    h5dump /tmp/hdf5kit-interop.h5      # prints the float16/bfloat16 values as numbers

Not run by the build or the tests (they must not need Python).
"""
import sys

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "r") as f:
        expected = f["expected"][()]
        f16, bf16 = f["weights/f16"], f["weights/bf16"]
        print("f16 dtype", f16.dtype, "bf16 dtype", bf16.dtype)
        assert f16.dtype == np.dtype("<f2"), f16.dtype
        assert np.array_equal(f16[()].astype(np.float32), expected)
        assert np.array_equal(np.signbit(f16[()]), np.signbit(expected))
        # h5py has no bfloat16 dtype: it picks the smallest numpy float that holds the type (float32) and libhdf5
        # converts while reading.
        assert bf16.dtype == np.dtype("<f4"), bf16.dtype
        assert np.array_equal(bf16[()], expected) and np.array_equal(np.signbit(bf16[()]), np.signbit(expected))
        assert np.array_equal(bf16[()].astype(np.float32), expected)
        assert f["weights/f64"][()].tolist() == [np.pi, -1e-300]
        for name, dtype in [("i8", "i1"), ("i16", "<i2"), ("i32", "<i4"), ("i64", "<i8"), ("u8", "u1")]:
            data = f["ints/" + name]
            info = np.iinfo(dtype)
            assert data.dtype == np.dtype(dtype), (name, data.dtype)
            assert data[()].tolist() == ([0, 128, 255] if name == "u8" else [info.min, 0, info.max]), name
        assert f["flags"].dtype == np.bool_ and f["flags"][()].tolist() == [True, False, True]
        assert f["scalar"].shape == () and f["scalar"][()] == np.float32(-6.25)
        assert f["empty"].shape == (0, 3)
        assert f.attrs["format"] == "vvae-weights"
        fixed = f.attrs["fixed"]
        assert (fixed.decode() if isinstance(fixed, bytes) else fixed) == "fixed ✓", fixed
        assert f.attrs["version"] == 1 and f.attrs["ratio"] == 0.1
        assert f["weights/f16"].attrs["shape"].tolist() == [2, 3]
        assert f["weights"].attrs["scales"].tolist() == [0.5, -2.0]
        for name in ["expected", "weights/f16", "weights/bf16", "ints/i64"]:
            offset = f[name].id.get_offset()
            assert offset % 64 == 0, (name, offset)
    print("h5py reads", path, "as intended")


if __name__ == "__main__":
    main(sys.argv[1])
