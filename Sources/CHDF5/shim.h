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

static inline hid_t vvae_H5P_DATASET_ACCESS(void) { H5open(); return H5P_CLS_DATASET_ACCESS_ID_g; }
static inline hid_t vvae_H5P_ATTRIBUTE_CREATE(void) { H5open(); return H5P_CLS_ATTRIBUTE_CREATE_ID_g; }
static inline hid_t vvae_H5T_STD_I8LE(void) { H5open(); return H5T_STD_I8LE_g; }
static inline hid_t vvae_H5T_STD_I16LE(void) { H5open(); return H5T_STD_I16LE_g; }
static inline hid_t vvae_H5T_STD_I32LE(void) { H5open(); return H5T_STD_I32LE_g; }
static inline hid_t vvae_H5T_NATIVE_INT(void) { H5open(); return H5T_NATIVE_INT_g; }
static inline H5F_libver_t vvae_H5F_LIBVER_V18(void) { return H5F_LIBVER_V18; }
static inline H5F_libver_t vvae_H5F_LIBVER_LATEST(void) { return H5F_LIBVER_LATEST; }
static inline haddr_t vvae_HADDR_UNDEF(void) { return HADDR_UNDEF; }

/// Called once per dataset path found by `vvae_visit_datasets`; return 0 to continue, non-zero to stop.
typedef int (*vvae_dataset_visitor)(const char *path, void *context);

typedef struct {
    vvae_dataset_visitor visitor;
    void *context;
} vvae_visit_state;

// The link-visit callback and object-info struct changed shape in HDF5 1.12; this keeps Swift on one signature.
#if H5_VERSION_GE(1, 12, 0)
static herr_t vvae_visit_link(hid_t group, const char *name, const H5L_info2_t *info, void *data) {
    vvae_visit_state *state = (vvae_visit_state *)data;
    if (info->type != H5L_TYPE_HARD) return 0;
    H5O_info2_t object;
    if (H5Oget_info_by_name3(group, name, &object, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
    if (object.type != H5O_TYPE_DATASET) return 0;
    return state->visitor(name, state->context);
}
/// Visits every dataset reachable through hard links, depth first, in name order within each group.
static inline herr_t vvae_visit_datasets(hid_t file, vvae_dataset_visitor visitor, void *context) {
    vvae_visit_state state = { visitor, context };
    return H5Lvisit2(file, H5_INDEX_NAME, H5_ITER_INC, vvae_visit_link, &state);
}
#else
static herr_t vvae_visit_link(hid_t group, const char *name, const H5L_info_t *info, void *data) {
    vvae_visit_state *state = (vvae_visit_state *)data;
    if (info->type != H5L_TYPE_HARD) return 0;
    H5O_info_t object;
    if (H5Oget_info_by_name2(group, name, &object, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
    if (object.type != H5O_TYPE_DATASET) return 0;
    return state->visitor(name, state->context);
}
/// Visits every dataset reachable through hard links, depth first, in name order within each group.
static inline herr_t vvae_visit_datasets(hid_t file, vvae_dataset_visitor visitor, void *context) {
    vvae_visit_state state = { visitor, context };
    return H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, vvae_visit_link, &state);
}
#endif

/// The object type at `path` (H5O_TYPE_UNKNOWN when it cannot be read), independent of the 1.10/1.12 info structs.
static inline H5O_type_t vvae_object_type(hid_t loc, const char *path) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t object;
    if (H5Oget_info_by_name3(loc, path, &object, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return H5O_TYPE_UNKNOWN;
#else
    H5O_info_t object;
    if (H5Oget_info_by_name2(loc, path, &object, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return H5O_TYPE_UNKNOWN;
#endif
    return object.type;
}

/// 1 when `path` is an HDF5 file, 0 when it is not, negative on failure (H5Fis_hdf5 is deprecated from 1.12 on).
static inline htri_t vvae_is_hdf5(const char *path) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT);
#else
    return H5Fis_hdf5(path);
#endif
}

#endif
