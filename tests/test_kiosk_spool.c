// SPDX-License-Identifier: MIT
/*
 * kiosk_spool and the retry queue's spool (kiosk_history.h): a session the
 * history could not take survives a restart and is saved exactly once.
 *
 * Oracles, none of them the spool's code:
 *  - the same session saved directly by history_save into another
 *    database: every column of its sessions, reps, holds and marks rows
 *    (read with sqlite3, quote()d so doubles compare to the bit) equals
 *    the spooled copy's;
 *  - the fake session's known counts (fake_session.h);
 *  - SQLite read directly: count(*) per ended_at after a restart;
 *  - the file system: which files are in the spool directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "kiosk/kiosk_history.h"
#include "kiosk/kiosk_spool.h"
#include "store/patients.h"
#include "fakes/fake_session.h"
#include "testutil.h"

/* A session with every part history_save reads set to something known. */
static void fill(struct session *s, uint64_t seed)
{
	fake_session_fill(s, seed);
	s->set.ceiling_deg = 40.0 + (double)(seed % 7);
	s->n_ceiling = 3;
	for (int i = 0; i < 3; i++) {
		s->ceiling_log[i].t_s = 5.0 + i * 1.1;
		s->ceiling_log[i].peak_deg = 41.0 + i / 3.0;
	}
	s->motion.orient.bias_known = true;
	s->motion.orient.bias_dps[0] = 3.0 + seed / 7.0;
	s->motion.orient.bias_dps[1] = -4.25;
	s->motion.orient.scale_checks = 2;
	s->motion.orient.gyr_scale = 1.0 + 1.0 / 3.0;
}

static double dev[5] = { 0.5, -0.25, NAN, 1.0 / 3.0, 2.0 };

static void meta_fill(struct history_meta *m, int64_t pid)
{
	history_meta_init(m);
	m->patient_id = pid;
	m->side = HISTORY_SIDE_RIGHT;
	m->mode = HISTORY_MODE_STRETCH;
	m->pain_before = 4;
	m->pain_after = 2;
	m->n_symptoms = 2;
	m->symptoms[0] = (struct history_symptom){ 12.5, 38.0 + 1.0 / 7.0, 3 };
	m->symptoms[1] = (struct history_symptom){ 20.0, 44.5, 6 };
	m->set_id = 0;
	m->tempo_dev_s = dev;
	m->n_tempo_dev = 5;
}

/* The rows of one session, every column but the ids, as text. */
static char *dump(const char *path, const char *where)
{
	static const char *const q[] = {
		"SELECT quote(started_at)||quote(ended_at)||quote(reps)||quote(work_s)||quote(duration_s)||"
		"quote(mean_peak_deg)||quote(best_peak_deg)||quote(longest_hold_s)||quote(holds)||quote(warnings)||"
		"quote(tempo_reps_per_min)||quote(mean_rep_s)||quote(hold_warn_s)||quote(work_target_s)||"
		"quote(gyro_checks)||quote(gyro_scale)||quote(gyro_bias_dps)||quote(gyro_out_of_tolerance)||"
		"quote(source)||quote(patient_id)||quote(side)||quote(mode)||quote(pain_before)||quote(pain_after)||"
		"quote(ceiling_deg)||quote(ceiling_events)||quote(set_id) FROM sessions WHERE @",
		"SELECT group_concat(quote(n)||quote(start_s)||quote(t_s)||quote(peak_deg)||quote(dwell_s)||"
		"quote(duration_s)||quote(tempo_dev_s), ';') FROM (SELECT * FROM reps WHERE session_id ="
		" (SELECT id FROM sessions WHERE @) ORDER BY n)",
		"SELECT group_concat(quote(idx)||quote(start_s)||quote(duration_s)||quote(angle_deg)||quote(warned),"
		" ';') FROM (SELECT * FROM holds WHERE session_id = (SELECT id FROM sessions WHERE @) ORDER BY idx)",
		"SELECT group_concat(quote(kind)||quote(idx)||quote(t_s)||quote(angle_deg)||quote(rating), ';')"
		" FROM (SELECT * FROM marks WHERE session_id = (SELECT id FROM sessions WHERE @) ORDER BY kind, idx)",
	};
	size_t cap = 1 << 20, len = 0;
	char *out = calloc(1, cap), sql[1024];
	sqlite3 *db;

	assert_non_null(out);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *st;

		const char *at = strchr(q[i], '@');

		snprintf(sql, sizeof(sql), "%.*s%s%s", (int)(at - q[i]), q[i], where, at + 1);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		len += (size_t)snprintf(out + len, cap - len, "%s\n",
					sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "-");
		assert_true(len < cap);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return out;
}

/* count(*) of a query, read with sqlite3 directly. */
static int count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Files in dir whose names end with suffix. */
static int files(const char *dir, const char *suffix)
{
	char cmd[256];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -1 '%s' 2>/dev/null | grep -c -- '%s$'", dir, suffix);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static char logged[4][768];
static int n_logged;

static void log_hook(void *ctx, const char *msg)
{
	(void)ctx;
	if (n_logged < 4)
		snprintf(logged[n_logged], sizeof(logged[0]), "%s", msg);
	n_logged++;
}

/* The spooled copy saves exactly what the session itself saves. */
static void spooled_copy_saves_the_same_rows(void **state)
{
	char dir[64], a[128], b[128], spool[160], why[256];
	struct session *s = malloc(sizeof(*s));
	struct kiosk_spool_item it;
	struct history_meta m;
	struct history *ha, *hb;
	int64_t pid, ida, idb;
	char *da, *db;

	(void)state;
	assert_non_null(s);
	for (uint64_t seed = 1; seed <= 16; seed++) {   /* two of them run past the rep log */
		assert_int_equal(testutil_tmpdir(dir, "spool", a, "a.sqlite3"), 0);
		snprintf(b, sizeof(b), "%s/b.sqlite3", dir);
		assert_int_equal(kiosk_spool_dir_for(b, spool, sizeof(spool)), 0);
		assert_int_equal(history_open(&ha, a), 0);
		assert_int_equal(history_open(&hb, b), 0);
		assert_int_equal(patient_add(ha, "Ann", 1, &pid), 0);
		assert_int_equal(patient_add(hb, "Ann", 1, &pid), 0);
		fill(s, seed);
		meta_fill(&m, pid);
		history_set_source(ha, "replay");
		assert_int_equal(history_save(ha, s, &m, 1700000000 - 100, 1700000000, &ida), 0);

		assert_int_equal(kiosk_spool_write(spool, "abc-1", "replay", s, &m, 1700000000, why, sizeof(why)), 0);
		memset(s, 0x5a, sizeof(*s));   /* nothing of it may be read back from memory */
		assert_int_equal(kiosk_spool_read(spool, "abc-1", &it, why, sizeof(why)), 0);
		assert_string_equal(it.source, "replay");
		assert_string_equal(it.meta.save_id, "abc-1");
		history_set_source(hb, it.source);
		assert_int_equal(history_save(hb, it.s, &it.meta, it.ended_at - 100, it.ended_at, &idb), 0);
		/* the id keeps a second save out */
		assert_int_equal(history_save(hb, it.s, &it.meta, it.ended_at - 100, it.ended_at, &idb), -EEXIST);
		kiosk_spool_item_free(&it);
		history_close(ha);
		history_close(hb);

		da = dump(a, "1");
		db = dump(b, "1");
		for (size_t k = 0; da[k] || db[k]; k++)
			if (da[k] != db[k]) {
				print_error("seed %d: differ at %zu: '%.60s' vs '%.60s'\n", (int)seed, k,
					    da + (k > 20 ? k - 20 : 0), db + (k > 20 ? k - 20 : 0));
				break;
			}
		assert_string_equal(da, db);
		assert_non_null(strstr(da, "'right'"));   /* the oracle has the parts in it */
		assert_non_null(strstr(da, "'symptom'"));
		assert_non_null(strstr(da, "'ceiling'"));
		assert_int_equal(count(b, "SELECT count(*) FROM sessions"), 1);
		assert_int_equal(count(b, "SELECT reps FROM sessions"), fake_session_reps(seed));
		assert_int_equal(count(b, "SELECT count(*) FROM holds"), fake_session_holds(seed));
		free(da);
		free(db);
		assert_int_equal(testutil_rmdir(dir), 0);
	}
	free(s);
}

/* Locked history: the session goes to the spool; the kiosk restarts
 * (the queue's memory is gone); the next start saves it once and removes
 * the file. Then a file left after its session was saved (as a kill
 * between the commit and the unlink leaves it) is removed, not saved
 * again. */
static void spooled_session_survives_a_restart(void **state)
{
	char dir[64], path[128], spool[160], saved_copy[96], cmd[600];
	struct session *s = fake_session_new(7);
	struct kiosk_history_queue q = { .log = log_hook };
	struct history_meta m;
	struct ui_history uh;
	struct history *h;
	sqlite3 *other;
	int64_t id, pid;

	(void)state;
	assert_non_null(s);
	assert_int_equal(testutil_tmpdir(dir, "spool", path, "h.sqlite3"), 0);
	assert_int_equal(kiosk_spool_dir_for(path, spool, sizeof(spool)), 0);
	assert_int_equal(history_open(&h, path), 0);
	assert_int_equal(patient_add(h, "Bo", 1, &pid), 0);
	meta_fill(&m, pid);
	assert_int_equal(kiosk_history_queue_spool(&q, path), 0);

	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(kiosk_history_record(h, 0, s, &m, 1700000123, &id, &uh), -EBUSY);
	assert_int_equal(kiosk_history_queue_push(&q, s, &m, "sensor", 1700000123, -EBUSY), 0);
	assert_int_equal(q.spool_rc, 0);
	assert_int_equal(kiosk_history_queue_unspooled(&q), 0);
	assert_int_equal(files(spool, ".json"), 1);
	/* the kiosk stops with it unsaved: memory lost, the file stays */
	assert_int_equal(kiosk_history_queue_free(&q), 1);
	history_close(h);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	snprintf(saved_copy, sizeof(saved_copy), "%s/copy", dir);
	snprintf(cmd, sizeof(cmd), "mkdir '%s' && cp %s/*.json '%s'/", saved_copy, spool, saved_copy);
	assert_int_equal(system(cmd), 0);

	/* the next start */
	assert_int_equal(history_open(&h, path), 0);
	memset(&q, 0, sizeof(q));
	assert_int_equal(kiosk_history_queue_spool(&q, path), 0);
	assert_int_equal(kiosk_history_queue_retry(&q, h, 100.0, &id), 1);   /* at once */
	assert_true(id > 0);
	assert_int_equal(q.n, 0);
	assert_int_equal(files(spool, ".json"), 0);
	assert_int_equal(count(path, "SELECT count(*) FROM sessions WHERE ended_at = 1700000123"), 1);
	assert_int_equal(count(path, "SELECT reps FROM sessions"), fake_session_reps(7));
	assert_int_equal(count(path, "SELECT count(*) FROM marks WHERE kind = 'symptom'"), 2);
	assert_int_equal(count(path, "SELECT count(tempo_dev_s) FROM reps"), 4);   /* the NaN is NULL */

	/* its file again, as a kill after the commit leaves it */
	snprintf(cmd, sizeof(cmd), "cp '%s'/*.json %s/", saved_copy, spool);
	assert_int_equal(system(cmd), 0);
	kiosk_history_queue_free(&q);
	memset(&q, 0, sizeof(q));
	assert_int_equal(kiosk_history_queue_spool(&q, path), 0);
	assert_int_equal(kiosk_history_queue_retry(&q, h, 200.0, &id), 1);
	assert_int_equal(id, -1);   /* there already */
	assert_int_equal(files(spool, ".json"), 0);
	assert_int_equal(count(path, "SELECT count(*) FROM sessions"), 1);
	kiosk_history_queue_free(&q);
	history_close(h);
	free(s);
	assert_int_equal(testutil_rmdir(dir), 0);
}

/* A truncated file and a foreign one are moved aside and named; a good
 * one beside them is saved; nothing else is touched. */
static void bad_spool_files_are_moved_aside(void **state)
{
	char dir[64], path[128], spool[160], why[256], f[300], id[KIOSK_SPOOL_ID_MAX];
	struct session *s = fake_session_new(3);
	struct kiosk_history_queue q = { .log = log_hook };
	struct history *h;
	char *text;
	FILE *fp;
	int64_t sid;
	int saved = 0;

	(void)state;
	assert_non_null(s);
	assert_int_equal(testutil_tmpdir(dir, "spool", path, "h.sqlite3"), 0);
	assert_int_equal(kiosk_spool_dir_for(path, spool, sizeof(spool)), 0);
	kiosk_spool_new_id(1700000001, id);
	assert_int_equal(kiosk_spool_write(spool, id, "sensor", s, NULL, 1700000001, why, sizeof(why)), 0);
	text = kiosk_spool_format("000000000001-cut", "sensor", s, NULL, 1);
	assert_non_null(text);
	snprintf(f, sizeof(f), "%s/000000000001-cut.json", spool);
	fp = fopen(f, "w");
	assert_non_null(fp);
	fwrite(text, 1, strlen(text) / 2, fp);   /* cut in the middle */
	fclose(fp);
	free(text);
	snprintf(f, sizeof(f), "%s/000000000002-odd.json", spool);
	fp = fopen(f, "w");
	assert_non_null(fp);
	fputs("{\"spool\":1,\"id\":\"000000000002-odd\",\"source\":\"sensor\",\"ended_at\":-5}", fp);
	fclose(fp);
	snprintf(f, sizeof(f), "%s/000000000003-new.json", spool);   /* a newer stretchrep's: kept */
	fp = fopen(f, "w");
	assert_non_null(fp);
	fputs("{\"spool\":2,\"id\":\"000000000003-new\"}", fp);
	fclose(fp);
	snprintf(f, sizeof(f), "%s/notes.txt", spool);   /* not ours: left alone */
	fp = fopen(f, "w");
	assert_non_null(fp);
	fclose(fp);

	n_logged = 0;
	assert_int_equal(history_open(&h, path), 0);
	assert_int_equal(kiosk_history_queue_spool(&q, path), 0);
	for (int i = 0; i < 4; i++)
		saved += kiosk_history_queue_retry(&q, h, 10.0 + i, &sid) == 1;
	assert_int_equal(saved, 1);
	assert_int_equal(count(path, "SELECT count(*) FROM sessions WHERE ended_at = 1700000001"), 1);
	assert_true(n_logged >= 3);
	assert_non_null(strstr(logged[0], "000000000001-cut.json: not JSON"));
	assert_non_null(strstr(logged[0], "moved aside"));
	assert_non_null(strstr(logged[1], "000000000002-odd.json: ended_at: out of range"));
	assert_non_null(strstr(logged[2], "000000000003-new.json: version 2"));
	assert_non_null(strstr(logged[2], "left where it is"));
	assert_int_equal(files(spool, ".json"), 1);
	assert_int_equal(files(spool, "000000000003-new.json"), 1);
	assert_int_equal(files(spool, ".json.bad"), 2);
	assert_int_equal(files(spool, "notes.txt"), 1);
	kiosk_history_queue_free(&q);
	history_close(h);
	free(s);
	assert_int_equal(testutil_rmdir(dir), 0);
}

/* The checks of the reader, one broken field at a time: each refused with
 * its name, never taken. */
static void reader_names_what_is_wrong(void **state)
{
	static const struct {
		const char *from, *to, *why;
	} cases[] = {
		{ "\"spool\":1", "\"spool\":2", "version 2" },
		{ "\"source\":\"sensor\"", "\"source\":\"radio\"", "source: not sensor" },
		{ "\"reps\":[[1,", "\"reps\":[[1.5,", "reps" },
		{ "\"mode\":\"stretch\"", "\"mode\":\"yoga\"", "mode: not stretch" },
		{ "\"pain_before\":4", "\"pain_before\":11", "pain_before: out of range" },
		{ "\"work_s\":", "\"work_s\":\"x\",\"w\":", "work_s: not a number" },
		{ "\"id\":\"abc-2\"", "\"id\":\"../x\"", "id: not a spool id" },
	};
	struct session *s = fake_session_new(5);
	struct kiosk_spool_item it;
	struct history_meta m;
	char why[256], *text, *bad, *at;

	(void)state;
	assert_non_null(s);
	meta_fill(&m, 1);
	text = kiosk_spool_format("abc-2", "sensor", s, &m, 1700000000);
	assert_non_null(text);
	assert_int_equal(kiosk_spool_parse(text, strlen(text), &it, why, sizeof(why)), 0);
	assert_int_equal(it.meta.n_tempo_dev, 5);
	assert_true(isnan(it.tempo_dev_s[2]));
	assert_true(it.tempo_dev_s[3] == 1.0 / 3.0);
	kiosk_spool_item_free(&it);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		at = strstr(text, cases[i].from);
		assert_non_null(at);
		bad = malloc(strlen(text) + 64);
		assert_non_null(bad);
		sprintf(bad, "%.*s%s%s", (int)(at - text), text, cases[i].to, at + strlen(cases[i].from));
		assert_true(kiosk_spool_parse(bad, strlen(bad), &it, why, sizeof(why)) < 0);
		if (!strstr(why, cases[i].why))
			print_error("case %zu: '%s' does not say '%s'\n", i, why, cases[i].why);
		assert_non_null(strstr(why, cases[i].why));
		assert_null(it.s);
		free(bad);
	}
	/* every cut of it is refused, none taken in part */
	for (size_t n = 0; n < strlen(text); n += 7) {
		assert_int_equal(kiosk_spool_parse(text, n, &it, why, sizeof(why)), -EBADMSG);
		assert_true(why[0] != '\0');
	}
	free(text);
	free(s);
}

/* The database's directory read-only: the spool (inside it) cannot be
 * written either; the queue says so, keeps the session in memory and the
 * history saves it once the directory is writable again. Run as an
 * unprivileged user (root writes anyway): a child drops to nobody. */
static void read_only_directory_is_said(void **state)
{
	char dir[64], path[128], pwbuf[1024];
	struct passwd pw, *nobody = NULL;
	pid_t pid;
	int st;

	(void)state;
	if (geteuid() == 0 && (getpwnam_r("nobody", &pw, pwbuf, sizeof(pwbuf), &nobody) || !nobody)) {
		skip();
		return;
	}
	assert_int_equal(testutil_tmpdir(dir, "spool", path, "h.sqlite3"), 0);
	if (nobody)
		assert_int_equal(chown(dir, nobody->pw_uid, nobody->pw_gid), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct session *s = fake_session_new(11);
		struct kiosk_history_queue q = { .log = log_hook };
		struct history *h;
		int64_t id;
		int rc = 0;

		if (nobody && (setgid(nobody->pw_gid) || setuid(nobody->pw_uid)))
			_exit(10);
		if (!s || history_open(&h, path) || kiosk_history_queue_spool(&q, path))
			_exit(11);
		chmod(dir, 0555);
		n_logged = 0;
		if (kiosk_history_queue_push(&q, s, NULL, "sensor", 1700000222, -EACCES))
			_exit(12);
		if (q.spool_rc != -EACCES || kiosk_history_queue_unspooled(&q) != 1 || n_logged != 1 ||
		    !strstr(logged[0], "/spool: Permission denied") || !strstr(logged[0], "in memory only"))
			_exit(13);
		chmod(dir, 0755);
		for (int i = 0; i < 3 && rc != 1; i++)
			rc = kiosk_history_queue_retry(&q, h, 100.0 * i, &id);
		if (rc != 1 || q.n != 0)
			_exit(14);
		history_close(h);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(count(path, "SELECT count(*) FROM sessions WHERE ended_at = 1700000222"), 1);
	assert_int_equal(testutil_rmdir(dir), 0);
}


/* The child of the kill test: spools session `it` (ended_at = it), says
 * so, saves it through the queue, says so, then waits to be killed. */
static void spool_then_save(const char *path, int fd, int it)
{
	struct session *s = fake_session_new((uint64_t)it);
	struct kiosk_history_queue q = { 0 };
	struct history *h;
	int64_t id;
	char stage = 'r';

	if (!s || history_open(&h, path) || kiosk_history_queue_spool(&q, path))
		_exit(3);
	if (write(fd, &stage, 1) != 1)
		_exit(5);
	if (kiosk_history_queue_push(&q, s, NULL, "sensor", it, -EBUSY) || q.spool_rc)
		_exit(4);
	stage = 's';   /* on disk: it must now be saved exactly once */
	if (write(fd, &stage, 1) != 1)
		_exit(5);
	while (kiosk_history_queue_retry(&q, h, 1e9, &id) != 1)
		;
	stage = 'd';
	if (write(fd, &stage, 1) != 1)
		_exit(5);
	pause();
	_exit(0);
}

#define KILLS 40

/* SIGKILL at a random moment between the spool write and the save's end,
 * KILLS times; after each, a restart saves what the spool holds. A session
 * the child had spooled is then in the database exactly once, one it had
 * not at most once; the spool is empty and the database intact. */
static void killed_between_spool_and_save(void **state)
{
	char dir[64], path[128], spool[160], where[64];
	struct history *h;
	uint64_t rng = (uint64_t)time(NULL) * 2654435761u + (uint64_t)getpid();
	int stages[3] = { 0 };

	(void)state;
	const char *seed = getenv("STRETCHREP_KILL_SEED");

	if (seed)
		rng = strtoull(seed, NULL, 10);
	fprintf(stderr, "kill seed %llu\n", (unsigned long long)rng);
	assert_int_equal(testutil_tmpdir(dir, "spoolkill", path, "h.sqlite3"), 0);
	assert_int_equal(kiosk_spool_dir_for(path, spool, sizeof(spool)), 0);
	assert_int_equal(history_open(&h, path), 0);   /* the schema, before the kills */
	history_close(h);
	for (int it = 1; it <= KILLS; it++) {
		struct kiosk_history_queue q = { 0 };
		int fds[2], st, n;
		char stage = 0, c;
		pid_t pid;
		int64_t id;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			spool_then_save(path, fds[1], it);
		}
		close(fds[1]);
		assert_int_equal(read(fds[0], &c, 1), 1);   /* opened */
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		/* 0-15 ms: the start, the spool write and the save take about that long */
		nanosleep(&(struct timespec){ .tv_nsec = (long)(rng % 15000) * 1000 }, NULL);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		while (read(fds[0], &c, 1) == 1)
			stage = c;
		close(fds[0]);
		stages[stage == 's' ? 1 : stage == 'd' ? 2 : 0]++;

		/* the restart */
		assert_int_equal(history_open(&h, path), 0);
		assert_int_equal(history_check(h), 0);
		assert_int_equal(kiosk_history_queue_spool(&q, path), 0);
		for (int k = 0; k < 5 && (q.n || q.spool_more); k++)
			kiosk_history_queue_retry(&q, h, 1e9 + k, &id);
		assert_int_equal(q.n, 0);
		assert_int_equal(kiosk_history_queue_free(&q), 0);
		history_close(h);
		assert_int_equal(files(spool, ".json"), 0);
		snprintf(where, sizeof(where), "SELECT count(*) FROM sessions WHERE ended_at = %d", it);
		n = count(path, where);
		if (stage == 's' || stage == 'd')
			assert_int_equal(n, 1);
		else
			assert_true(n <= 1);
		/* no session twice (an empty table, all kills before any save, is no row of GROUP BY) */
		assert_true(count(path, "SELECT coalesce(max(c), 0) FROM "
				  "(SELECT count(*) AS c FROM sessions GROUP BY ended_at)") <= 1);
	}
	fprintf(stderr, "kills: %d before the spool file, %d between it and the save's end, %d after\n",
		stages[0], stages[1], stages[2]);
	assert_int_equal(testutil_rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spooled_copy_saves_the_same_rows),
		cmocka_unit_test(spooled_session_survives_a_restart),
		cmocka_unit_test(bad_spool_files_are_moved_aside),
		cmocka_unit_test(reader_names_what_is_wrong),
		cmocka_unit_test(read_only_directory_is_said),
		cmocka_unit_test(killed_between_spool_and_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
