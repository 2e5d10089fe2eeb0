// SPDX-License-Identifier: MIT
/*
 * patients — the people, their prescriptions, SLR results and progress, in
 * the history database (contract in patients.h).
 *
 * Days and weeks are counted by SQLite's date functions with the
 * 'localtime' modifier (the process's TZ), so the C side never converts
 * calendars: a day is its Julian day number, a week that number / 7 (a
 * Julian day number modulo 7 is 0 on a Monday, so the ISO week begins it).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "config.h"
#include "store/patients.h"
#include "store/history_int.h"

static const struct patient_rx rx_unset = {
	.hold_warn_s = PATIENT_RX_UNSET,
	.work_target_s = PATIENT_RX_UNSET,
	.ceiling_deg = PATIENT_RX_UNSET,
	.zone_lo_deg = PATIENT_RX_UNSET,
	.zone_hi_deg = PATIENT_RX_UNSET,
	.tempo_out_s = PATIENT_RX_UNSET,
	.tempo_in_s = PATIENT_RX_UNSET,
};

void patient_init(struct patient *p)
{
	memset(p, 0, sizeof(*p));
	p->sides = PATIENT_SIDES_BOTH;
	p->mode = HISTORY_MODE_STRETCH;
	p->sessions_per_day = -1;
	p->rx[0] = rx_unset;
	p->rx[1] = rx_unset;
}

enum history_side patient_first_side(const struct patient *p)
{
	return (p->sides & PATIENT_SIDES_LEFT) ? HISTORY_SIDE_LEFT : HISTORY_SIDE_RIGHT;
}

static int rx_index(const struct patient *p, enum history_side side)
{
	if (side == HISTORY_SIDE_NONE)
		side = patient_first_side(p);
	return side == HISTORY_SIDE_RIGHT ? 1 : 0;
}

const struct patient_rx *patient_rx_for(const struct patient *p, enum history_side side)
{
	return &p->rx[rx_index(p, side)];
}

struct patient_rx *patient_rx_for_mut(struct patient *p, enum history_side side)
{
	return &p->rx[rx_index(p, side)];
}

static const char *const sides_names[] = { [PATIENT_SIDES_LEFT] = "left", [PATIENT_SIDES_RIGHT] = "right",
					    [PATIENT_SIDES_BOTH] = "both" };

const char *patient_sides_name(enum patient_sides s)
{
	return s >= PATIENT_SIDES_LEFT && s <= PATIENT_SIDES_BOTH ? sides_names[s] : "both";
}

int patient_sides_parse(const char *text, enum patient_sides *out)
{
	for (int i = PATIENT_SIDES_LEFT; i <= PATIENT_SIDES_BOTH; i++)
		if (!strcmp(text, sides_names[i])) {
			*out = (enum patient_sides)i;
			return 0;
		}
	return -EINVAL;
}

int patient_sessions_per_day(const struct patient *p)
{
	return p->sessions_per_day > 0 ? p->sessions_per_day : PATIENT_SESSIONS_PER_DAY_DEFAULT;
}

static bool is_set(double v)
{
	return v >= 0.0;
}

void patient_rx_apply(const struct patient *p, enum history_side side, double last_symptom_deg,
		      double symptom_margin_deg, struct session_settings *set)
{
	const struct patient_rx *rx;

	if (!p)
		return;
	rx = patient_rx_for(p, side);
	if (is_set(rx->hold_warn_s))
		set->motion.hold_warn_s = rx->hold_warn_s;
	if (is_set(rx->work_target_s)) {
		set->work_target_s = rx->work_target_s;
		if (set->work_min_s > set->work_target_s)
			set->work_min_s = set->work_target_s;
	}
	if (is_set(rx->ceiling_deg))
		set->ceiling_deg = rx->ceiling_deg;
	/* the symptom rule only ever lowers the ceiling (or sets one); a
	 * symptom nearer rest than the margin gets the lowest ceiling (a
	 * ceiling at or below 0 would be none) */
	if (symptom_margin_deg > 0.0 && last_symptom_deg > 0.0) {
		double c = last_symptom_deg - symptom_margin_deg;

		if (c < PATIENT_CEILING_FLOOR_DEG)
			c = PATIENT_CEILING_FLOOR_DEG;
		if (set->ceiling_deg <= 0.0 || c < set->ceiling_deg)
			set->ceiling_deg = c;
	}
}

/* Code points that show as nothing, or reorder or break the line: two
 * names that differ only by them look the same to the clinician. Unicode
 * format characters (Cf) but the joiners U+200C/U+200D that scripts and
 * emoji need, the line and paragraph separators (Zl, Zp), and the
 * noncharacters (U+FDD0-U+FDEF, the last two of every plane). */
static bool invisible(unsigned long c)
{
	return c == 0xad || c == 0x61c || c == 0x180e || c == 0x200b || c == 0x200e || c == 0x200f ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
	       (c >= 0xfff9 && c <= 0xfffb) || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/* One UTF-8 character at s (n bytes left): its length, or 0 when it is
 * not valid UTF-8 (overlong, surrogate, past U+10FFFF, cut short) or not
 * printable (C0, DEL, C1 controls, invisible()). *cp is the code point. */
static size_t utf8_char(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len;
	unsigned long c, min;

	if (s[0] < 0x80) {
		len = 1, c = s[0], min = 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || invisible(c))
		return 0;
	*cp = c;
	return len;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int patient_name_check(const char *name, char *out, size_t len, char *why, size_t wlen)
{
	const char *b = name, *e = name + strlen(name);
	size_t chars = 0, n;
	char dummy[1];

	if (!why || !wlen) {
		why = dummy;
		wlen = sizeof(dummy);
	}
	while (b < e && is_blank(*b))
		b++;
	while (e > b && is_blank(e[-1]))
		e--;
	if (b == e) {
		snprintf(why, wlen, "a name is 1-%d characters, this one is empty", PATIENT_NAME_MAX);
		return -EINVAL;
	}
	for (const char *c = b; c < e; c += n) {
		unsigned long cp;

		n = utf8_char((const unsigned char *)c, (size_t)(e - c), &cp);
		if (!n) {
			snprintf(why, wlen, "character %zu is a control or invisible character, or not UTF-8", chars + 1);
			return -EINVAL;
		}
		if (++chars > PATIENT_NAME_MAX) {
			snprintf(why, wlen, "a name is at most %d characters", PATIENT_NAME_MAX);
			return -ENAMETOOLONG;
		}
	}
	if ((size_t)(e - b) >= len) {
		snprintf(why, wlen, "a name is at most %d characters", PATIENT_NAME_MAX);
		return -ENAMETOOLONG;
	}
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	why[0] = '\0';
	return 0;
}

/* Runs one prepared write to completion: 0 or -errno; *changes (may be
 * NULL) the rows it changed. */
static int run(struct history *h, sqlite3 *db, sqlite3_stmt *st, int *changes)
{
	int rc = sqlite3_step(st);

	if (changes)
		*changes = sqlite3_changes(db);
	return rc == SQLITE_DONE ? 0 : history_sql_errno(h, rc);
}

static int prepare(struct history *h, bool write, const char *sql, sqlite3 **db, sqlite3_stmt **st)
{
	int rc = history_db(h, write, db);

	*st = NULL;
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(*db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : history_sql_errno(h, rc);
}

int patient_add(struct history *h, const char *name, int64_t now, int64_t *id)
{
	char clean[PATIENT_NAME_BYTES];
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = patient_name_check(name, clean, sizeof(clean), NULL, 0);

	if (rc)
		return rc;
	rc = prepare(h, true, "INSERT INTO patients (name, created_at) VALUES (?, ?)", &db, &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, clean, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = run(h, db, st, NULL);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(st);
	return rc;
}

/* sql prepared with ?1 = id and, when text is not NULL, ?2 = text. */
static int prepare_id(struct history *h, bool write, const char *sql, int64_t id, const char *text,
		      sqlite3 **db, sqlite3_stmt **st)
{
	int rc = prepare(h, write, sql, db, st);

	if (rc)
		return rc;
	sqlite3_bind_int64(*st, 1, id);
	if (text)
		sqlite3_bind_text(*st, 2, text, -1, SQLITE_STATIC);
	return 0;
}

/* After a loop of sqlite3_step that stopped at the end or at max rows:
 * 0, or the error as -errno. */
static int rows_end(struct history *h, int rc)
{
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : history_sql_errno(h, rc);
}

/* An UPDATE of one patient (?1 its id, ?2 the value): 0, -ENOENT when no
 * such patient, -EEXIST (the active name index), -errno. */
static int update_one(struct history *h, const char *sql, int64_t id, const char *text, int64_t num)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int changes = 0, rc = prepare_id(h, true, sql, id, text, &db, &st);

	if (rc)
		return rc;
	if (!text)
		sqlite3_bind_int64(st, 2, num);
	rc = run(h, db, st, &changes);
	sqlite3_finalize(st);
	return rc ? rc : changes ? 0 : -ENOENT;
}

int patient_rename(struct history *h, int64_t id, const char *new_name)
{
	char clean[PATIENT_NAME_BYTES];
	int rc = patient_name_check(new_name, clean, sizeof(clean), NULL, 0);

	return rc ? rc : update_one(h, "UPDATE patients SET name = ?2 WHERE id = ?1", id, clean, 0);
}

int patient_archive(struct history *h, int64_t id, bool archived)
{
	return update_one(h, "UPDATE patients SET archived = ?2 WHERE id = ?1", id, NULL, archived ? 1 : 0);
}

int patient_touch(struct history *h, int64_t id, int64_t now)
{
	return update_one(h, "UPDATE patients SET last_used_at = ?2 WHERE id = ?1", id, NULL, now);
}

/* A number of the settings table (config.c keys[]) or PATIENT_RX_UNSET;
 * zero_ok: 0 means "none". */
static int check_key(double v, const char *section, const char *key, bool zero_ok, const char *what,
		     char *why, size_t wlen)
{
	double lo, hi;

	if (v == PATIENT_RX_UNSET || (zero_ok && v == 0.0))
		return 0;
	if (config_key_range(section, key, &lo, &hi))
		return -EINVAL;   /* a row this file names is gone: a programmer's error */
	if (!isfinite(v) || v < lo || v > hi) {
		snprintf(why, wlen, "%s %g is out of range (%s%g-%g)", what, v, zero_ok ? "0 or " : "", lo, hi);
		return -EINVAL;
	}
	return 0;
}

static int check_pair(double a, double b, double lo, double hi, const char *what, char *why, size_t wlen)
{
	bool unset = a == PATIENT_RX_UNSET && b == PATIENT_RX_UNSET;
	bool none = a == 0.0 && b == 0.0;

	if (unset || none)
		return 0;
	if (!isfinite(a) || !isfinite(b) || a < lo || a > hi || b < lo || b > hi) {
		snprintf(why, wlen, "%s %g/%g: both in %g-%g, or both 0 (none)", what, a, b, lo, hi);
		return -EINVAL;
	}
	return 0;
}

int patient_check(const struct patient *p, char *why, size_t wlen)
{
	char dummy[1];
	int rc = 0;

	if (!why || !wlen) {
		why = dummy;
		wlen = sizeof(dummy);
	}
	why[0] = '\0';
	if (p->sides < PATIENT_SIDES_LEFT || p->sides > PATIENT_SIDES_BOTH ||
	    (unsigned)p->mode > HISTORY_MODE_MASSAGE) {
		snprintf(why, wlen, "sides or mode unknown");
		return -EINVAL;
	}
	if (p->sessions_per_day != -1 &&
	    (p->sessions_per_day < 1 || p->sessions_per_day > PATIENT_SESSIONS_PER_DAY_MAX)) {
		snprintf(why, wlen, "sessions per day %d is out of range (1-%d)", p->sessions_per_day,
			 PATIENT_SESSIONS_PER_DAY_MAX);
		return -EINVAL;
	}
	for (int i = 0; i < 2 && !rc; i++) {
		const struct patient_rx *rx = &p->rx[i];
		double clo, chi;

		rc = check_key(rx->hold_warn_s, "motion", "hold_warn_s", false, "hold warning (s)", why, wlen);
		if (!rc)
			rc = check_key(rx->work_target_s, "session", "work_target_s", false, "work target (s)",
				       why, wlen);
		if (!rc)
			rc = check_key(rx->ceiling_deg, "session", "ceiling_deg", true, "ceiling (deg)", why, wlen);
		/* the zone is on the same dial as the ceiling: its range */
		if (config_key_range("session", "ceiling_deg", &clo, &chi))
			return -EINVAL;
		if (!rc)
			rc = check_pair(rx->zone_lo_deg, rx->zone_hi_deg, 0.0, chi, "target zone (deg)", why, wlen);
		if (!rc && is_set(rx->zone_lo_deg) && !(rx->zone_lo_deg == 0.0 && rx->zone_hi_deg == 0.0) &&
		    rx->zone_lo_deg >= rx->zone_hi_deg) {
			snprintf(why, wlen, "target zone %g-%g deg: low must be below high", rx->zone_lo_deg,
				 rx->zone_hi_deg);
			rc = -EINVAL;
		}
		if (!rc)
			rc = check_pair(rx->tempo_out_s, rx->tempo_in_s, PATIENT_TEMPO_MIN_S, PATIENT_TEMPO_MAX_S,
					"tempo out/in (s)", why, wlen);
		if (rc) {
			size_t n = strlen(why);

			snprintf(why + n, wlen - n, " (%s side)", i ? "right" : "left");
		}
	}
	return rc;
}

/* A prescription column: NULL for PATIENT_RX_UNSET. */
static void bind_rx(sqlite3_stmt *st, int col, double v)
{
	if (is_set(v))
		sqlite3_bind_double(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

/* patient_set_rx, or with name (not NULL) patient_add_rx: the patient
 * added first, in the same transaction (both or neither). */
static int store_rx(struct history *h, const struct patient *p, const char *name, int64_t now, int64_t *id)
{
	char clean[PATIENT_NAME_BYTES];
	sqlite3 *db;
	sqlite3_stmt *add = NULL, *upd = NULL, *ins = NULL;
	int64_t pid = p->id;
	int rc, changes = 0;

	rc = name ? patient_name_check(name, clean, sizeof(clean), NULL, 0) : 0;
	if (!rc)
		rc = patient_check(p, NULL, 0);
	if (rc)
		return rc;
	if (name) {
		rc = prepare(h, true, "INSERT INTO patients (name, created_at) VALUES (?, ?)", &db, &add);
		if (rc)
			goto out;
	}
	rc = prepare(h, true, "UPDATE patients SET sides = ?2, mode = ?3, sessions_per_day = ?4 WHERE id = ?1",
		     &db, &upd);
	if (rc)
		goto out;
	rc = prepare(h, true, "INSERT OR REPLACE INTO prescriptions (patient_id, side, hold_warn_s,"
		     " work_target_s, ceiling_deg, zone_lo_deg, zone_hi_deg, tempo_out_s, tempo_in_s)"
		     " VALUES (?,?,?,?,?,?,?,?,?)", &db, &ins);
	if (rc)
		goto out;
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc) {
		rc = history_sql_errno(h, rc);
		goto out;
	}
	if (add) {
		sqlite3_bind_text(add, 1, clean, -1, SQLITE_STATIC);
		sqlite3_bind_int64(add, 2, now);
		rc = run(h, db, add, NULL);
		if (rc)
			goto rollback;
		pid = sqlite3_last_insert_rowid(db);
	}
	sqlite3_bind_int64(upd, 1, pid);
	sqlite3_bind_int(upd, 2, (int)p->sides);
	sqlite3_bind_text(upd, 3, history_mode_name(p->mode), -1, SQLITE_STATIC);
	if (p->sessions_per_day > 0)
		sqlite3_bind_int(upd, 4, p->sessions_per_day);
	rc = run(h, db, upd, &changes);
	if (!rc && !changes)
		rc = -ENOENT;
	for (int i = 0; i < 2 && !rc; i++) {
		const struct patient_rx *rx = &p->rx[i];

		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, pid);
		sqlite3_bind_text(ins, 2, i ? "right" : "left", -1, SQLITE_STATIC);
		bind_rx(ins, 3, rx->hold_warn_s);
		bind_rx(ins, 4, rx->work_target_s);
		bind_rx(ins, 5, rx->ceiling_deg);
		bind_rx(ins, 6, rx->zone_lo_deg);
		bind_rx(ins, 7, rx->zone_hi_deg);
		bind_rx(ins, 8, rx->tempo_out_s);
		bind_rx(ins, 9, rx->tempo_in_s);
		rc = run(h, db, ins, NULL);
	}
	if (!rc) {
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		rc = rc == SQLITE_OK ? 0 : history_sql_errno(h, rc);
	}
	if (!rc && name && id)
		*id = pid;
rollback:
	if (rc && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(add);
	return rc;
}

int patient_set_rx(struct history *h, const struct patient *p)
{
	return store_rx(h, p, NULL, 0, NULL);
}

int patient_add_rx(struct history *h, const char *name, const struct patient *p, int64_t now, int64_t *id)
{
	return store_rx(h, p, name, now, id);
}

#define PATIENT_COLUMNS "id, name, archived, created_at, last_used_at, sides, mode, sessions_per_day"

static void read_patient(sqlite3_stmt *st, struct patient *p)
{
	const unsigned char *name = sqlite3_column_text(st, 1);
	const unsigned char *mode = sqlite3_column_text(st, 6);

	patient_init(p);
	p->id = sqlite3_column_int64(st, 0);
	snprintf(p->name, sizeof(p->name), "%s", name ? (const char *)name : "");
	p->archived = sqlite3_column_int(st, 2) != 0;
	p->created_at = sqlite3_column_int64(st, 3);
	p->last_used_at = sqlite3_column_int64(st, 4);
	p->sides = (enum patient_sides)sqlite3_column_int(st, 5);
	if (p->sides < PATIENT_SIDES_LEFT || p->sides > PATIENT_SIDES_BOTH)
		p->sides = PATIENT_SIDES_BOTH;
	if (mode)
		history_mode_parse((const char *)mode, &p->mode);
	p->sessions_per_day = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
}

static double column_rx(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? PATIENT_RX_UNSET : sqlite3_column_double(st, col);
}

/* The prescriptions of the n patients (read_patient left them unset). */
static int read_rx(struct history *h, struct patient *p, int n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = prepare(h, false, "SELECT side, hold_warn_s, work_target_s, ceiling_deg, zone_lo_deg,"
			 " zone_hi_deg, tempo_out_s, tempo_in_s FROM prescriptions WHERE patient_id = ?",
			 &db, &st);

	for (int i = 0; i < n && !rc; i++) {
		sqlite3_bind_int64(st, 1, p[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const unsigned char *side = sqlite3_column_text(st, 0);
			struct patient_rx *rx = &p[i].rx[side && !strcmp((const char *)side, "right")];

			rx->hold_warn_s = column_rx(st, 1);
			rx->work_target_s = column_rx(st, 2);
			rx->ceiling_deg = column_rx(st, 3);
			rx->zone_lo_deg = column_rx(st, 4);
			rx->zone_hi_deg = column_rx(st, 5);
			rx->tempo_out_s = column_rx(st, 6);
			rx->tempo_in_s = column_rx(st, 7);
		}
		rc = rows_end(h, rc);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Up to max patients of a query whose ?1 (and ?2) are bound by the caller
 * through bind: how many, or -errno. */
static int query_patients(struct history *h, const char *sql, int64_t a, const char *text,
			  struct patient *out, int max)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = 0, rc = prepare_id(h, false, sql, a, text, &db, &st);

	if (rc)
		return rc;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_patient(st, &out[n++]);
	rc = rows_end(h, rc);
	sqlite3_finalize(st);
	if (!rc && n)
		rc = read_rx(h, out, n);
	return rc ? rc : n;
}

int patient_find(struct history *h, const char *name, bool include_archived, struct patient *out)
{
	char clean[PATIENT_NAME_BYTES];
	int n;

	if (patient_name_check(name, clean, sizeof(clean), NULL, 0))
		return -ENOENT;   /* no patient can have a name that is not valid */
	n = query_patients(h, "SELECT " PATIENT_COLUMNS " FROM patients WHERE name = ?2 AND (?1 OR archived = 0)"
			   " ORDER BY archived, created_at DESC, id DESC LIMIT 1",
			   include_archived, clean, out, 1);
	return n < 0 ? n : n ? 0 : -ENOENT;
}

int patient_get(struct history *h, int64_t id, struct patient *out)
{
	int n = query_patients(h, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = ?1", id, NULL, out, 1);

	return n < 0 ? n : n ? 0 : -ENOENT;
}

int patient_list(struct history *h, bool include_archived, struct patient *out, int max)
{
	if (max <= 0)
		return 0;
	return query_patients(h, "SELECT " PATIENT_COLUMNS " FROM patients WHERE ?1 OR archived = 0"
			      " ORDER BY last_used_at DESC, created_at DESC, id DESC",
			      include_archived, NULL, out, max);
}

int patient_slr_add(struct history *h, const struct patient_slr *r, int64_t *id)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc;

	if (r->side != HISTORY_SIDE_LEFT && r->side != HISTORY_SIDE_RIGHT)
		return -EINVAL;
	for (int i = 0; i < PATIENT_SLR_TRIALS; i++)
		if (!isfinite(r->trial_deg[i]) || r->trial_deg[i] < 0.0 || r->trial_deg[i] > PATIENT_SLR_MAX_DEG)
			return -EINVAL;
	rc = prepare(h, true, "INSERT INTO slr (patient_id, side, taken_at, trial1_deg, trial2_deg, note)"
		     " VALUES (?,?,?,?,?,?)", &db, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->patient_id);
	sqlite3_bind_text(st, 2, history_side_name(r->side), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->taken_at);
	sqlite3_bind_double(st, 4, r->trial_deg[0]);
	sqlite3_bind_double(st, 5, r->trial_deg[1]);
	if (r->note[0])
		sqlite3_bind_text(st, 6, r->note, -1, SQLITE_STATIC);
	rc = run(h, db, st, NULL);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(st);
	return rc;
}

int patient_slr_list(struct history *h, int64_t patient_id, enum history_side side,
		     struct patient_slr *out, int max)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = 0, rc;

	if (max <= 0)
		return 0;
	rc = prepare(h, false, "SELECT id, side, taken_at, trial1_deg, trial2_deg, note FROM slr"
		     " WHERE patient_id = ?1 AND (?2 = '' OR side = ?2) ORDER BY taken_at, id", &db, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient_id);
	sqlite3_bind_text(st, 2, history_side_name(side), -1, SQLITE_STATIC);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct patient_slr *r = &out[n++];
		const unsigned char *note = sqlite3_column_text(st, 5);

		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->patient_id = patient_id;
		history_side_parse((const char *)sqlite3_column_text(st, 1), &r->side);
		r->taken_at = sqlite3_column_int64(st, 2);
		r->trial_deg[0] = sqlite3_column_double(st, 3);
		r->trial_deg[1] = sqlite3_column_double(st, 4);
		snprintf(r->note, sizeof(r->note), "%s", note ? (const char *)note : "");
	}
	rc = rows_end(h, rc);
	sqlite3_finalize(st);
	return rc ? rc : n;
}

int patient_sessions(struct history *h, int64_t patient_id, struct history_entry *out, int max)
{
	return history_recent_patient(h, patient_id, out, max);
}

/* The sets of one patient (a left-then-right set once: its first half's
 * id is the others' set_id) with the local day each began, as a table. */
#define PATIENT_SETS_SQL \
	"SELECT coalesce(set_id, id) AS k, date(min(started_at), 'unixepoch', 'localtime') AS d" \
	" FROM sessions WHERE patient_id = ?1 GROUP BY k"

int patient_sessions_per_day_range(struct history *h, int64_t patient_id, int64_t from, int64_t to,
				   struct patient_day *out, int max)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = 0, rc;

	if (max <= 0)
		return 0;
	rc = prepare(h, false,
		     "WITH RECURSIVE days(d) AS (SELECT date(?2, 'unixepoch', 'localtime')"
		     "  UNION ALL SELECT date(d, '+1 day') FROM days"
		     "  WHERE d < date(?3, 'unixepoch', 'localtime') LIMIT ?4),"
		     " sets AS (" PATIENT_SETS_SQL ")"
		     " SELECT CAST(strftime('%s', days.d, 'utc') AS INTEGER),"
		     "  (SELECT count(*) FROM sets WHERE sets.d = days.d) FROM days ORDER BY days.d",
		     &db, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient_id);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int(st, 4, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out[n].day_start = sqlite3_column_int64(st, 0);
		out[n].sessions = sqlite3_column_int(st, 1);
		n++;
	}
	rc = rows_end(h, rc);
	sqlite3_finalize(st);
	return rc ? rc : n;
}

/* Julian day numbers: a local date's (integer, noon-based: 0 mod 7 is a
 * Monday) */
#define JDN(d) "CAST(julianday(" d ") + 0.5 AS INTEGER)"

struct day_count {
	int64_t day;   /* Julian day number */
	int count;
};

/* Met days of week w (Julian day / 7) among the n days (newest first). */
static int met_days_in_week(const struct day_count *d, int n, int64_t w, int per_day)
{
	int met = 0;

	for (int i = 0; i < n; i++)
		if (d[i].day / 7 == w && d[i].count >= per_day)
			met++;
	return met;
}

int patient_adherence(struct history *h, const struct patient *p, int64_t now,
		      struct patient_adherence *out)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct day_count *d = NULL;
	int rc, n = 0, cap = 0, per_day = patient_sessions_per_day(p), i;
	int64_t today = 0, expect, week;

	memset(out, 0, sizeof(*out));
	out->per_day = per_day;
	/* first row: today; then the days with sessions and their count,
	 * newest first */
	rc = prepare(h, false,
		     "WITH sets AS (" PATIENT_SETS_SQL ")"
		     " SELECT " JDN("date(?2, 'unixepoch', 'localtime')") ", 0"
		     " UNION ALL SELECT * FROM (SELECT " JDN("d") " AS j, count(*) FROM sets GROUP BY d"
		     "  ORDER BY j DESC)",
		     &db, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		today = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) > today)
			continue;   /* dated after now (a clock set back): not counted */
		if (n == cap) {
			struct day_count *nd = realloc(d, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(*d));

			if (!nd) {
				rc = -ENOMEM;
				break;
			}
			d = nd;
		}
		d[n].day = sqlite3_column_int64(st, 0);
		d[n].count = sqlite3_column_int(st, 1);
		n++;
	}
	if (rc != -ENOMEM)
		rc = rc == SQLITE_DONE ? 0 : history_sql_errno(h, rc);
	sqlite3_finalize(st);
	if (rc)
		goto out;

	if (n && d[0].day == today)
		out->done_today = d[0].count;
	/* days: from today when it is met, else from yesterday */
	expect = out->done_today >= per_day ? today : today - 1;
	for (i = 0; i < n && d[i].day > expect; i++)
		;
	for (; i < n && d[i].day == expect && d[i].count >= per_day; i++, expect--)
		out->streak_days++;
	/* weeks: from this week when it is met, else from last week */
	week = today / 7;
	if (met_days_in_week(d, n, week, per_day) < PATIENT_STREAK_WEEK_DAYS)
		week--;
	while (met_days_in_week(d, n, week, per_day) >= PATIENT_STREAK_WEEK_DAYS) {
		out->streak_weeks++;
		week--;
	}
out:
	free(d);
	return rc;
}

int patient_last_symptom(struct history *h, int64_t patient_id, enum history_side side,
			 double *angle_deg, int64_t *at)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = prepare(h, false, "SELECT m.angle_deg, s.started_at FROM marks m"
			 " JOIN sessions s ON s.id = m.session_id"
			 " WHERE s.patient_id = ?1 AND m.kind = 'symptom' AND (?2 = '' OR s.side = ?2)"
			 " ORDER BY s.started_at DESC, s.id DESC, m.idx DESC LIMIT 1", &db, &st);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient_id);
	sqlite3_bind_text(st, 2, history_side_name(side), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*angle_deg = sqlite3_column_double(st, 0);
		if (at)
			*at = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : history_sql_errno(h, rc);
	}
	sqlite3_finalize(st);
	return rc;
}

int patient_export_sessions_csv(struct history *h, int64_t patient_id, FILE *f)
{
	return history_export_sessions_csv_for(h, patient_id, f);
}

int patient_export_slr_csv(struct history *h, int64_t patient_id, FILE *f)
{
	return history_export_query_csv(h, f, "patient,side,taken_utc,trial1_deg,trial2_deg,note",
					"SELECT p.name, r.side, strftime('%Y-%m-%dT%H:%M:%SZ', r.taken_at, 'unixepoch'),"
					" r.trial1_deg, r.trial2_deg, r.note FROM slr r"
					" JOIN patients p ON p.id = r.patient_id WHERE r.patient_id = ?1"
					" ORDER BY r.taken_at, r.id", patient_id);
}
