/* SPDX-License-Identifier: MIT */
/*
 * proc_stat — what the soak benchmarks sample of their own process: resident
 * memory and open descriptors, from /proc/self. Header-only.
 */
#ifndef STRETCHREP_TESTS_PROC_STAT_H
#define STRETCHREP_TESTS_PROC_STAT_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Resident memory in KB, all of it and the anonymous part (resident less
 * file-backed pages: code pages fault in as new paths run, which is not a
 * leak). Both -1 if unreadable. */
static inline void rss_kb(long *all, long *anon)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long v[3], page_kb = sysconf(_SC_PAGESIZE) / 1024;
	char line[256], *p = line;

	*all = *anon = -1;
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f))
		p = NULL;
	fclose(f);
	/* size resident shared ..., in pages */
	for (int i = 0; p && i < 3; i++) {
		char *end;

		v[i] = strtol(p, &end, 10);
		p = end == p ? NULL : end;
	}
	if (p) {
		*all = v[1] * page_kb;
		*anon = (v[1] - v[2]) * page_kb;
	}
}

static inline int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n - 3;   /* ".", ".." and the directory's own descriptor */
}

#endif
