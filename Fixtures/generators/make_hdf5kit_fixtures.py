"""Records Fixtures/hdf5kit/h5py-types.h5: the same values stored by h5py in every layout HDF5Kit must read.

Little- and big-endian twins of each numeric type, float16 as numpy's IEEE half, bfloat16 as a float type built
from IEEE_F32 with fields (15, 7, 8, 0, 7), size 2, bias 127 (HDF5 has no predefined one), h5py's boolean enum,
h5py's string and number attributes, a chunked+gzip dataset and a string dataset (types/layouts HDF5Kit reports
but does not map). Run once with the dev venv: python Fixtures/generators/make_hdf5kit_fixtures.py
"""
import os
import sys

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hdf5kit", "h5py-types.h5")


def bfloat16_type(order_base):
    t = order_base.copy()
    t.set_fields(15, 7, 8, 0, 7)
    t.set_precision(16)
    t.set_size(2)
    t.set_ebias(127)
    return t


def write_bfloat16(group, name, values_f32, big_endian):
    """Stores float32 values that bfloat16 represents exactly, as raw bfloat16 bit patterns."""
    bits = (values_f32.astype("<f4").view("<u4") >> 16).astype("<u2")
    assert np.array_equal((bits.astype("<u4") << 16).view("<f4"), values_f32, equal_nan=True)
    base = h5py.h5t.IEEE_F32BE if big_endian else h5py.h5t.IEEE_F32LE
    t = bfloat16_type(base)
    raw = bits.astype(">u2" if big_endian else "<u2")
    space = h5py.h5s.create_simple(values_f32.shape)
    dataset = h5py.h5d.create(group.id, name.encode(), t, space)
    dataset.write(h5py.h5s.ALL, h5py.h5s.ALL, raw, mtype=t)


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # Values exact in float16 and bfloat16 alike (few mantissa bits), incl. signed zero, infinities and a half subnormal.
    shared = np.array([0.0, -0.0, 1.0, -2.5, 0.15625, 65280.0, -np.inf, np.inf, 2.0**-24 * 3, 96.0, -0.5, 7.0,
                       2.0**-14, -(2.0**-24), 3.0, 1024.0], dtype=np.float32).reshape(2, 2, 4)
    wide = np.array([1e-300, -3.141592653589793, 1.5e300, 0.1, 2.0**-1074, -0.0], dtype=np.float64).reshape(3, 2)
    ints = np.array([-128, -1, 0, 1, 127, 42], dtype=np.int64)
    with h5py.File(OUT, "w", libver=("v108", "v110")) as f:
        le, be, expected = f.create_group("le"), f.create_group("be"), f.create_group("expected")
        expected["float32_values"] = shared
        for name, dtype in [("float16", "f2"), ("float32", "f4")]:
            le[name] = shared.astype("<" + dtype)
            be[name] = shared.astype(">" + dtype)
        le["float64"] = wide.astype("<f8")
        be["float64"] = wide.astype(">f8")
        for name, dtype in [("int16", "i2"), ("int32", "i4"), ("int64", "i8")]:
            # Multiply first: numpy arithmetic returns native order, which would silently undo ">".
            le[name] = (ints * 3).astype("<" + dtype)
            be[name] = (ints * 3).astype(">" + dtype)
        le["int8"] = ints.astype("i1")
        le["uint8"] = (ints + 128).astype("u1")
        le["bool"] = np.array([True, False, False, True, True])
        write_bfloat16(le, "bfloat16", shared, big_endian=False)
        write_bfloat16(be, "bfloat16", shared, big_endian=True)
        le["scalar_float64"] = np.float64(-6.25)
        le["empty_float32"] = np.zeros((0, 3), dtype="<f4")
        f.create_dataset("other/chunked_gzip", data=np.arange(64, dtype="<f4"), chunks=(16,), compression="gzip")
        f.create_dataset("other/strings", data=np.array([b"ab", b"cd"], dtype="S2"))
        f.attrs["vlen_utf8"] = "Grüße, vvae"
        f.attrs["fixed_ascii"] = np.bytes_(b"fixed text")
        f.attrs["int64"] = np.int64(-9007199254740993)
        f.attrs["int32"] = np.int32(-7)
        f.attrs["float64"] = np.float64(0.1)
        f.attrs["float32_array"] = np.array([0.5, -1.25], dtype=np.float32)
        f.attrs["int_array"] = np.array([3, 1, 4, 1, 5], dtype=np.int64)
        le["float32"].attrs["unit"] = "none"
        le["float32"].attrs["nothing"] = h5py.Empty("f8")  # null dataspace: reported as unsupported
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
