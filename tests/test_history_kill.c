// SPDX-License-Identifier: MIT
/*
 * The kill test: a child saves sessions in a loop and reports each one
 * through a pipe only after history_save() returned 0; the parent SIGKILLs
 * it at a random moment, KILLS times over. After every kill, reopening the
 * database (which recovers the WAL) must show every reported session whole
 * (its summary and all its reps and holds), no session in part, and
 * PRAGMA integrity_check = ok (after each kill once the schema exists: the
 * first kills land while the file is created).
 *
 * What SIGKILL proves: the commit protocol (one transaction per session, no
 * report before COMMIT returned, recovery of a torn WAL). What it cannot
 * prove: durability across a power cut, where unsynced page cache is lost
 * too; that rests on synchronous=FULL, which history_open() sets.
 *
 * The kill moments are random (seeded from the clock, the seed is printed;
 * STRETCHREP_KILL_SEED=N repeats a run's choices, not its timing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "clock.h"
#include "store/history.h"
#include "fakes/fake_session.h"
#include "testutil.h"

#define KILLS 220

struct report {
	int64_t id;
	uint64_t seed;
};

static uint64_t rng;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The child: saves sessions with seeds base, base+1, ... forever. */
static void writer(const char *path, int fd, uint64_t base)
{
	struct session *s = malloc(sizeof(*s));
	struct history *h;

	if (!s || history_open(&h, path))
		_exit(3);
	{
		/* "open": the parent starts its clock now, so the kills land
		 * among the saves rather than in process start-up */
		struct report ready = { -1, 0 };

		if (write(fd, &ready, sizeof(ready)) != (ssize_t)sizeof(ready))
			_exit(5);
	}
	for (uint64_t seed = base;; seed++) {
		struct report r = { 0, seed };

		fake_session_fill(s, seed);
		if (history_save(h, s, NULL, (int64_t)seed, (int64_t)seed + 100, &r.id))
			_exit(4);
		/* reported only now that the commit returned */
		if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(5);
	}
}

/* One value of a query with one integer parameter. */
static int64_t q(sqlite3 *db, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void check_session(sqlite3 *db, const struct report *r)
{
	int reps = fake_session_reps(r->seed);
	int logged = reps < SESSION_MAX_REPS ? reps : SESSION_MAX_REPS;

	if (q(db, "SELECT reps FROM sessions WHERE id = ?1", r->id) != reps) {
		print_error("session %lld (seed %llu) reported saved but missing or wrong\n",
			    (long long)r->id, (unsigned long long)r->seed);
		fail();
	}
	assert_int_equal(q(db, "SELECT started_at FROM sessions WHERE id = ?1", r->id), (int64_t)r->seed);
	assert_int_equal(q(db, "SELECT count(*) FROM reps WHERE session_id = ?1", r->id), logged);
	assert_int_equal(q(db, "SELECT count(*) FROM holds WHERE session_id = ?1", r->id),
			 fake_session_holds(r->seed));
	/* the last logged rep's peak, to the bit */
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db, "SELECT peak_deg FROM reps WHERE session_id = ?1 AND n = ?2",
						    -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int(st, 2, logged);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_true(sqlite3_column_double(st, 0) == fake_session_peak_deg(r->seed, logged - 1));
		sqlite3_finalize(st);
	}
}

/* How long one save takes on this disk (fsync dominates), in microseconds:
 * the kills are spread over a few saves' time. Only a scale, never a
 * pass/fail criterion. */
static uint64_t save_time_us(const char *dir)
{
	char path[96];
	struct session *s = malloc(sizeof(*s));
	struct history *h;
	double t0;

	assert_non_null(s);
	snprintf(path, sizeof(path), "%s/scratch.sqlite3", dir);
	assert_int_equal(history_open(&h, path), 0);
	fake_session_fill(s, 1);
	assert_int_equal(history_save(h, s, NULL, 0, 0, NULL), 0);
	t0 = clock_mono_s();
	for (int i = 0; i < 4; i++) {
		fake_session_fill(s, (uint64_t)i + 2);
		assert_int_equal(history_save(h, s, NULL, 0, 0, NULL), 0);
	}
	history_close(h);
	free(s);
	return (uint64_t)((clock_mono_s() - t0) / 4 * 1e6);
}

static void add_report(struct report **all, size_t *n, size_t *cap, const struct report *r)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		*all = realloc(*all, *cap * sizeof(**all));
		assert_non_null(*all);
	}
	(*all)[(*n)++] = *r;
}

static void killed_writer_loses_nothing_reported(void **state)
{
	char dir[] = "/tmp/stretchrep-kill-XXXXXX", path[64], cmd[96];
	struct report *all = NULL;
	size_t n_all = 0, cap_all = 0;
	const char *env = getenv("STRETCHREP_KILL_SEED");
	int unreported_commits = 0, killed_before_any = 0, integrity_checks = 0;
	int64_t in_db, prev_in_db = 0;
	uint64_t save_us;
	struct history *h;

	(void)state;
	rng = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (!rng)
		rng = 1;
	fprintf(stderr, "kill test: seed %llu (STRETCHREP_KILL_SEED repeats it)\n", (unsigned long long)rng);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.sqlite3", dir);
	save_us = save_time_us(dir);
	fprintf(stderr, "kill test: one save takes about %.1f ms here\n", (double)save_us / 1000);

	for (int k = 0; k < KILLS; k++) {
		struct timespec ts;
		struct report r;
		size_t before = n_all;
		int fd[2], st;
		/* kill inside save number wait + 1 of this run, at a random
		 * point of it: the pace is measured as the child goes, so the
		 * kills spread over whole saves however busy the disk is */
		int wait = (int)(next_rand() % 4);
		double t_prev, t;
		uint64_t delay_us;
		sqlite3 *db;
		pid_t pid;
		ssize_t got;

		assert_int_equal(pipe(fd), 0);
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fd[0]);
			writer(path, fd[1], (uint64_t)k * 100000 + 1);
		}
		close(fd[1]);
		/* the first runs are killed while opening (creating, migrating) */
		if (k >= 5) {
			got = read(fd[0], &r, sizeof(r));
			assert_int_equal(got, sizeof(r));
			assert_int_equal(r.id, -1);
			t_prev = clock_mono_s();
			for (int i = 0; i < wait; i++) {
				got = read(fd[0], &r, sizeof(r));
				assert_int_equal(got, sizeof(r));
				add_report(&all, &n_all, &cap_all, &r);
				t = clock_mono_s();
				save_us = (uint64_t)((t - t_prev) * 1e6) + 1;
				t_prev = t;
			}
		}
		delay_us = next_rand() % (save_us + save_us / 4 + 1);
		ts.tv_sec = (time_t)(delay_us / 1000000);
		ts.tv_nsec = (long)(delay_us % 1000000) * 1000;
		nanosleep(&ts, NULL);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (!WIFSIGNALED(st)) {
			print_error("writer ended by itself, status %d\n", WEXITSTATUS(st));
			fail();
		}
		while ((got = read(fd[0], &r, sizeof(r))) == (ssize_t)sizeof(r))
			if (r.id != -1)
				add_report(&all, &n_all, &cap_all, &r);
		assert_int_equal(got, 0);   /* no torn report: writes of 16 bytes are atomic */
		close(fd[0]);
		if (n_all == before)
			killed_before_any++;

		/* recovery happens on this open */
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		if (q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'sessions'", 0) == 1) {
			for (size_t i = before; i < n_all; i++)
				check_session(db, &all[i]);
			/* no session in part: every session has all its logged reps */
			assert_int_equal(q(db, "SELECT count(*) FROM sessions s WHERE"
					   " (SELECT count(*) FROM reps r WHERE r.session_id = s.id) != min(s.reps, ?1)",
					   SESSION_MAX_REPS), 0);
			/* commits that were not reported are allowed (killed in
			 * between); reported ones that are not there are not */
			in_db = q(db, "SELECT count(*) FROM sessions", 0);
			assert_true(in_db >= (int64_t)n_all);
			if (in_db - prev_in_db > (int64_t)(n_all - before))
				unreported_commits++;
			prev_in_db = in_db;
			/* after every kill, not once at the end: a page torn by
			 * one kill could be rewritten whole by later saves */
			assert_int_equal(q(db, "SELECT count(*) FROM pragma_integrity_check"
					   " WHERE integrity_check != 'ok'", 0), 0);
			integrity_checks++;
		} else {
			assert_int_equal(n_all, 0);
		}
		sqlite3_close(db);
	}

	/* at the end, every session ever reported, through the API too */
	assert_int_equal(history_open(&h, path), 0);
	assert_int_equal(history_check(h), 0);
	{
		sqlite3 *db;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		for (size_t i = 0; i < n_all; i++)
			check_session(db, &all[i]);
		sqlite3_close(db);
	}
	history_close(h);
	fprintf(stderr, "kill test: %d kills, %zu sessions reported saved, all present and whole; "
		"%d kills before any save, %d after a commit was written but before it was reported; "
		"integrity_check ok after each of the %d kills that left a schema, and at the end\n",
		KILLS, n_all, killed_before_any, unreported_commits, integrity_checks);
	assert_true(n_all > 0);
	free(all);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killed_writer_loses_nothing_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
