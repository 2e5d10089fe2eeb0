// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the history database opener and its migrations
 * (app/store/history.h): a damaged database file, made from the schema 5
 * file tests/data/history-schema5.sqlite3 (run from the top of the source
 * tree, as make fuzz and tests/run.sh do).
 * FUZZ_NEEDS: app/store/history.h:history_open_readonly
 *
 * The input is a list of patches to that file: records of a 2-byte
 * little-endian offset, a length byte and that many bytes, written over the
 * file (past its end: cut there when the length is 0); so libFuzzer's short
 * inputs reach every page. An input that begins with SQLite's magic is a
 * whole file instead.
 *
 * Properties: history_open_readonly, history_open (which upgrades to the
 * current schema) and history_recent return 0 or a negative errno, never
 * crash or hang (libFuzzer's -timeout); history_recent's count is within
 * what was asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "store/history.h"
#include "fuzz.h"

#define SEED_PATH "tests/data/history-schema5.sqlite3"

static unsigned char seed[64 * 1024], work[64 * 1024];
static size_t seed_len;
static char path[64], wal[80], shm[80];

static void cleanup(void)
{
	unlink(path);
	unlink(wal);
	unlink(shm);
}

static void setup(void)
{
	FILE *f = fopen(SEED_PATH, "rb");
	int fd;

	if (!f) {
		fprintf(stderr, "fuzz_history_open: %s: run from the top of the source tree\n", SEED_PATH);
		abort();
	}
	seed_len = fread(seed, 1, sizeof(seed), f);
	fclose(f);
	/* tmpfs when there is one: the history fsyncs (synchronous=FULL) */
	snprintf(path, sizeof(path), "%s/stretchrep-fuzz-history-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	fd = mkstemp(path);
	FUZZ_CHECK(fd >= 0);
	close(fd);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	atexit(cleanup);
}

static void check(struct history *h)
{
	static struct history_entry e[4];
	int n = history_recent(h, e, 4);

	FUZZ_CHECK(n <= 4 && n > -4096);   /* a count, or -errno */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct history *h;
	size_t len = seed_len, i = 0;
	FILE *f;
	int rc;

	if (!seed_len)
		setup();
	if (size >= 16 && !memcmp(data, "SQLite format 3", 16)) {
		len = size < sizeof(work) ? size : sizeof(work);
		memcpy(work, data, len);
	} else {
		memcpy(work, seed, seed_len);
		while (i + 3 <= size) {
			size_t off = data[i] | (size_t)data[i + 1] << 8, n = data[i + 2];

			i += 3;
			if (n == 0) {
				if (off < len)
					len = off;
				continue;
			}
			for (size_t k = 0; k < n && i < size; k++, i++)
				if (off + k < sizeof(work)) {
					work[off + k] = data[i];
					if (off + k >= len)
						len = off + k + 1;
				}
		}
	}
	unlink(wal);
	unlink(shm);
	f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(work, 1, len, f) == len);
	FUZZ_CHECK(fclose(f) == 0);

	rc = history_open_readonly(&h, path);
	FUZZ_CHECK(rc <= 0 && (rc == 0) == (h != NULL));
	if (!rc)
		check(h);
	history_close(h);
	rc = history_open(&h, path);
	FUZZ_CHECK(rc <= 0 && (rc == 0) == (h != NULL));
	if (!rc)
		check(h);
	history_close(h);
	return 0;
}
