/* SPDX-License-Identifier: MIT */
/*
 * The contract shared by the fuzz targets in tests/fuzz/.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput and is built twice:
 *  - by `make fuzz` with clang -fsanitize=fuzzer,address,undefined into
 *    build/fuzz/fuzz/fuzz_NAME, which libFuzzer drives;
 *  - by the normal build (gcc, `make test`, `make cross-test`) with replay.c
 *    into BUILD/tests/test_fuzz_NAME, which feeds it every checked-in input
 *    under tests/fuzz/corpus/NAME/ and tests/fuzz/regress/NAME/.
 * A target that needs code not yet on the branch says so with lines
 *   // FUZZ_NEEDS: path/to/file.h:symbol
 * and the Makefile builds it only when each file exists and names the symbol.
 *
 * Targets check properties, not just "no crash": a broken property calls
 * FUZZ_CHECK's abort(), which libFuzzer reports as a crash and the replay
 * test as a failure.
 */
#ifndef STRETCHREP_TESTS_FUZZ_H
#define STRETCHREP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* One input; returns 0 (libFuzzer's convention). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* Same values in every field (memcmp would also compare padding). */
#define FUZZ_SAME_SAMPLE(a, b) \
	((a)->t_s == (b)->t_s && \
	 (a)->acc_g[0] == (b)->acc_g[0] && (a)->acc_g[1] == (b)->acc_g[1] && \
	 (a)->acc_g[2] == (b)->acc_g[2] && (a)->gyr_dps[0] == (b)->gyr_dps[0] && \
	 (a)->gyr_dps[1] == (b)->gyr_dps[1] && (a)->gyr_dps[2] == (b)->gyr_dps[2])

#endif
