// SPDX-License-Identifier: MIT
/*
 * kiosk_history's queue of unsaved sessions: a history locked by another
 * process (a clinician's sqlite3 holding a write transaction) costs a frame
 * at most one short try, nothing is tried before its time, and the session
 * is saved, whole, once the lock is gone. Oracle: the fake session's known
 * counts, read back through the history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "kiosk/kiosk_history.h"
#include "store/patients.h"
#include "fakes/fake_session.h"
#include "testutil.h"

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void busy_history_saves_on_a_later_frame(void **state)
{
	char dir[] = "/tmp/stretchrep-khist-XXXXXX", path[64], cmd[96];
	struct kiosk_history_queue q = { 0 };
	struct session *s = malloc(sizeof(*s));
	struct history_entry e[2];
	struct ui_history uh;
	struct history *h;
	sqlite3 *other;
	int64_t id = 0, pid;
	double t0, dev[2] = { 0.5, -0.25 };
	struct history_meta m;
	sqlite3_stmt *st;
	int nr, nh;

	(void)state;
	assert_non_null(s);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.sqlite3", dir);
	assert_int_equal(history_open(&h, path), 0);
	fake_session_fill(s, 9);
	assert_int_equal(patient_add(h, "Ann", 1, &pid), 0);
	history_meta_init(&m);
	m.patient_id = pid;
	m.side = HISTORY_SIDE_LEFT;
	m.pain_before = 4;
	m.tempo_dev_s = dev;
	m.n_tempo_dev = 2;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

	assert_int_equal(kiosk_history_record(h, 0, s, &m, 1700000000, &id, &uh), -EBUSY);
	assert_int_equal(uh.saved, UI_SAVED_FAILED);
	assert_int_equal(kiosk_history_queue_push(&q, s, &m, NULL, 1700000000, -EBUSY), 0);
	fake_session_fill(s, 1);   /* the kiosk goes on: the queue has its own copy */
	history_meta_init(&m);     /* ... of the metadata and the tempo too */
	/* the caller's buffer changes: the queue must not point into it */
	// cppcheck-suppress unreadVariable
	dev[0] = dev[1] = 9.0;

	assert_int_equal(kiosk_history_queue_retry(&q, h, 10.0, &id), 0);   /* sets the time */
	assert_int_equal(kiosk_history_queue_retry(&q, h, 10.5, &id), 0);   /* not yet */
	t0 = mono_s();
	assert_int_equal(kiosk_history_queue_retry(&q, h, 10.0 + KIOSK_HISTORY_RETRY_S, &id), -EBUSY);
	assert_true(mono_s() - t0 < 0.25);   /* one short try: a frame, not a freeze */
	assert_int_equal(q.n, 1);

	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(kiosk_history_queue_retry(&q, h, 10.5 + KIOSK_HISTORY_RETRY_S, &id), 0);
	assert_int_equal(kiosk_history_queue_retry(&q, h, 10.0 + 2 * KIOSK_HISTORY_RETRY_S, &id), 1);
	assert_int_equal(q.n, 0);
	assert_int_equal(history_recent(h, e, 2), 1);
	assert_int_equal(e[0].id, id);
	assert_int_equal(e[0].ended_at, 1700000000);
	assert_int_equal(e[0].sum.reps, fake_session_reps(9));
	assert_int_equal(e[0].meta.patient_id, pid);
	assert_int_equal(e[0].meta.side, HISTORY_SIDE_LEFT);
	assert_int_equal(e[0].meta.pain_before, 4);
	/* the tempo deviations as SQLite has them */
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(other, "SELECT sum(tempo_dev_s), count(tempo_dev_s) FROM reps", -1, &st,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_near(sqlite3_column_double(st, 0), 0.25, 1e-12);
	assert_int_equal(sqlite3_column_int(st, 1), 2);
	sqlite3_finalize(st);
	sqlite3_close(other);
	assert_int_equal(history_session_counts(h, id, &nr, &nh), 0);
	assert_int_equal(nh, fake_session_holds(9));
	assert_int_equal(kiosk_history_queue_free(&q), 0);

	history_close(h);
	free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void queue_is_bounded(void **state)
{
	struct kiosk_history_queue q = { 0 };
	struct session *s = malloc(sizeof(*s));

	(void)state;
	assert_non_null(s);
	fake_session_fill(s, 3);
	for (int i = 0; i < KIOSK_HISTORY_QUEUE; i++)
		assert_int_equal(kiosk_history_queue_push(&q, s, NULL, NULL, i, -ENOSPC), 0);
	assert_int_equal(kiosk_history_queue_push(&q, s, NULL, NULL, 99, -ENOSPC), -ENOSPC);
	/* no history: nothing tried, nothing lost */
	assert_int_equal(kiosk_history_queue_retry(&q, NULL, 1e9, NULL), 0);
	assert_int_equal(kiosk_history_queue_free(&q), KIOSK_HISTORY_QUEUE);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(busy_history_saves_on_a_later_frame),
		cmocka_unit_test(queue_is_bounded),
	};

	return cmocka_run_group_tests_name("kiosk_history", tests, NULL, NULL);
}
