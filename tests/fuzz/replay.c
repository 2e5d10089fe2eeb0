// SPDX-License-Identifier: MIT
/*
 * Replays checked-in fuzz inputs through a fuzz target without libFuzzer, so
 * the normal test run (with its sanitizers, and under qemu for cross builds)
 * keeps every input that once crashed.
 *
 *   test_fuzz_NAME            every file in tests/fuzz/regress/NAME/ and
 *                             tests/fuzz/corpus/NAME/ (run from the top of
 *                             the source tree, as tests/run.sh does)
 *   test_fuzz_NAME FILE...    just these files
 *
 * NAME comes from the program's own name. Fails if no input was found, so a
 * wrong working directory cannot pass silently.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

#define REPLAY_MAX_INPUT (1 << 20) /* checked-in inputs are small */

static int replay_file(const char *path)
{
	static unsigned char buf[REPLAY_MAX_INPUT];
	FILE *f = fopen(path, "rb");
	size_t n;
	int err;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	err = ferror(f) || (n == sizeof(buf) && getc(f) != EOF);
	fclose(f);
	if (err) {
		fprintf(stderr, "replay: %s: read error or larger than %d bytes\n", path,
			REPLAY_MAX_INPUT);
		return -1;
	}
	/* A copy of exactly n bytes, so ASan sees reads past the end. */
	unsigned char *copy = malloc(n ? n : 1);

	if (!copy) {
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	memcpy(copy, buf, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of dir in name order; returns how many, or -1. */
static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int done = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof(*names));

			if (!nn)
				goto fail;
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(path);
		if (!names[n])
			goto fail;
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (replay_file(names[i]))
			goto fail;
		done++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return done;
fail:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return -1;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *prefix = "test_fuzz_";
	const char *name;
	int total = 0;

	base = base ? base + 1 : argv[0];
	if (strncmp(base, prefix, strlen(prefix)) != 0) {
		fprintf(stderr, "replay: cannot tell the target from the name '%s'\n", base);
		return 2;
	}
	name = base + strlen(prefix);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (replay_file(argv[i]))
				return 1;
		printf("replay %s: %d inputs, all passed\n", name, argc - 1);
		return 0;
	}
	static const char *const kinds[] = { "regress", "corpus" };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		char dir[512];
		int n;

		snprintf(dir, sizeof(dir), "tests/fuzz/%s/%s", kinds[k], name);
		n = replay_dir(dir);
		if (n < 0) {
			fprintf(stderr, "replay %s: %s: failed\n", name, dir);
			return 1;
		}
		printf("replay %s: %s: %d inputs passed\n", name, dir, n);
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay %s: no inputs found (run from the source tree's top)\n", name);
		return 1;
	}
	return 0;
}
