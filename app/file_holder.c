// SPDX-License-Identifier: MIT
/*
 * file_holder — another process that has a file open (file_holder.h): a
 * walk of /proc/PID/fd, as fuser(1) and lsof(8) do. Hand-written: those two
 * are programs, not libraries, and the walk is a few lines.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "file_holder.h"

/* /proc/PID/comm under proc into name ("" when unreadable). */
static void holder_name(const char *proc, long pid, char *name, size_t len)
{
	char p[PATH_MAX + 64];
	FILE *f;

	if (!name || !len)
		return;
	name[0] = '\0';
	snprintf(p, sizeof(p), "%s/%ld/comm", proc, pid);
	f = fopen(p, "r");
	if (!f)
		return;
	if (fgets(name, (int)len, f))
		name[strcspn(name, "\n")] = '\0';
	else
		name[0] = '\0';
	fclose(f);
}

/* true when one of proc/pid/fd's links names path */
static int holds(const char *proc, const char *pid, const char *path)
{
	char fds[PATH_MAX + 300], link[PATH_MAX + 600], target[PATH_MAX];
	struct dirent *f;
	int found = 0;
	DIR *fd;

	snprintf(fds, sizeof(fds), "%s/%s/fd", proc, pid);
	fd = opendir(fds);   /* another user's: EACCES, seen as holding nothing */
	if (!fd)
		return 0;
	while (!found && (f = readdir(fd))) {
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", fds, f->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = !strcmp(target, path);
	}
	closedir(fd);
	return found;
}

long file_holder_find(const char *root, const char *path, char *name, size_t len)
{
	char proc[PATH_MAX], real[PATH_MAX];
	struct dirent *p;
	long pid = 0;
	DIR *pd;

	if (name && len)
		name[0] = '\0';
	if (!root)
		root = "";
	if (!*root && realpath(path, real))
		path = real;
	snprintf(proc, sizeof(proc), "%s/proc", root);
	pd = opendir(proc);
	while (pd && !pid && (p = readdir(pd))) {
		char *end;
		long n = strtol(p->d_name, &end, 10);

		if (*end || n <= 0 || n == (long)getpid())
			continue;
		if (holds(proc, p->d_name, path))
			pid = n;
	}
	if (pd)
		closedir(pd);
	if (pid)
		holder_name(proc, pid, name, len);
	return pid;
}
