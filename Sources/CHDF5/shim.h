// HDF5's predefined type and property-list ids are C macros over `*_g` globals that Swift cannot import.
// These accessors call H5open() first (it initialises the globals) and hand the ids to Swift.
#ifndef VVAE_CHDF5_SHIM_H
#define VVAE_CHDF5_SHIM_H
#include <hdf5.h>

static inline hid_t vvae_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t vvae_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t vvae_H5P_FILE_ACCESS(void) { H5open(); return H5P_CLS_FILE_ACCESS_ID_g; }
static inline hid_t vvae_H5P_FILE_CREATE(void) { H5open(); return H5P_CLS_FILE_CREATE_ID_g; }
static inline hid_t vvae_H5P_DATASET_CREATE(void) { H5open(); return H5P_CLS_DATASET_CREATE_ID_g; }
static inline hid_t vvae_H5P_LINK_CREATE(void) { H5open(); return H5P_CLS_LINK_CREATE_ID_g; }
static inline hid_t vvae_H5T_NATIVE_FLOAT(void) { H5open(); return H5T_NATIVE_FLOAT_g; }
static inline hid_t vvae_H5T_NATIVE_DOUBLE(void) { H5open(); return H5T_NATIVE_DOUBLE_g; }
static inline hid_t vvae_H5T_NATIVE_INT8(void) { H5open(); return H5T_NATIVE_INT8_g; }
static inline hid_t vvae_H5T_NATIVE_UINT8(void) { H5open(); return H5T_NATIVE_UINT8_g; }
static inline hid_t vvae_H5T_NATIVE_INT16(void) { H5open(); return H5T_NATIVE_INT16_g; }
static inline hid_t vvae_H5T_NATIVE_INT32(void) { H5open(); return H5T_NATIVE_INT32_g; }
static inline hid_t vvae_H5T_NATIVE_INT64(void) { H5open(); return H5T_NATIVE_INT64_g; }
static inline hid_t vvae_H5T_NATIVE_UINT64(void) { H5open(); return H5T_NATIVE_UINT64_g; }
static inline hid_t vvae_H5T_IEEE_F32LE(void) { H5open(); return H5T_IEEE_F32LE_g; }
static inline hid_t vvae_H5T_IEEE_F64LE(void) { H5open(); return H5T_IEEE_F64LE_g; }
static inline hid_t vvae_H5T_STD_I64LE(void) { H5open(); return H5T_STD_I64LE_g; }
static inline hid_t vvae_H5T_STD_U8LE(void) { H5open(); return H5T_STD_U8LE_g; }
static inline hid_t vvae_H5T_C_S1(void) { H5open(); return H5T_C_S1_g; }
static inline hid_t vvae_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline unsigned vvae_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned vvae_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned vvae_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned vvae_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline size_t vvae_H5T_VARIABLE(void) { return H5T_VARIABLE; }

#endif
