// The structure check: libhdf5 reads a file's metadata in a forked child before the process itself opens it.
//
// libhdf5 does not defend against corrupt files: some crash it (a free of a wild pointer while iterating dense link
// storage), some make it spin (a global heap whose collections loop). Fuzzing vvae's readers found both in libhdf5
// 1.10.8. The child opens the file and makes every metadata call vvae's readers make (open, link walk, object and
// attribute lookups by name, every attribute read with the memory types HDF5Kit uses, type queries, dataset layout,
// the data of compact and chunked datasets); a crash or a hang there costs only the child, and the caller turns it
// into an error that names the file. The child runs C only: after fork() in a multi-threaded process only
// async-signal-safe work and code that takes no lock another thread may hold is sound, and the parent forks while it
// holds HDF5Kit's library lock, so no other thread is inside libhdf5.
#ifndef VVAE_CHDF5_STRUCTURE_CHECK_H
#define VVAE_CHDF5_STRUCTURE_CHECK_H
#include <hdf5.h>
#include <errno.h>
#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/// How a structure check ended.
typedef enum {
    /// The child listed and read every object and attribute and exited normally (libhdf5 errors in single reads
    /// are fine: the caller's own calls will report them).
    VVAE_STRUCTURE_CHECK_PASSED = 0,
    /// The child died on a signal; `*detail` is the signal number.
    VVAE_STRUCTURE_CHECK_CRASHED = 1,
    /// The child did not finish within the time limit and was killed.
    VVAE_STRUCTURE_CHECK_TIMED_OUT = 2,
    /// fork() or waitpid() failed; `*detail` is errno.
    VVAE_STRUCTURE_CHECK_NO_CHILD = 3,
    /// The child exited with a status other than 0 and 3, `*detail` (a sanitizer's report ends the child this way).
    VVAE_STRUCTURE_CHECK_FAILED = 4,
    /// libhdf5 could not list every object and attribute: a reader asking for one by name could reach metadata
    /// the child never read, so the file is refused as it is.
    VVAE_STRUCTURE_CHECK_UNLISTABLE = 5,
} vvae_structure_check_result;

/// Element count above which the child does not read an attribute or dataset (it could not be a vvae file's).
#define VVAE_STRUCTURE_CHECK_MAX_BYTES ((size_t)256 << 20)

/// The child's exit status when a listing failed (VVAE_STRUCTURE_CHECK_UNLISTABLE).
#define VVAE_STRUCTURE_CHECK_UNLISTABLE_STATUS 3

/// Set in the child when a link walk or an attribute listing fails.
static int vvae_sc_listing_failed = 0;

static inline size_t vvae_sc_bounded_bytes(hssize_t count, size_t element_size) {
    if (count <= 0 || element_size == 0) return 0;
    if ((size_t)count > VVAE_STRUCTURE_CHECK_MAX_BYTES / element_size) return 0;
    return (size_t)count * element_size;
}

/// Every query HDF5TypeClassifier makes of a type.
static inline void vvae_sc_type(hid_t type) {
    if (type < 0) return;
    H5T_class_t type_class = H5Tget_class(type);
    (void)H5Tget_size(type);
    (void)H5Tget_order(type);
    (void)H5Tis_variable_str(type);
    switch (type_class) {
    case H5T_INTEGER:
        (void)H5Tget_precision(type); (void)H5Tget_offset(type); (void)H5Tget_sign(type);
        break;
    case H5T_FLOAT: {
        size_t spos, epos, esize, mpos, msize;
        (void)H5Tget_precision(type); (void)H5Tget_offset(type); (void)H5Tget_ebias(type); (void)H5Tget_norm(type);
        (void)H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize);
        break;
    }
    case H5T_STRING:
        (void)H5Tget_cset(type); (void)H5Tget_strpad(type);
        break;
    case H5T_ENUM: {
        int members = H5Tget_nmembers(type);
        hid_t base = H5Tget_super(type);
        size_t base_size = base >= 0 ? H5Tget_size(base) : 0;
        for (int index = 0; index < members && index < 4096; index++) {
            char *name = H5Tget_member_name(type, (unsigned)index);
            if (name) H5free_memory(name);
            unsigned char value[16];
            if (base_size > 0 && base_size <= sizeof value) (void)H5Tget_member_value(type, (unsigned)index, value);
        }
        if (base >= 0) { vvae_sc_type(base); H5Tclose(base); }
        break;
    }
    case H5T_COMPOUND:
        (void)H5Tget_nmembers(type);
        break;
    default:
        break;
    }
}

/// Reads the attribute the ways HDF5Kit's `attribute(_:on:)` does.
static inline herr_t vvae_sc_attribute(hid_t object, const char *name, const H5A_info_t *info, void *context) {
    (void)info; (void)context;
    (void)H5Aexists(object, name);
    hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    if (attribute < 0) return 0;
    hid_t type = H5Aget_type(attribute);
    hid_t space = H5Aget_space(attribute);
    if (type >= 0 && space >= 0) {
        vvae_sc_type(type);
        (void)H5Sget_simple_extent_type(space);
        int rank = H5Sget_simple_extent_ndims(space);
        if (rank > 0 && rank <= H5S_MAX_RANK) {
            hsize_t dims[H5S_MAX_RANK];
            (void)H5Sget_simple_extent_dims(space, dims, NULL);
        }
        hssize_t count = H5Sget_simple_extent_npoints(space);
        switch (H5Tget_class(type)) {
        case H5T_STRING:
            if (H5Tis_variable_str(type) > 0) {
                size_t bytes = vvae_sc_bounded_bytes(count, sizeof(char *));
                hid_t memory = H5Tcopy(H5T_C_S1);
                char **strings = bytes ? calloc(1, bytes) : NULL;
                if (memory >= 0 && strings) {
                    H5Tset_size(memory, H5T_VARIABLE);
                    H5Tset_cset(memory, H5Tget_cset(type));
                    if (H5Aread(attribute, memory, strings) >= 0) {
#if H5_VERSION_GE(1, 12, 0)
                        H5Treclaim(memory, space, H5P_DEFAULT, strings);
#else
                        H5Dvlen_reclaim(memory, space, H5P_DEFAULT, strings);
#endif
                    }
                }
                free(strings);
                if (memory >= 0) H5Tclose(memory);
            } else {
                size_t bytes = vvae_sc_bounded_bytes(count, H5Tget_size(type));
                void *buffer = bytes ? malloc(bytes) : NULL;
                if (buffer) (void)H5Aread(attribute, type, buffer);
                free(buffer);
            }
            break;
        case H5T_INTEGER: {
            size_t bytes = vvae_sc_bounded_bytes(count, sizeof(long long));
            void *buffer = bytes ? malloc(bytes) : NULL;
            if (buffer) (void)H5Aread(attribute, H5T_NATIVE_INT64, buffer);
            free(buffer);
            break;
        }
        case H5T_FLOAT: {
            size_t bytes = vvae_sc_bounded_bytes(count, sizeof(double));
            void *buffer = bytes ? malloc(bytes) : NULL;
            if (buffer) (void)H5Aread(attribute, H5T_NATIVE_DOUBLE, buffer);
            free(buffer);
            break;
        }
        default:
            break;
        }
    }
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Aclose(attribute);
    return 0;
}

static inline void vvae_sc_attributes(hid_t object) {
    hsize_t position = 0;
    if (H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, vvae_sc_attribute, NULL) < 0) {
        vvae_sc_listing_failed = 1;
    }
}

/// What HDF5Kit's `datasetInfo` and `readElements` ask of a dataset.
static inline void vvae_sc_dataset(hid_t file, const char *path) {
    hid_t dataset = H5Dopen2(file, path, H5P_DEFAULT);
    if (dataset < 0) return;
    hid_t type = H5Dget_type(dataset);
    hid_t space = H5Dget_space(dataset);
    hid_t creation = H5Dget_create_plist(dataset);
    vvae_sc_type(type);
    hssize_t count = -1;
    if (space >= 0) {
        (void)H5Sget_simple_extent_type(space);
        int rank = H5Sget_simple_extent_ndims(space);
        if (rank > 0 && rank <= H5S_MAX_RANK) {
            hsize_t dims[H5S_MAX_RANK];
            (void)H5Sget_simple_extent_dims(space, dims, NULL);
        }
        count = H5Sget_simple_extent_npoints(space);
    }
    H5D_layout_t layout = H5D_LAYOUT_ERROR;
    int filters = 0;
    if (creation >= 0) {
        layout = H5Pget_layout(creation);
        (void)H5Pget_external_count(creation);
        filters = H5Pget_nfilters(creation);
    }
    (void)H5Dget_offset(dataset);
    (void)H5Dget_storage_size(dataset);
    // Contiguous data is one address range libhdf5 checks against the file's end; compact and chunked data and
    // filtered data go through decoders, so the child reads them as `readElements` would.
    if (type >= 0 && (layout == H5D_COMPACT || layout == H5D_CHUNKED || filters > 0)) {
        size_t bytes = vvae_sc_bounded_bytes(count, H5Tget_size(type));
        void *buffer = bytes ? malloc(bytes) : NULL;
        if (buffer) (void)H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
        free(buffer);
    }
    if (creation >= 0) H5Pclose(creation);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Dclose(dataset);
}

/// One object reached by the link walk: looked up by its full path as HDF5Kit does, then read.
static inline void vvae_sc_object(hid_t file, const char *path) {
    (void)H5Lexists(file, path, H5P_DEFAULT);
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info_by_name3(file, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) { vvae_sc_listing_failed = 1; return; }
#else
    H5O_info_t info;
    if (H5Oget_info_by_name2(file, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) { vvae_sc_listing_failed = 1; return; }
#endif
    hid_t object = H5Oopen(file, path, H5P_DEFAULT);
    if (object < 0) { vvae_sc_listing_failed = 1; return; }
    vvae_sc_attributes(object);
    H5Oclose(object);
    if (info.type == H5O_TYPE_DATASET) vvae_sc_dataset(file, path);
}

#if H5_VERSION_GE(1, 12, 0)
static herr_t vvae_sc_link(hid_t group, const char *name, const H5L_info2_t *info, void *file) {
#else
static herr_t vvae_sc_link(hid_t group, const char *name, const H5L_info_t *info, void *file) {
#endif
    (void)group;
    if (info->type == H5L_TYPE_HARD) vvae_sc_object(*(hid_t *)file, name);
    return 0;
}

/// Sanitizer builds (the fuzzer's): the death callback libFuzzer installs would save the child's crash as if it were
/// the fuzzed process's own. Weak, so ordinary builds see a null pointer.
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/// The child's whole job; returns only through _exit: status 0 when every listing worked (libhdf5 errors in single
/// reads are fine: the caller's own calls will report them), VVAE_STRUCTURE_CHECK_UNLISTABLE_STATUS when one failed.
static inline void vvae_sc_child(const char *path) {
    // A Ctrl-C reaches the whole process group: the child must not run the parent's cleanup handlers. Nor may a
    // crash run the parent's crash handlers (Swift's backtracer would print a report of a crash the user never had).
    const int inherited[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP };
    for (size_t index = 0; index < sizeof inherited / sizeof inherited[0]; index++) signal(inherited[index], SIG_DFL);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(NULL);
    // libhdf5's messages (and a sanitizer's report) about a file the parent will refuse are noise to the user.
    int quiet = open("/dev/null", O_WRONLY);
    if (quiet >= 0) { dup2(quiet, STDOUT_FILENO); dup2(quiet, STDERR_FILENO); if (quiet > STDERR_FILENO) close(quiet); }
#if defined(__has_feature)
#if !__has_feature(address_sanitizer) && !__has_feature(thread_sanitizer)
#define VVAE_SC_LIMIT_MEMORY 1
#endif
#else
#define VVAE_SC_LIMIT_MEMORY 1
#endif
#ifdef VVAE_SC_LIMIT_MEMORY
    // Allocations a vvae file could honestly need stay far below 4 GiB more than the parent already has; a file
    // that makes libhdf5 ask for more fails in the child instead of pushing the machine into the OOM killer.
    // (Sanitizers reserve their shadow memory as data, so their builds go without the limit.)
    FILE *status = fopen("/proc/self/status", "r");
    if (status) {
        char line[256];
        unsigned long long data_kb = 0;
        while (fgets(line, sizeof line, status)) {
            if (sscanf(line, "VmData: %llu kB", &data_kb) == 1) break;
        }
        fclose(status);
        if (data_kb > 0) {
            struct rlimit limit;
            limit.rlim_cur = limit.rlim_max = (rlim_t)(data_kb * 1024ULL + (4ULL << 30));
            setrlimit(RLIMIT_DATA, &limit);
        }
    }
#endif
#ifdef M_PERTURB
    // libhdf5's bugs on corrupt files include reads of memory it never initialised (a link table freed past the
    // entries it filled). Fresh heap memory is often zero, which such a bug survives by luck; filling every
    // allocation with a pattern makes the child fail on it every time, so a file cannot pass by luck.
    mallopt(M_PERTURB, 0xA5);
#endif
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access >= 0) H5Pset_fclose_degree(access, H5F_CLOSE_STRONG);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, access >= 0 ? access : H5P_DEFAULT);
    if (file >= 0) {
        hid_t root = H5Oopen(file, "/", H5P_DEFAULT);
        if (root >= 0) { vvae_sc_attributes(root); H5Oclose(root); } else { vvae_sc_listing_failed = 1; }
#if H5_VERSION_GE(1, 12, 0)
        if (H5Lvisit2(file, H5_INDEX_NAME, H5_ITER_INC, vvae_sc_link, &file) < 0) vvae_sc_listing_failed = 1;
#else
        if (H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, vvae_sc_link, &file) < 0) vvae_sc_listing_failed = 1;
#endif
    }
    // No H5Fclose, no exit(): the parent's open files live on in this copy of its memory, and a normal exit would
    // flush their buffers into descriptors the two processes share.
    _exit(vvae_sc_listing_failed ? VVAE_STRUCTURE_CHECK_UNLISTABLE_STATUS : 0);
}

/// Runs the structure check of `path` in a child and waits for it at most `time_limit_ms`.
static inline vvae_structure_check_result vvae_structure_check(const char *path, long time_limit_ms, int *detail) {
    *detail = 0;
    pid_t child = fork();
    if (child < 0) { *detail = errno; return VVAE_STRUCTURE_CHECK_NO_CHILD; }
    if (child == 0) vvae_sc_child(path);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long pause_us = 100;
    for (;;) {
        int status = 0;
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) {
            if (WIFSIGNALED(status)) { *detail = WTERMSIG(status); return VVAE_STRUCTURE_CHECK_CRASHED; }
            if (WIFEXITED(status) && WEXITSTATUS(status) == VVAE_STRUCTURE_CHECK_UNLISTABLE_STATUS) {
                return VVAE_STRUCTURE_CHECK_UNLISTABLE;
            }
            if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
                *detail = WEXITSTATUS(status);
                return VVAE_STRUCTURE_CHECK_FAILED;
            }
            return VVAE_STRUCTURE_CHECK_PASSED;
        }
        if (done < 0 && errno != EINTR) { *detail = errno; return VVAE_STRUCTURE_CHECK_NO_CHILD; }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed_ms = (long)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed_ms >= time_limit_ms) {
            kill(child, SIGKILL);
            while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
            return VVAE_STRUCTURE_CHECK_TIMED_OUT;
        }
        struct timespec pause = { 0, pause_us * 1000 };
        nanosleep(&pause, NULL);
        if (pause_us < 5000) pause_us *= 2;
    }
}

#endif
