/* fuzz.h — the libFuzzer entry point every target defines. */
#ifndef CIVIQ_TESTS_FUZZ_H
#define CIVIQ_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
