// SPDX-License-Identifier: MIT
/*
 * patients: names are checked as the header says, patients come back as
 * they were stored (read through the API and straight from SQLite), a
 * session's metadata is saved whole or refused whole, SLR results and the
 * adherence counts follow from sessions placed on known days (TZ=UTC), the
 * prescription folds into the settings in closed form, and a schema-5 file
 * made by the code before patients (tests/data/history-schema5.sqlite3)
 * upgrades with every session, rep and hold unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "config.h"
#include "store/history.h"
#include "store/patients.h"
#include "fakes/fake_session.h"
#include "testutil.h"

static char dir[64];
static char db_path[128];

static int setup(void **state)
{
	(void)state;
	return testutil_tmpdir(dir, "patients", db_path, "h.sqlite3");
}

static int teardown(void **state)
{
	(void)state;
	return testutil_rmdir(dir);
}

/* Every row of a query as text, one line each, columns '|'-separated:
 * read with SQLite directly, not through the code under test. */
static char *sql_dump(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *t = sqlite3_column_text(st, c);

			/* %.17g: a REAL comes back bit for bit or differs here */
			if (sqlite3_column_type(st, c) == SQLITE_FLOAT)
				fprintf(f, "%s%.17g", c ? "|" : "", sqlite3_column_double(st, c));
			else
				fprintf(f, "%s%s", c ? "|" : "", t ? (const char *)t : "NULL");
		}
		fputc('\n', f);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	fclose(f);
	return buf;
}

static long long sql_int(const char *path, const char *sql)
{
	char *t = sql_dump(path, sql);
	long long v = strtoll(t, NULL, 10);

	free(t);
	return v;
}

static void names_are_checked(void **state)
{
	char out[PATIENT_NAME_BYTES], why[96], forty[200] = "", long41[200];

	(void)state;
	assert_int_equal(patient_name_check("  Ann Lee \t", out, sizeof(out), why, sizeof(why)), 0);
	assert_string_equal(out, "Ann Lee");
	assert_int_equal(patient_name_check("   ", out, sizeof(out), why, sizeof(why)), -EINVAL);
	assert_int_equal(patient_name_check("", out, sizeof(out), why, sizeof(why)), -EINVAL);
	assert_int_equal(patient_name_check("a\x01b", out, sizeof(out), why, sizeof(why)), -EINVAL);
	assert_int_equal(patient_name_check("a\x7f", out, sizeof(out), why, sizeof(why)), -EINVAL);
	assert_int_equal(patient_name_check("caf\xc3", out, sizeof(out), why, sizeof(why)), -EINVAL); /* cut */
	assert_int_equal(patient_name_check("\xc0\xaf", out, sizeof(out), why, sizeof(why)), -EINVAL); /* overlong */
	assert_int_equal(patient_name_check("\xed\xa0\x80", out, sizeof(out), why, sizeof(why)), -EINVAL); /* surrogate */
	assert_int_equal(patient_name_check("a\xc2\x85", out, sizeof(out), why, sizeof(why)), -EINVAL); /* C1 NEL */
	/* 40 two-byte characters fit; 41 one-byte ones do not */
	for (int i = 0; i < PATIENT_NAME_MAX; i++)
		strcat(forty, "\xc3\xa9");
	assert_int_equal(patient_name_check(forty, out, sizeof(out), why, sizeof(why)), 0);
	assert_int_equal(strlen(out), 2 * PATIENT_NAME_MAX);
	memset(long41, 'x', PATIENT_NAME_MAX + 1);
	long41[PATIENT_NAME_MAX + 1] = '\0';
	assert_int_equal(patient_name_check(long41, out, sizeof(out), why, sizeof(why)), -ENAMETOOLONG);
	assert_non_null(strstr(why, "40"));
	long41[PATIENT_NAME_MAX] = '\0';
	assert_int_equal(patient_name_check(long41, out, sizeof(out), why, sizeof(why)), 0);
	/* a 4-byte character (an emoji) is one character */
	assert_int_equal(patient_name_check("Bo \xf0\x9f\x98\x80", out, sizeof(out), why, sizeof(why)), 0);
}

/* Characters that print as nothing, or that reorder or break the line,
 * would make two patients look alike on the screen and in the listings
 * ("Ann" and "Ann" + U+200B): refused. The oracle is the Unicode Character
 * Database: each is General Category Cf (format), Zl or Zp (separators),
 * or a noncharacter (Unicode 15, chapter 23.7). Joiners that scripts need
 * in names (U+200C, U+200D: Persian, Indic, emoji sequences) stay allowed. */
static void invisible_characters_are_refused(void **state)
{
	/* the bidirectional controls are the point here */
	/* NOLINTBEGIN(misc-misleading-bidirectional) */
	static const char *const bad[] = {
		"Ann\xe2\x80\x8b",          /* U+200B ZERO WIDTH SPACE, Cf */
		"Ann\xc2\xad",               /* U+00AD SOFT HYPHEN, Cf */
		"Ann \xe2\x80\xae\x65\x65L",   /* U+202E RIGHT-TO-LEFT OVERRIDE, Cf */
		"Ann\xe2\x80\x8f",          /* U+200F RIGHT-TO-LEFT MARK, Cf */
		"Ann\xe2\x81\xa6Lee",       /* U+2066 LEFT-TO-RIGHT ISOLATE, Cf */
		"Ann\xe2\x81\xa0",          /* U+2060 WORD JOINER, Cf */
		"\xef\xbb\xbf\x41nn",      /* U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM), Cf */
		"Ann\xe2\x80\xa8Lee",       /* U+2028 LINE SEPARATOR, Zl */
		"Ann\xe2\x80\xa9Lee",       /* U+2029 PARAGRAPH SEPARATOR, Zp */
		"Ann\xd8\x9c",               /* U+061C ARABIC LETTER MARK, Cf */
		"Ann\xef\xbf\xbe",          /* U+FFFE, a noncharacter */
		"Ann\xef\xb7\x90",          /* U+FDD0, a noncharacter */
		"Ann\xf4\x8f\xbf\xbf",     /* U+10FFFF, a noncharacter */
	};
	/* NOLINTEND(misc-misleading-bidirectional) */
	char out[PATIENT_NAME_BYTES], why[96];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = patient_name_check(bad[i], out, sizeof(out), why, sizeof(why));

		if (rc != -EINVAL)
			fail_msg("name %zu accepted (rc %d): %s", i, rc, out);
	}
	/* the joiners a name may need */
	assert_int_equal(patient_name_check("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb1\xd9\x88", out, sizeof(out),
					    why, sizeof(why)), 0);   /* U+200C ZWNJ in Persian */
	assert_int_equal(patient_name_check("Bo \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", out, sizeof(out),
					    why, sizeof(why)), 0);   /* U+200D ZWJ in an emoji sequence */
}

static void add_find_rename_archive_list(void **state)
{
	struct history *h;
	struct patient p, list[8];
	int64_t ann, bob, ann2;

	(void)state;
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, " Ann ", 1000, &ann), 0);
	assert_int_equal(patient_add(h, "Bob", 2000, &bob), 0);
	assert_int_equal(patient_add(h, "Ann", 3000, NULL), -EEXIST);
	assert_int_equal(patient_add(h, "", 3000, NULL), -EINVAL);
	assert_int_equal(patient_find(h, "Ann", false, &p), 0);
	assert_int_equal(p.id, ann);
	assert_string_equal(p.name, "Ann");
	assert_int_equal(p.created_at, 1000);
	assert_int_equal(p.last_used_at, 0);
	assert_int_equal(p.sides, PATIENT_SIDES_BOTH);
	assert_int_equal(p.mode, HISTORY_MODE_STRETCH);
	assert_int_equal(p.sessions_per_day, -1);
	assert_true(p.rx[0].hold_warn_s == PATIENT_RX_UNSET && p.rx[1].ceiling_deg == PATIENT_RX_UNSET);
	assert_int_equal(patient_find(h, "ann", false, &p), -ENOENT);  /* bytes: another name */

	/* last used first, then the newest created */
	assert_int_equal(patient_list(h, false, list, 8), 2);
	assert_int_equal(list[0].id, bob);
	assert_int_equal(patient_touch(h, ann, 5000), 0);
	assert_int_equal(patient_list(h, false, list, 8), 2);
	assert_int_equal(list[0].id, ann);
	assert_int_equal(list[0].last_used_at, 5000);
	assert_int_equal(patient_touch(h, 999, 5000), -ENOENT);

	assert_int_equal(patient_rename(h, bob, "Ann"), -EEXIST);
	assert_int_equal(patient_rename(h, bob, "Robert"), 0);
	assert_int_equal(patient_find(h, "Bob", false, &p), -ENOENT);
	assert_int_equal(patient_find(h, "Robert", false, &p), 0);
	assert_int_equal(patient_rename(h, 999, "X"), -ENOENT);

	/* archived: hidden, the name free again, found on request */
	assert_int_equal(patient_archive(h, ann, true), 0);
	assert_int_equal(patient_list(h, false, list, 8), 1);
	assert_int_equal(patient_list(h, true, list, 8), 2);
	assert_int_equal(patient_find(h, "Ann", false, &p), -ENOENT);
	assert_int_equal(patient_find(h, "Ann", true, &p), 0);
	assert_true(p.archived);
	assert_int_equal(patient_add(h, "Ann", 6000, &ann2), 0);
	assert_int_equal(patient_find(h, "Ann", true, &p), 0);
	assert_int_equal(p.id, ann2);   /* the active one first */
	assert_int_equal(patient_archive(h, ann, false), -EEXIST);
	history_close(h);
	/* the rows as SQLite has them */
	assert_int_equal(sql_int(db_path, "SELECT count(*) FROM patients WHERE name = 'Ann'"), 2);
	assert_int_equal(sql_int(db_path, "SELECT archived FROM patients WHERE id = 1"), 1);
}

static void prescription_round_trip_and_ranges(void **state)
{
	struct history *h;
	struct patient p, q;
	char why[160];
	double lo, hi;
	int64_t id;

	(void)state;
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, "Cy", 1, &id), 0);
	assert_int_equal(patient_get(h, id, &p), 0);
	p.sides = PATIENT_SIDES_RIGHT;
	p.mode = HISTORY_MODE_MASSAGE;
	p.sessions_per_day = 2;
	patient_rx_for_mut(&p, HISTORY_SIDE_LEFT)->hold_warn_s = 8.0;
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->hold_warn_s = 12.5;
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->ceiling_deg = 0.0;   /* none, not unset */
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->zone_lo_deg = 30.0;
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->zone_hi_deg = 45.0;
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->tempo_out_s = 2.0;
	patient_rx_for_mut(&p, HISTORY_SIDE_RIGHT)->tempo_in_s = 3.0;
	assert_int_equal(patient_set_rx(h, &p), 0);
	assert_int_equal(patient_get(h, id, &q), 0);
	assert_int_equal(q.sides, PATIENT_SIDES_RIGHT);
	assert_int_equal(q.mode, HISTORY_MODE_MASSAGE);
	assert_int_equal(q.sessions_per_day, 2);
	assert_memory_equal(&q.rx, &p.rx, sizeof(p.rx));
	assert_int_equal(patient_first_side(&q), HISTORY_SIDE_RIGHT);
	assert_ptr_equal(patient_rx_for(&q, HISTORY_SIDE_NONE), &q.rx[1]);
	{
		char *t = sql_dump(db_path, "SELECT side, hold_warn_s, work_target_s, ceiling_deg FROM prescriptions"
					    " ORDER BY side");

		assert_string_equal(t, "left|8|NULL|NULL\nright|12.5|NULL|0\n");
		free(t);
	}

	/* the ranges are the settings table's: just past them is refused,
	 * and the message names the number and the side */
	assert_int_equal(config_key_range("motion", "hold_warn_s", &lo, &hi), 0);
	q = p;
	q.rx[0].hold_warn_s = hi + 0.5;
	assert_int_equal(patient_check(&q, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "hold warning"));
	assert_non_null(strstr(why, "left"));
	assert_int_equal(patient_set_rx(h, &q), -EINVAL);
	q.rx[0].hold_warn_s = hi;
	assert_int_equal(patient_check(&q, why, sizeof(why)), 0);
	assert_int_equal(config_key_range("session", "work_target_s", &lo, &hi), 0);
	q.rx[1].work_target_s = lo - 1.0;
	assert_int_equal(patient_check(&q, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "right"));
	q = p;
	q.rx[1].zone_lo_deg = 50.0;   /* above hi */
	assert_int_equal(patient_check(&q, why, sizeof(why)), -EINVAL);
	q = p;
	q.rx[1].tempo_in_s = 0.0;     /* half a tempo */
	assert_int_equal(patient_check(&q, why, sizeof(why)), -EINVAL);
	q = p;
	q.sessions_per_day = PATIENT_SESSIONS_PER_DAY_MAX + 1;
	assert_int_equal(patient_check(&q, why, sizeof(why)), -EINVAL);
	q = p;
	q.id = 999;
	assert_int_equal(patient_set_rx(h, &q), -ENOENT);
	history_close(h);
}

/* The ceiling patient_rx_apply gives over the default settings. */
static double ceiling_for(const struct patient *p, enum history_side side, double symptom_deg, double margin_deg)
{
	struct session_settings set = session_default_settings;

	patient_rx_apply(p, side, symptom_deg, margin_deg, &set);
	return set.ceiling_deg;
}

static void prescription_folds_into_settings(void **state)
{
	struct patient p;
	struct session_settings set;

	(void)state;
	patient_init(&p);
	set = session_default_settings;
	patient_rx_apply(&p, HISTORY_SIDE_LEFT, 0.0, 0.0, &set);
	assert_memory_equal(&set, &session_default_settings, sizeof(set));   /* all unset */
	p.rx[1].hold_warn_s = 7.0;
	p.rx[1].work_target_s = 80.0;   /* below the default work_min_s of 90 */
	p.rx[1].ceiling_deg = 50.0;
	patient_rx_apply(&p, HISTORY_SIDE_RIGHT, 0.0, 5.0, &set);
	assert_near(set.motion.hold_warn_s, 7.0, 0);
	assert_near(set.work_target_s, 80.0, 0);
	assert_near(set.work_min_s, 80.0, 0);
	assert_near(set.ceiling_deg, 50.0, 0);
	/* the last symptom at 48 deg, margin 5: ceiling 43 (lower than 50);
	 * at 60: 55 is above the prescribed 50, which stays */
	assert_near(ceiling_for(&p, HISTORY_SIDE_RIGHT, 48.0, 5.0), 43.0, 1e-12);
	assert_near(ceiling_for(&p, HISTORY_SIDE_RIGHT, 60.0, 5.0), 50.0, 0);
	/* no prescribed ceiling on the left: the symptom sets one; margin 0:
	 * off; no patient: nothing */
	assert_near(ceiling_for(&p, HISTORY_SIDE_LEFT, 40.0, 4.0), 36.0, 1e-12);
	assert_near(ceiling_for(&p, HISTORY_SIDE_LEFT, 40.0, 0.0), 0.0, 0);
	/* a symptom closer to rest than the margin (8 deg, margin 10): the
	 * rule cannot go 10 below it, so the lowest ceiling, not none; never
	 * higher than a symptom further out gives (12 deg: 2), with or without
	 * a prescribed one */
	assert_true(ceiling_for(&p, HISTORY_SIDE_LEFT, 8.0, 10.0) > 0.0);
	assert_true(ceiling_for(&p, HISTORY_SIDE_LEFT, 8.0, 10.0) <= PATIENT_CEILING_FLOOR_DEG);
	assert_true(ceiling_for(&p, HISTORY_SIDE_RIGHT, 8.0, 10.0) > 0.0);
	assert_true(ceiling_for(&p, HISTORY_SIDE_RIGHT, 8.0, 10.0) <= ceiling_for(&p, HISTORY_SIDE_RIGHT, 12.0, 10.0));
	assert_near(ceiling_for(&p, HISTORY_SIDE_RIGHT, 12.0, 10.0), 2.0, 1e-12);
	set = session_default_settings;
	patient_rx_apply(NULL, HISTORY_SIDE_LEFT, 40.0, 4.0, &set);
	assert_memory_equal(&set, &session_default_settings, sizeof(set));
}

static void session_meta_saved_whole(void **state)
{
	struct history *h;
	struct session *s = fake_session_new(21);
	struct history_meta m;
	struct history_entry e[4];
	struct patient p;
	int64_t pid, sid, sid2;
	double dev[3] = { 0.25, -0.5, 1.0 }, angle;
	int64_t at;
	char *t;

	(void)state;
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, "Di", 10, &pid), 0);
	history_meta_init(&m);
	m.patient_id = pid;
	m.side = HISTORY_SIDE_RIGHT;
	m.pain_before = 3;
	m.pain_after = 0;
	m.n_symptoms = 2;
	m.symptoms[0] = (struct history_symptom){ 12.5, 41.5, 2 };
	m.symptoms[1] = (struct history_symptom){ 30.0, 48.0, 6 };
	m.tempo_dev_s = dev;
	m.n_tempo_dev = 3;
	assert_int_equal(history_save(h, s, &m, 1700000000, 1700000100, &sid), 0);

	/* refused whole: bad pain, unknown patient; nothing written */
	m.pain_after = 11;
	assert_int_equal(history_save(h, s, &m, 1700000200, 1700000300, NULL), -EINVAL);
	m.pain_after = 0;
	m.symptoms[1].rating = -1;
	assert_int_equal(history_save(h, s, &m, 1700000200, 1700000300, NULL), -EINVAL);
	m.symptoms[1].rating = 6;
	m.patient_id = 999;
	assert_int_equal(history_save(h, s, &m, 1700000200, 1700000300, NULL), -ENOENT);
	assert_int_equal(sql_int(db_path, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(sql_int(db_path, "SELECT count(*) FROM marks"), 2);

	/* a session without a patient (NULL meta), with three passes over a
	 * 45 deg ceiling */
	s->set.ceiling_deg = 45.0;
	s->n_ceiling = 3;
	s->ceiling_log[0] = (struct session_ceiling_event){ 5.0, 47.5 };
	s->ceiling_log[1] = (struct session_ceiling_event){ 9.0, 52.0 };
	s->ceiling_log[2] = (struct session_ceiling_event){ 13.0, 46.0 };
	assert_int_equal(history_save(h, s, NULL, 1700000400, 1700000500, &sid2), 0);

	/* straight from SQLite */
	t = sql_dump(db_path, "SELECT patient_id, side, mode, pain_before, pain_after, set_id FROM sessions ORDER BY id");
	assert_string_equal(t, "1|right|stretch|3|0|NULL\nNULL|NULL|stretch|NULL|NULL|NULL\n");
	free(t);
	t = sql_dump(db_path, "SELECT session_id, kind, idx, t_s, angle_deg, rating FROM marks ORDER BY session_id, idx");
	assert_string_equal(t, "1|symptom|0|12.5|41.5|2\n1|symptom|1|30|48|6\n"
			       "2|ceiling|0|5|47.5|NULL\n2|ceiling|1|9|52|NULL\n2|ceiling|2|13|46|NULL\n");
	free(t);
	t = sql_dump(db_path, "SELECT ceiling_deg, ceiling_events FROM sessions ORDER BY id");
	assert_string_equal(t, "0|0\n45|3\n");
	free(t);
	t = sql_dump(db_path, "SELECT n, tempo_dev_s FROM reps WHERE session_id = 1 AND n <= 4 ORDER BY n");
	assert_string_equal(t, "1|0.25\n2|-0.5\n3|1\n4|NULL\n");
	free(t);
	assert_int_equal(sql_int(db_path, "SELECT last_used_at FROM patients"), 1700000100);

	/* through the API */
	assert_int_equal(history_recent_patient(h, pid, e, 4), 1);
	assert_int_equal(e[0].id, sid);
	assert_int_equal(e[0].meta.patient_id, pid);
	assert_int_equal(e[0].meta.side, HISTORY_SIDE_RIGHT);
	assert_int_equal(e[0].meta.pain_before, 3);
	assert_int_equal(e[0].meta.pain_after, 0);
	assert_int_equal(e[0].meta.n_symptoms, 2);
	assert_near(e[0].meta.symptoms[1].angle_deg, 48.0, 0);
	assert_int_equal(e[0].meta.symptoms[1].rating, 6);
	assert_int_equal(history_recent_patient(h, 0, e, 4), 1);
	assert_int_equal(e[0].id, sid2);
	assert_int_equal(e[0].meta.pain_before, HISTORY_PAIN_NOT_ASKED);
	assert_int_equal(history_recent(h, e, 4), 2);
	assert_int_equal(patient_get(h, pid, &p), 0);
	assert_int_equal(p.last_used_at, 1700000100);

	assert_int_equal(patient_last_symptom(h, pid, HISTORY_SIDE_RIGHT, &angle, &at), 0);
	assert_near(angle, 48.0, 0);
	assert_int_equal(at, 1700000000);
	assert_int_equal(patient_last_symptom(h, pid, HISTORY_SIDE_LEFT, &angle, &at), -ENOENT);
	history_close(h);
	free(s);
}

static void csv_has_the_patient_columns(void **state)
{
	struct history *h;
	struct session *s = fake_session_new(5);
	struct history_meta m;
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *f;
	int64_t pid;

	(void)state;
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, "Lee, \"Jo\"", 10, &pid), 0);
	history_meta_init(&m);
	m.patient_id = pid;
	m.side = HISTORY_SIDE_LEFT;
	m.pain_before = 4;
	m.n_symptoms = 2;
	m.symptoms[0] = (struct history_symptom){ 1.0, 41.5, 2 };
	m.symptoms[1] = (struct history_symptom){ 2.0, 48.0, 6 };
	assert_int_equal(history_save(h, s, &m, 1700000000, 1700000100, NULL), 0);
	assert_int_equal(history_save(h, s, NULL, 1700000200, 1700000300, NULL), 0);
	f = open_memstream(&buf, &len);
	assert_int_equal(patient_export_sessions_csv(h, pid, f), 0);
	fclose(f);
	line = strchr(buf, '\n');
	assert_non_null(line);
	assert_non_null(strstr(buf, ",source,patient,side,mode,pain_before,pain_after,symptoms,ceiling_events,set_id\n"));
	/* one session; the name quoted as RFC 4180 says, pain_after not asked */
	assert_non_null(strstr(line + 1, ",\"Lee, \"\"Jo\"\"\",left,stretch,4,,2@41.5;6@48.0,0,\n"));
	assert_null(strchr(strchr(line + 1, '\n') + 1, '\n'));
	free(buf);
	history_close(h);
	free(s);
}

static void slr_results_oldest_first(void **state)
{
	struct history *h;
	struct patient_slr r = { 0 }, out[4];
	int64_t pid;

	(void)state;
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, "Ed", 10, &pid), 0);
	r.patient_id = pid;
	r.side = HISTORY_SIDE_LEFT;
	r.taken_at = 2000;
	r.trial_deg[0] = 62.0;
	r.trial_deg[1] = 64.5;
	assert_int_equal(patient_slr_add(h, &r, NULL), 0);
	r.taken_at = 1000;
	r.side = HISTORY_SIDE_RIGHT;
	snprintf(r.note, sizeof(r.note), "rater B");
	assert_int_equal(patient_slr_add(h, &r, NULL), 0);
	r.trial_deg[1] = PATIENT_SLR_MAX_DEG + 1.0;
	assert_int_equal(patient_slr_add(h, &r, NULL), -EINVAL);
	r.trial_deg[1] = 60.0;
	r.side = HISTORY_SIDE_NONE;
	assert_int_equal(patient_slr_add(h, &r, NULL), -EINVAL);
	r.side = HISTORY_SIDE_LEFT;
	r.patient_id = 999;
	assert_int_equal(patient_slr_add(h, &r, NULL), -ENOENT);
	assert_int_equal(patient_slr_list(h, pid, HISTORY_SIDE_NONE, out, 4), 2);
	assert_int_equal(out[0].taken_at, 1000);
	assert_int_equal(out[0].side, HISTORY_SIDE_RIGHT);
	assert_string_equal(out[0].note, "rater B");
	assert_near(out[1].trial_deg[1], 64.5, 0);
	assert_int_equal(patient_slr_list(h, pid, HISTORY_SIDE_LEFT, out, 4), 1);
	assert_int_equal(out[0].taken_at, 2000);
	history_close(h);
}

/* A session of pid begun on day d (days after Monday 2024-01-01 UTC) at
 * hh:00, optionally the second half of set (its first half's id). */
static int64_t save_on(struct history *h, struct session *s, int64_t pid, int d, int hh, int64_t set)
{
	struct history_meta m;
	int64_t id, t = 1704067200 + (int64_t)d * 86400 + hh * 3600;

	history_meta_init(&m);
	m.patient_id = pid;
	m.set_id = set;
	assert_int_equal(history_save(h, s, &m, t, t + 100, &id), 0);
	return id;
}

static void adherence_days_and_weeks(void **state)
{
	struct history *h;
	struct session *s = fake_session_new(3);
	struct patient p;
	struct patient_adherence a;
	struct patient_day days[16];
	int64_t pid, first;
	/* now: Wednesday of week 3 (day 16), 20:00 */
	int64_t now = 1704067200 + 16 * 86400 + 20 * 3600;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(patient_add(h, "Flo", 10, &pid), 0);
	assert_int_equal(patient_get(h, pid, &p), 0);
	p.sessions_per_day = 2;
	assert_int_equal(patient_set_rx(h, &p), 0);
	/* week 1 (days 0-6): days 0-4 met (2 each) -> a met week */
	for (int d = 0; d <= 4; d++) {
		save_on(h, s, pid, d, 9, 0);
		save_on(h, s, pid, d, 18, 0);
	}
	/* week 2 (days 7-13): days 9-13 met, day 12's second one a
	 * left-then-right set (two halves: one session) plus one more */
	for (int d = 9; d <= 13; d++) {
		if (d == 12) {
			first = save_on(h, s, pid, d, 8, 0);
			save_on(h, s, pid, d, 8, first);
			save_on(h, s, pid, d, 19, 0);
		} else {
			save_on(h, s, pid, d, 9, 0);
			save_on(h, s, pid, d, 18, 0);
		}
	}
	/* week 3: days 14, 15 met, today (16) one of two so far */
	save_on(h, s, pid, 14, 9, 0);
	save_on(h, s, pid, 14, 18, 0);
	save_on(h, s, pid, 15, 9, 0);
	save_on(h, s, pid, 15, 18, 0);
	save_on(h, s, pid, 16, 9, 0);
	/* another patient's sessions change nothing */
	{
		int64_t other;

		assert_int_equal(patient_add(h, "Gus", 10, &other), 0);
		save_on(h, s, other, 16, 10, 0);
		save_on(h, s, other, 16, 11, 0);
	}

	assert_int_equal(patient_adherence(h, &p, now, &a), 0);
	assert_int_equal(a.per_day, 2);
	assert_int_equal(a.done_today, 1);
	/* today not met yet: the streak ends yesterday: days 9..15 */
	assert_int_equal(a.streak_days, 7);
	/* this week is not met yet (2 met days): weeks 2 and 1 */
	assert_int_equal(a.streak_weeks, 2);

	/* the second session today: today counts */
	save_on(h, s, pid, 16, 19, 0);
	assert_int_equal(patient_adherence(h, &p, now, &a), 0);
	assert_int_equal(a.done_today, 2);
	assert_int_equal(a.streak_days, 8);

	/* per day, days 11-17: the set counted once */
	assert_int_equal(patient_sessions_per_day_range(h, pid, 1704067200 + 11 * 86400 + 5,
							1704067200 + 17 * 86400, days, 16), 7);
	assert_int_equal(days[0].day_start, 1704067200 + 11 * 86400);
	assert_int_equal(days[0].sessions, 2);
	assert_int_equal(days[1].sessions, 2);   /* day 12: set + 1 */
	assert_int_equal(days[5].sessions, 2);   /* day 16 */
	assert_int_equal(days[6].sessions, 0);   /* day 17 */
	assert_int_equal(days[6].day_start, 1704067200 + 17 * 86400);
	history_close(h);
	free(s);
}

/* The columns schema 5 had, read straight from SQLite: the oracle for the
 * upgrade. */
static const char *const schema5_tables[] = {
	"SELECT id, started_at, ended_at, reps, work_s, duration_s, mean_peak_deg, best_peak_deg,"
	" longest_hold_s, holds, warnings, tempo_reps_per_min, mean_rep_s, hold_warn_s, work_target_s,"
	" app_version, gyro_checks, gyro_scale, gyro_bias_dps, gyro_out_of_tolerance, source"
	" FROM sessions ORDER BY id",
	"SELECT session_id, n, start_s, t_s, peak_deg, dwell_s, duration_s FROM reps ORDER BY session_id, n",
	"SELECT session_id, idx, start_s, duration_s, angle_deg, warned FROM holds ORDER BY session_id, idx",
	"SELECT msg_id, payload, queued_at FROM outbox ORDER BY msg_id",
};

static void schema5_file_upgrades_unchanged(void **state)
{
	char src[512], cmd[1200], *before[4];
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	struct history *h;
	struct history_entry e[8];

	(void)state;
	snprintf(src, sizeof(src), "%.*sdata/history-schema5.sqlite3", slash ? (int)(slash - file + 1) : 0, file);
	assert_int_equal(access(src, R_OK), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, db_path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sql_int(db_path, "PRAGMA user_version"), 5);
	assert_true(sql_int(db_path, "SELECT count(*) FROM sessions") >= 3);
	assert_true(sql_int(db_path, "SELECT count(*) FROM holds") >= 1);
	for (int i = 0; i < 4; i++)
		before[i] = sql_dump(db_path, schema5_tables[i]);

	assert_int_equal(history_open(&h, db_path), 0);
	assert_int_equal(history_check(h), 0);
	/* the old sessions: no patient, side not said, pain not asked */
	assert_int_equal(history_recent(h, e, 8), 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(e[i].meta.patient_id, 0);
		assert_int_equal(e[i].meta.side, HISTORY_SIDE_NONE);
		assert_int_equal(e[i].meta.mode, HISTORY_MODE_STRETCH);
		assert_int_equal(e[i].meta.pain_before, HISTORY_PAIN_NOT_ASKED);
		assert_int_equal(e[i].meta.n_symptoms, 0);
	}
	assert_int_equal(history_recent_patient(h, 0, e, 8), 4);
	/* and new ones go in beside them */
	assert_int_equal(patient_add(h, "Hal", 1, NULL), 0);
	history_close(h);

	assert_int_equal(sql_int(db_path, "PRAGMA user_version"), HISTORY_SCHEMA_VERSION);
	for (int i = 0; i < 4; i++) {
		char *after = sql_dump(db_path, schema5_tables[i]);

		assert_string_equal(after, before[i]);
		free(after);
		free(before[i]);
	}
	assert_int_equal(sql_int(db_path, "SELECT count(*) FROM reps WHERE tempo_dev_s IS NOT NULL"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_checked),
		cmocka_unit_test(invisible_characters_are_refused),
		cmocka_unit_test_setup_teardown(add_find_rename_archive_list, setup, teardown),
		cmocka_unit_test_setup_teardown(prescription_round_trip_and_ranges, setup, teardown),
		cmocka_unit_test(prescription_folds_into_settings),
		cmocka_unit_test_setup_teardown(session_meta_saved_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_has_the_patient_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(slr_results_oldest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(adherence_days_and_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(schema5_file_upgrades_unchanged, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
