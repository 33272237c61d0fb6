// libFuzzer's documented entry for programs that keep their own main (LLVM >= 12; part of the Swift toolchain's
// compiler-rt, linked by swiftc -sanitize=fuzzer). Only the fuzz build (VVAE_FUZZ=1) imports this.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
