// SPDX-License-Identifier: MIT
/*
 * file_holder: which other process has a file open. Oracles: a fake /proc
 * tree built here (the pid, the link and the name are the test's), and a
 * real child process that the test forks holding a file it opened (its pid
 * is fork's answer; its name, not changed by fork, this program's as the
 * kernel's /proc/self/comm says).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "file_holder.h"

static char tmp[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/test_file_holder.XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) ? -1 : 0;
}

/* path under tmp: a directory chain (mkdir -p) or a symbolic link */
static void mk(const char *rel)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", tmp, rel);
	assert_int_equal(system(cmd), 0);
}

static void lnk(const char *target, const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	assert_int_equal(symlink(target, p), 0);
}

static void fake_proc_tree(void **state)
{
	char root[128], p[256], name[32];
	FILE *f;

	(void)state;
	snprintf(root, sizeof(root), "%s/fake", tmp);
	mk("fake/proc/17/fd");
	mk("fake/proc/4242/fd");
	mk("fake/proc/self");   /* not a pid: skipped */
	lnk("/dev/null", "fake/proc/17/fd/0");
	lnk("/dev/i2c-1", "fake/proc/4242/fd/5");
	snprintf(p, sizeof(p), "%s/proc/4242/comm", root);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("stretchrep\n", f);
	fclose(f);
	assert_int_equal(file_holder_find(root, "/dev/i2c-1", name, sizeof(name)), 4242);
	assert_string_equal(name, "stretchrep");
	assert_int_equal(file_holder_find(root, "/dev/null", name, sizeof(name)), 17);
	assert_string_equal(name, "");   /* no comm in the tree */
	assert_int_equal(file_holder_find(root, "/dev/i2c-0", name, sizeof(name)), 0);
	assert_int_equal(file_holder_find(root, "/dev/i2c-1", NULL, 0), 4242);
	/* this process's own descriptors never count */
	snprintf(p, sizeof(p), "fake/proc/%ld/fd", (long)getpid());
	mk(p);
	snprintf(p, sizeof(p), "fake/proc/%ld/fd/3", (long)getpid());
	lnk("/dev/i2c-7", p);
	assert_int_equal(file_holder_find(root, "/dev/i2c-7", name, sizeof(name)), 0);
	/* no /proc at all: nobody seen */
	snprintf(p, sizeof(p), "%s/none", tmp);
	assert_int_equal(file_holder_find(p, "/dev/i2c-1", name, sizeof(name)), 0);
}

static void real_child_holding_a_file(void **state)
{
	char bus[128], link[128], rel[256], name[32], me[32] = "";
	int fds[2], fd;
	pid_t child;
	FILE *f;

	(void)state;
	snprintf(bus, sizeof(bus), "%s/i2c-9", tmp);
	fd = open(bus, O_CREAT | O_RDWR, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {   /* holds the file until killed */
		int h = open(bus, O_RDONLY);

		(void)!write(fds[1], h >= 0 ? "1" : "0", 1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(fds[0], name, 1), 1);
	assert_int_equal(name[0], '1');
	f = fopen("/proc/self/comm", "r");   /* the child's name: this program's */
	assert_non_null(f);
	assert_non_null(fgets(me, sizeof(me), f));
	fclose(f);
	me[strcspn(me, "\n")] = '\0';
	assert_int_equal(file_holder_find(NULL, bus, name, sizeof(name)), child);
	assert_string_equal(name, me);
	assert_int_equal(file_holder_find("", bus, NULL, 0), child);
	/* a symbolic link to it, and a path with a detour: the same file */
	snprintf(link, sizeof(link), "%s/bus-link", tmp);
	assert_int_equal(symlink(bus, link), 0);
	assert_int_equal(file_holder_find(NULL, link, NULL, 0), child);
	snprintf(rel, sizeof(rel), "%s/../%s/i2c-9", tmp, strrchr(tmp, '/') + 1);
	assert_int_equal(file_holder_find(NULL, rel, NULL, 0), child);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_int_equal(file_holder_find(NULL, bus, name, sizeof(name)), 0);
	assert_string_equal(name, "");
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fake_proc_tree),
		cmocka_unit_test(real_child_holding_a_file),
	};

	return cmocka_run_group_tests_name("file_holder", tests, setup, teardown);
}
