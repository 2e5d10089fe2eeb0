// SPDX-License-Identifier: MIT
/*
 * history — finished sessions in SQLite (contract in history.h).
 *
 * Durability comes from SQLite, not from us: WAL + synchronous=FULL fsyncs
 * the WAL on every commit, and a torn write is rolled back on the next open.
 * All we must get right is to report a session as saved only after COMMIT
 * returned SQLITE_DONE, and to keep each session in one transaction.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "csv.h"
#include "store/history.h"
#include "store/store_sql.h"
#include "store/history_int.h"
#include "core/vec.h"

#define HISTORY_STR_(x) #x
#define HISTORY_STR(x) HISTORY_STR_(x)

#ifndef STRETCHREP_VERSION
#define STRETCHREP_VERSION "unknown"
#endif

struct history {
	sqlite3 *db;      /* NULL after a reopen failed: the next call tries again */
	char *path;
	bool readonly;    /* history_open_readonly: never writes, never upgrades */
	char source[8];   /* history_set_source: saved with each session ("" : sensor) */
	char msg[320];    /* our own words for the last error ("" : SQLite's) */
};

/* migrations[i] takes the schema from version i to i + 1. Never edit a
 * shipped step: add a new one and bump HISTORY_SCHEMA_VERSION. */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  started_at INTEGER NOT NULL,"
	"  ended_at INTEGER NOT NULL,"
	"  reps INTEGER NOT NULL,"
	"  work_s REAL NOT NULL,"
	"  duration_s REAL NOT NULL,"
	"  mean_peak_deg REAL NOT NULL,"
	"  best_peak_deg REAL NOT NULL,"
	"  longest_hold_s REAL NOT NULL,"
	"  holds INTEGER NOT NULL,"
	"  warnings INTEGER NOT NULL,"
	"  tempo_reps_per_min REAL NOT NULL,"
	"  mean_rep_s REAL NOT NULL,"
	"  hold_warn_s REAL NOT NULL,"
	"  work_target_s REAL NOT NULL);"
	"CREATE TABLE reps ("
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  n INTEGER NOT NULL,"
	"  start_s REAL NOT NULL,"
	"  t_s REAL NOT NULL,"
	"  peak_deg REAL NOT NULL,"
	"  dwell_s REAL NOT NULL,"
	"  duration_s REAL NOT NULL,"
	"  PRIMARY KEY (session_id, n)) WITHOUT ROWID;"
	"CREATE TABLE holds ("
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"
	"  start_s REAL NOT NULL,"
	"  duration_s REAL NOT NULL,"
	"  angle_deg REAL NOT NULL,"
	"  warned INTEGER NOT NULL,"
	"  PRIMARY KEY (session_id, idx)) WITHOUT ROWID;",
	/* 1 -> 2: which program wrote a session; listing by date */
	"ALTER TABLE sessions ADD COLUMN app_version TEXT;"
	"CREATE INDEX sessions_by_start ON sessions(started_at);",
	/* 2 -> 3: the gyroscope as checked against gravity in the session
	 * (NULL for sessions saved before) */
	"ALTER TABLE sessions ADD COLUMN gyro_checks INTEGER;"
	"ALTER TABLE sessions ADD COLUMN gyro_scale REAL;"
	"ALTER TABLE sessions ADD COLUMN gyro_bias_dps REAL;"
	"ALTER TABLE sessions ADD COLUMN gyro_out_of_tolerance INTEGER;",
	/* 3 -> 4: finished sessions waiting for the clinic board (store/outbox.h) */
	"CREATE TABLE outbox ("
	"  msg_id TEXT PRIMARY KEY,"
	"  payload TEXT NOT NULL,"
	"  queued_at INTEGER NOT NULL);",
	/* 4 -> 5: where the samples came from: sensor, demo or replay (NULL
	 * for sessions saved before: unknown) */
	"ALTER TABLE sessions ADD COLUMN source TEXT;",
	/* 5 -> 6: patients, their prescriptions and SLR results (patients.h);
	 * who, which side, which mode, pain and the marks of a session. NULL in
	 * the sessions saved before: no patient, side not said, stretch, pain
	 * not asked. */
	"CREATE TABLE patients ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  last_used_at INTEGER NOT NULL DEFAULT 0,"
	"  sides INTEGER NOT NULL DEFAULT 3,"
	"  mode TEXT NOT NULL DEFAULT 'stretch',"
	"  sessions_per_day INTEGER);"
	/* the name is unique among the active patients only */
	"CREATE UNIQUE INDEX patients_active_name ON patients(name) WHERE archived = 0;"
	"CREATE TABLE prescriptions ("
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
	"  side TEXT NOT NULL CHECK (side IN ('left', 'right')),"
	"  hold_warn_s REAL, work_target_s REAL, ceiling_deg REAL,"
	"  zone_lo_deg REAL, zone_hi_deg REAL, tempo_out_s REAL, tempo_in_s REAL,"
	"  PRIMARY KEY (patient_id, side)) WITHOUT ROWID;"
	"CREATE TABLE slr ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
	"  side TEXT NOT NULL CHECK (side IN ('left', 'right')),"
	"  taken_at INTEGER NOT NULL,"
	"  trial1_deg REAL NOT NULL,"
	"  trial2_deg REAL NOT NULL,"
	"  note TEXT);"
	"CREATE INDEX slr_by_patient ON slr(patient_id, taken_at);"
	"ALTER TABLE sessions ADD COLUMN patient_id INTEGER REFERENCES patients(id);"
	"ALTER TABLE sessions ADD COLUMN side TEXT;"
	"ALTER TABLE sessions ADD COLUMN mode TEXT;"
	"ALTER TABLE sessions ADD COLUMN pain_before INTEGER;"
	"ALTER TABLE sessions ADD COLUMN pain_after INTEGER;"
	"ALTER TABLE sessions ADD COLUMN ceiling_deg REAL;"
	"ALTER TABLE sessions ADD COLUMN ceiling_events INTEGER;"
	"ALTER TABLE sessions ADD COLUMN set_id INTEGER;"
	"CREATE INDEX sessions_by_patient ON sessions(patient_id, started_at);"
	"ALTER TABLE reps ADD COLUMN tempo_dev_s REAL;"
	"CREATE TABLE marks ("
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('symptom', 'ceiling')),"
	"  idx INTEGER NOT NULL,"
	"  t_s REAL NOT NULL,"
	"  angle_deg REAL NOT NULL,"
	"  rating INTEGER,"
	"  PRIMARY KEY (session_id, kind, idx)) WITHOUT ROWID;",
	/* 6 -> 7: a save's own id (history_meta.save_id), so a session kept
	 * on disk until saved (kiosk's spool) is never saved twice */
	"ALTER TABLE sessions ADD COLUMN save_id TEXT;"
	"CREATE UNIQUE INDEX sessions_by_save_id ON sessions(save_id);",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == HISTORY_SCHEMA_VERSION,
	       "one migration step per schema version");

/* SQLite result code -> negative errno (see history.h): store_sql's
 * mapping, refined by the OS error where SQLite could not open or write
 * (ENOSPC, EROFS, EACCES, ENOENT, ... say more than "I/O error"). */
static int to_errno(sqlite3 *db, int rc)
{
	int sys = db ? sqlite3_system_errno(db) : 0;

	if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR) &&
	    (sys == ENOSPC || sys == EROFS || sys == EACCES || sys == ENOENT ||
	     sys == EDQUOT || sys == EPERM || sys == EISDIR || sys == ENOTDIR))
		return -sys;
	return store_sql_errno(rc);
}

static int exec(struct history *h, const char *sql)
{
	return to_errno(h->db, sqlite3_exec(h->db, sql, NULL, NULL, NULL));
}

static void rollback_if_open(struct history *h)
{
	if (!sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A single-integer query (PRAGMA user_version). */
static int query_int(struct history *h, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return to_errno(h->db, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : (rc == SQLITE_DONE ? -EIO : to_errno(h->db, rc));
}

static int migrate(struct history *h)
{
	int version = 0, rc;

	rc = query_int(h, "PRAGMA user_version", &version);
	if (rc)
		return rc;
	if (version > HISTORY_SCHEMA_VERSION)
		return -ENOTSUP;
	if (version < 0)
		return -EBADMSG;   /* no version of ours (a damaged header) */
	while (version < HISTORY_SCHEMA_VERSION) {
		char bump[48];

		/* IMMEDIATE: two processes opening an old file at once do not
		 * both try the same step */
		rc = exec(h, "BEGIN IMMEDIATE");
		if (rc)
			return rc;
		rc = query_int(h, "PRAGMA user_version", &version);
		if (!rc && version < 0)
			rc = -EBADMSG;
		if (rc || version >= HISTORY_SCHEMA_VERSION)
			goto out_rollback;
		rc = exec(h, migrations[version]);
		if (rc)
			goto out_rollback;
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", version + 1);
		rc = exec(h, bump);
		if (rc)
			goto out_rollback;
		rc = exec(h, "COMMIT");
		if (rc)
			goto out_rollback;
		version++;
	}
	return 0;

out_rollback:
	rollback_if_open(h);
	return rc;
}

/* SQLite's CANTOPEN carries the errno of its last attempt (often a
 * read-only retry: ENOENT), not the reason; ask the file system. */
static int why_cannot_open(const char *path)
{
	const char *slash = strrchr(path, '/');
	char parent[4096];

	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	if (access(path, F_OK) == 0)
		return access(path, R_OK | W_OK) ? -errno : -EACCES;
	if (errno != ENOENT)
		return -errno;
	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == path)
		snprintf(parent, sizeof(parent), "/");
	else
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - path), path);
	return access(parent, W_OK | X_OK) ? -errno : -EACCES;
}

/*
 * SQLite says only "attempt to write a readonly database" (SQLITE_READONLY)
 * whatever the cause: a read-only mount, a database file, -wal or -shm file
 * this user may not write (a -shm left by root's sqlite3), a directory where
 * they cannot be created. Ask the file system which, so the log and the
 * screen say the truth: -EROFS, -EACCES (h->msg names the file).
 */
static int why_readonly(struct history *h)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char f[4096];
	const char *slash = strrchr(h->path, '/');

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", h->path, ext[i]);
		if (access(f, F_OK) == 0 && access(f, W_OK)) {
			int err = errno;

			snprintf(h->msg, sizeof(h->msg), "%.250s: %.60s", f, strerror(err));
			return -err;
		}
	}
	if (!slash)
		snprintf(f, sizeof(f), ".");
	else
		snprintf(f, sizeof(f), "%.*s", slash == h->path ? 1 : (int)(slash - h->path), h->path);
	if (access(f, W_OK | X_OK)) {
		int err = errno;

		snprintf(h->msg, sizeof(h->msg), "%.250s: %.60s", f, strerror(err));
		return -err;
	}
	return -EROFS;
}

/* Opens h->path into h->db (NULL on failure): WAL, synchronous=FULL,
 * foreign keys, the schema upgraded. 0/-errno. */
static int open_db(struct history *h)
{
	char *mode = NULL;
	sqlite3_stmt *st;
	int rc;

	h->msg[0] = '\0';
	rc = sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = (rc & 0xff) == SQLITE_CANTOPEN ? why_cannot_open(h->path) : to_errno(h->db, rc);
		goto out_close;
	}
	sqlite3_extended_result_codes(h->db, 1);
	/* short: the caller is the kiosk's frame; it retries later (history.h) */
	sqlite3_busy_timeout(h->db, HISTORY_BUSY_TIMEOUT_MS);
	/* journal_mode answers with the mode in force: a read-only or odd
	 * file may refuse WAL, and then our durability promise does not hold */
	rc = sqlite3_prepare_v2(h->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = to_errno(h->db, rc);
		goto out_close;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *m = sqlite3_column_text(st, 0);

		mode = m ? strdup((const char *)m) : NULL;
		rc = 0;
	} else {
		rc = to_errno(h->db, rc);
		if (!rc)
			rc = -EIO;
	}
	sqlite3_finalize(st);
	if (rc)
		goto out_close;
	if (!mode || strcmp(mode, "wal") != 0) {
		rc = why_readonly(h);
		goto out_close;
	}
	rc = exec(h, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
	if (rc)
		goto out_close;
	rc = migrate(h);
	if (rc)
		goto out_close;
	free(mode);
	return 0;

out_close:
	if (rc == -EROFS)
		rc = why_readonly(h);
	free(mode);
	sqlite3_close(h->db);
	h->db = NULL;
	return rc;
}

/* Read-only (history_open_readonly): nothing is created, set or
 * upgraded; a file of the current schema is read as it is. 0/-errno:
 * -ENOENT no such file, -EACCES not readable, -ENOTSUP a newer schema,
 * -ESTALE an older one (history_open upgrades it). */
static int open_db_readonly(struct history *h)
{
	int rc, version = 0;

	h->msg[0] = '\0';
	if (access(h->path, R_OK))
		return -errno;
	rc = sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		rc = (rc & 0xff) == SQLITE_CANTOPEN ? why_cannot_open(h->path) : to_errno(h->db, rc);
		goto out_close;
	}
	sqlite3_extended_result_codes(h->db, 1);
	sqlite3_busy_timeout(h->db, HISTORY_BUSY_TIMEOUT_MS);
	rc = query_int(h, "PRAGMA user_version", &version);
	if (rc)
		goto out_close;
	if (version != HISTORY_SCHEMA_VERSION) {
		rc = version > HISTORY_SCHEMA_VERSION ? -ENOTSUP : version < 0 ? -EBADMSG : -ESTALE;
		goto out_close;
	}
	return 0;

out_close:
	sqlite3_close(h->db);
	h->db = NULL;
	return rc;
}

/* A connection that hit a read-only error is closed and opened afresh on
 * the next call: SQLite keeps a -shm it could only open read-only for the
 * connection's life (all of a process's connections share it), so without
 * this a save kept failing after the permissions were fixed. */
static int ensure_open(struct history *h)
{
	return h->db ? 0 : h->readonly ? open_db_readonly(h) : open_db(h);
}

static int history_open_mode(struct history **out, const char *path, bool readonly);

void history_meta_init(struct history_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->side = HISTORY_SIDE_NONE;
	m->mode = HISTORY_MODE_STRETCH;
	m->pain_before = HISTORY_PAIN_NOT_ASKED;
	m->pain_after = HISTORY_PAIN_NOT_ASKED;
}

static const char *const side_names[] = { "", "left", "right" };
static const char *const mode_names[] = { "stretch", "massage" };

const char *history_side_name(enum history_side side)
{
	return (unsigned)side < sizeof(side_names) / sizeof(side_names[0]) ? side_names[side] : "";
}

int history_side_parse(const char *text, enum history_side *out)
{
	for (unsigned i = HISTORY_SIDE_LEFT; i < sizeof(side_names) / sizeof(side_names[0]); i++)
		if (!strcmp(text, side_names[i])) {
			*out = (enum history_side)i;
			return 0;
		}
	return -EINVAL;
}

const char *history_mode_name(enum history_mode mode)
{
	return (unsigned)mode < sizeof(mode_names) / sizeof(mode_names[0]) ? mode_names[mode] : "stretch";
}

int history_mode_parse(const char *text, enum history_mode *out)
{
	for (unsigned i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(text, mode_names[i])) {
			*out = (enum history_mode)i;
			return 0;
		}
	return -EINVAL;
}

int history_open(struct history **out, const char *path)
{
	return history_open_mode(out, path, false);
}

void history_set_source(struct history *h, const char *source)
{
	if (h)
		snprintf(h->source, sizeof(h->source), "%s", source);
}

int history_open_readonly(struct history **out, const char *path)
{
	int rc = history_open_mode(out, path, true);

	/* an older file is upgraded once (that needs writing), then read */
	return rc == -ESTALE ? history_open(out, path) : rc;
}

static int history_open_mode(struct history **out, const char *path, bool readonly)
{
	struct history *h;
	int rc;

	*out = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->path = strdup(path);
	if (!h->path) {
		free(h);
		return -ENOMEM;
	}
	h->readonly = readonly;
	rc = readonly ? open_db_readonly(h) : open_db(h);
	if (rc) {
		free(h->path);
		free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void history_close(struct history *h)
{
	if (!h)
		return;
	sqlite3_close(h->db);
	free(h->path);
	free(h);
}

const char *history_errmsg(const struct history *h)
{
	if (h && h->msg[0])
		return h->msg;
	if (!h || !h->db || sqlite3_errcode(h->db) == SQLITE_OK)
		return "";
	return sqlite3_errmsg(h->db);
}

int history_db(struct history *h, bool write, sqlite3 **db)
{
	int rc;

	*db = NULL;
	if (write && h->readonly)
		return -EBADF;
	rc = ensure_open(h);
	if (rc)
		return rc;
	h->msg[0] = '\0';
	*db = h->db;
	return 0;
}

int history_sql_errno(struct history *h, int rc)
{
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return -ENOENT;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return -EEXIST;
	return to_errno(h->db, rc);
}

int history_limit_pages(struct history *h, unsigned pages)
{
	char sql[64];

	int rc = ensure_open(h);

	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %u", pages);
	return exec(h, sql);
}

/* Runs a prepared insert to completion and resets it for the next row. */
static int step_done(struct history *h, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return -ENOENT;   /* a patient_id that names nobody */
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return -EEXIST;   /* a save_id saved before */
	return rc == SQLITE_DONE ? 0 : to_errno(h->db, rc);
}

static int prepare(struct history *h, const char *sql, sqlite3_stmt **st)
{
	int rc = ensure_open(h);

	*st = NULL;
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(h->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : to_errno(h->db, rc);
}

/* meta within its ranges (history.h): 0 or -EINVAL. */
static int meta_check(const struct history_meta *m)
{
	if (m->patient_id < 0 || (unsigned)m->side > HISTORY_SIDE_RIGHT ||
	    (unsigned)m->mode > HISTORY_MODE_MASSAGE || m->set_id < 0 ||
	    m->n_symptoms < 0 || m->n_symptoms > HISTORY_MAX_SYMPTOMS || m->n_tempo_dev < 0 ||
	    m->pain_before < HISTORY_PAIN_NOT_ASKED || m->pain_before > HISTORY_PAIN_MAX ||
	    m->pain_after < HISTORY_PAIN_NOT_ASKED || m->pain_after > HISTORY_PAIN_MAX)
		return -EINVAL;
	for (int i = 0; i < m->n_symptoms; i++)
		if (m->symptoms[i].rating < 0 || m->symptoms[i].rating > HISTORY_PAIN_MAX ||
		    !isfinite(m->symptoms[i].t_s) || !isfinite(m->symptoms[i].angle_deg))
			return -EINVAL;
	return 0;
}

static void bind_int_or_null(sqlite3_stmt *st, int col, bool known, int64_t v)
{
	if (known)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

/* The marks of a session (history.h: symptom and ceiling events). */
static int save_marks(struct history *h, sqlite3_stmt *ins_m, sqlite3_int64 sid,
		      const struct session *s, const struct history_meta *m)
{
	int rc = 0;

	for (int i = 0; !rc && i < m->n_symptoms; i++) {
		sqlite3_bind_int64(ins_m, 1, sid);
		sqlite3_bind_text(ins_m, 2, "symptom", -1, SQLITE_STATIC);
		sqlite3_bind_int(ins_m, 3, i);
		sqlite3_bind_double(ins_m, 4, m->symptoms[i].t_s);
		sqlite3_bind_double(ins_m, 5, m->symptoms[i].angle_deg);
		sqlite3_bind_int(ins_m, 6, m->symptoms[i].rating);
		rc = step_done(h, ins_m);
	}
	for (int i = 0; !rc && i < session_ceiling_log_len(s); i++) {
		const struct session_ceiling_event *c = session_ceiling_event(s, i);

		sqlite3_bind_int64(ins_m, 1, sid);
		sqlite3_bind_text(ins_m, 2, "ceiling", -1, SQLITE_STATIC);
		sqlite3_bind_int(ins_m, 3, i);
		sqlite3_bind_double(ins_m, 4, c->t_s);
		sqlite3_bind_double(ins_m, 5, c->peak_deg);
		sqlite3_bind_null(ins_m, 6);
		rc = step_done(h, ins_m);
	}
	return rc;
}

static int save_once(struct history *h, const struct session *s, const struct history_meta *m,
		     int64_t started_at, int64_t ended_at, int64_t *id)
{
	sqlite3_stmt *ins_s = NULL, *ins_r = NULL, *ins_h = NULL, *ins_m = NULL, *touch = NULL;
	struct session_summary sum;
	sqlite3_int64 sid;
	int rc;

	session_get_summary(s, &sum);
	rc = prepare(h, "INSERT INTO sessions (started_at, ended_at, reps, work_s, duration_s,"
		     " mean_peak_deg, best_peak_deg, longest_hold_s, holds, warnings,"
		     " tempo_reps_per_min, mean_rep_s, hold_warn_s, work_target_s, app_version,"
		     " gyro_checks, gyro_scale, gyro_bias_dps, gyro_out_of_tolerance, source,"
		     " patient_id, side, mode, pain_before, pain_after, ceiling_deg, ceiling_events, set_id,"
		     " save_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &ins_s);
	if (rc)
		goto out_finalize;
	rc = prepare(h, "INSERT INTO reps (session_id, n, start_s, t_s, peak_deg, dwell_s, duration_s,"
		     " tempo_dev_s) VALUES (?,?,?,?,?,?,?,?)", &ins_r);
	if (rc)
		goto out_finalize;
	rc = prepare(h, "INSERT INTO holds (session_id, idx, start_s, duration_s, angle_deg, warned)"
		     " VALUES (?,?,?,?,?,?)", &ins_h);
	if (rc)
		goto out_finalize;
	rc = prepare(h, "INSERT INTO marks (session_id, kind, idx, t_s, angle_deg, rating)"
		     " VALUES (?,?,?,?,?,?)", &ins_m);
	if (rc)
		goto out_finalize;
	rc = prepare(h, "UPDATE patients SET last_used_at = max(last_used_at, ?) WHERE id = ?", &touch);
	if (rc)
		goto out_finalize;

	rc = exec(h, "BEGIN IMMEDIATE");
	if (rc)
		goto out_finalize;
	sqlite3_bind_int64(ins_s, 1, started_at);
	sqlite3_bind_int64(ins_s, 2, ended_at);
	sqlite3_bind_int(ins_s, 3, sum.reps);
	sqlite3_bind_double(ins_s, 4, sum.work_s);
	sqlite3_bind_double(ins_s, 5, sum.duration_s);
	sqlite3_bind_double(ins_s, 6, sum.mean_peak_deg);
	sqlite3_bind_double(ins_s, 7, sum.best_peak_deg);
	sqlite3_bind_double(ins_s, 8, sum.longest_hold_s);
	sqlite3_bind_int(ins_s, 9, sum.holds);
	sqlite3_bind_int(ins_s, 10, sum.warnings);
	sqlite3_bind_double(ins_s, 11, sum.tempo_reps_per_min);
	sqlite3_bind_double(ins_s, 12, sum.mean_rep_s);
	sqlite3_bind_double(ins_s, 13, s->set.motion.hold_warn_s);
	sqlite3_bind_double(ins_s, 14, s->set.work_target_s);
	sqlite3_bind_text(ins_s, 15, STRETCHREP_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins_s, 16, sum.gyro.scale_checks);
	sqlite3_bind_double(ins_s, 17, sum.gyro.scale);
	sqlite3_bind_double(ins_s, 18, vec_norm(sum.gyro.bias_dps));
	sqlite3_bind_int(ins_s, 19, (sum.gyro.scale_out_of_tol ? HISTORY_GYRO_SCALE : 0) |
				    (sum.gyro.bias_out_of_tol ? HISTORY_GYRO_BIAS : 0));
	sqlite3_bind_text(ins_s, 20, h->source[0] ? h->source : "sensor", -1, SQLITE_TRANSIENT);
	bind_int_or_null(ins_s, 21, m->patient_id > 0, m->patient_id);
	if (m->side != HISTORY_SIDE_NONE)
		sqlite3_bind_text(ins_s, 22, history_side_name(m->side), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins_s, 23, history_mode_name(m->mode), -1, SQLITE_STATIC);
	bind_int_or_null(ins_s, 24, m->pain_before >= 0, m->pain_before);
	bind_int_or_null(ins_s, 25, m->pain_after >= 0, m->pain_after);
	sqlite3_bind_double(ins_s, 26, s->set.ceiling_deg > 0.0 ? s->set.ceiling_deg : 0.0);
	sqlite3_bind_int(ins_s, 27, session_ceiling_events(s));
	bind_int_or_null(ins_s, 28, m->set_id > 0, m->set_id);
	if (m->save_id && m->save_id[0])
		sqlite3_bind_text(ins_s, 29, m->save_id, -1, SQLITE_TRANSIENT);
	rc = step_done(h, ins_s);
	if (rc)
		goto out_rollback;
	sid = sqlite3_last_insert_rowid(h->db);
	rc = save_marks(h, ins_m, sid, s, m);
	if (rc)
		goto out_rollback;
	if (m->patient_id > 0) {
		sqlite3_bind_int64(touch, 1, ended_at);
		sqlite3_bind_int64(touch, 2, m->patient_id);
		rc = step_done(h, touch);
		if (rc)
			goto out_rollback;
	}

	for (int i = 0; i < session_rep_log_len(s); i++) {
		const struct motion_rep *r = session_rep(s, i);

		sqlite3_bind_int64(ins_r, 1, sid);
		sqlite3_bind_int(ins_r, 2, i + 1);  /* the session's own count */
		sqlite3_bind_double(ins_r, 3, r->start_s);
		sqlite3_bind_double(ins_r, 4, r->t_s);
		sqlite3_bind_double(ins_r, 5, r->peak_deg);
		sqlite3_bind_double(ins_r, 6, r->dwell_s);
		sqlite3_bind_double(ins_r, 7, r->duration_s);
		if (m->tempo_dev_s && i < m->n_tempo_dev && isfinite(m->tempo_dev_s[i]))
			sqlite3_bind_double(ins_r, 8, m->tempo_dev_s[i]);
		rc = step_done(h, ins_r);
		if (rc)
			goto out_rollback;
	}
	for (int i = 0; i < session_hold_log_len(s); i++) {
		const struct motion_hold *hd = session_hold(s, i);

		sqlite3_bind_int64(ins_h, 1, sid);
		sqlite3_bind_int(ins_h, 2, i);
		sqlite3_bind_double(ins_h, 3, hd->start_s);
		sqlite3_bind_double(ins_h, 4, hd->duration_s);
		sqlite3_bind_double(ins_h, 5, hd->angle_deg);
		sqlite3_bind_int(ins_h, 6, hd->warned ? 1 : 0);
		rc = step_done(h, ins_h);
		if (rc)
			goto out_rollback;
	}
	rc = exec(h, "COMMIT");
	if (rc)
		goto out_rollback;
	if (id)
		*id = sid;
	goto out_finalize;

out_rollback:
	rollback_if_open(h);
out_finalize:
	sqlite3_finalize(touch);
	sqlite3_finalize(ins_m);
	sqlite3_finalize(ins_h);
	sqlite3_finalize(ins_r);
	sqlite3_finalize(ins_s);
	return rc;
}

int history_save(struct history *h, const struct session *s, const struct history_meta *meta,
		 int64_t started_at, int64_t ended_at, int64_t *id)
{
	int rc;

	struct history_meta none;

	if (h->readonly)   /* history_open_readonly: never writes */
		return -EBADF;
	if (!meta) {
		history_meta_init(&none);
		meta = &none;
	}
	rc = meta_check(meta);
	if (rc)
		return rc;
	rc = ensure_open(h);
	if (rc)
		return rc;
	h->msg[0] = '\0';
	rc = save_once(h, s, meta, started_at, ended_at, id);
	if (rc == -EROFS || rc == -EACCES) {
		/* once more on a fresh connection: the permissions may have
		 * been fixed since this one opened its files (ensure_open) */
		sqlite3_close(h->db);
		h->db = NULL;
		rc = open_db(h);
		if (!rc)
			rc = save_once(h, s, meta, started_at, ended_at, id);
		if (rc == -EROFS)
			rc = why_readonly(h);
	}
	return rc;
}

#define ENTRY_COLUMNS "id, started_at, ended_at, reps, work_s, duration_s, mean_peak_deg," \
	" best_peak_deg, longest_hold_s, holds, warnings, tempo_reps_per_min, mean_rep_s," \
	" hold_warn_s, work_target_s, gyro_checks, gyro_scale, gyro_bias_dps, gyro_out_of_tolerance," \
	" source, patient_id, side, mode, pain_before, pain_after, ceiling_deg, ceiling_events, set_id"

static void read_entry(sqlite3_stmt *st, struct history_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->started_at = sqlite3_column_int64(st, 1);
	e->ended_at = sqlite3_column_int64(st, 2);
	e->sum.reps = sqlite3_column_int(st, 3);
	e->sum.work_s = sqlite3_column_double(st, 4);
	e->sum.duration_s = sqlite3_column_double(st, 5);
	e->sum.mean_peak_deg = sqlite3_column_double(st, 6);
	e->sum.best_peak_deg = sqlite3_column_double(st, 7);
	e->sum.longest_hold_s = sqlite3_column_double(st, 8);
	e->sum.holds = sqlite3_column_int(st, 9);
	e->sum.warnings = sqlite3_column_int(st, 10);
	e->sum.tempo_reps_per_min = sqlite3_column_double(st, 11);
	e->sum.mean_rep_s = sqlite3_column_double(st, 12);
	e->hold_warn_s = sqlite3_column_double(st, 13);
	e->work_target_s = sqlite3_column_double(st, 14);
	/* sessions saved before schema 3 carry no gyro check (NULL: 0 checks) */
	e->sum.gyro.scale_checks = sqlite3_column_int(st, 15);
	e->sum.gyro.scale = sqlite3_column_type(st, 16) == SQLITE_NULL ? 1.0 : sqlite3_column_double(st, 16);
	e->gyro_bias_dps = sqlite3_column_double(st, 17);
	e->gyro_out_of_tol = sqlite3_column_int(st, 18) != 0;
	e->sum.gyro.bias_known = e->sum.gyro.scale_checks > 0;
	e->sum.gyro.bias_dps[0] = e->gyro_bias_dps;   /* its size; the axes are not kept */
	e->sum.gyro.scale_out_of_tol = (sqlite3_column_int(st, 18) & HISTORY_GYRO_SCALE) != 0;
	e->sum.gyro.bias_out_of_tol = (sqlite3_column_int(st, 18) & HISTORY_GYRO_BIAS) != 0;
	snprintf(e->source, sizeof(e->source), "%s",
		 sqlite3_column_text(st, 19) ? (const char *)sqlite3_column_text(st, 19) : "?");
	/* schema 6; NULL in older sessions: history_meta_init's values */
	history_meta_init(&e->meta);
	e->meta.patient_id = sqlite3_column_int64(st, 20);
	if (sqlite3_column_type(st, 21) != SQLITE_NULL)
		history_side_parse((const char *)sqlite3_column_text(st, 21), &e->meta.side);
	if (sqlite3_column_type(st, 22) != SQLITE_NULL)
		history_mode_parse((const char *)sqlite3_column_text(st, 22), &e->meta.mode);
	if (sqlite3_column_type(st, 23) != SQLITE_NULL)
		e->meta.pain_before = sqlite3_column_int(st, 23);
	if (sqlite3_column_type(st, 24) != SQLITE_NULL)
		e->meta.pain_after = sqlite3_column_int(st, 24);
	e->meta.ceiling_deg = sqlite3_column_double(st, 25);
	e->meta.ceiling_events = sqlite3_column_int(st, 26);
	e->meta.set_id = sqlite3_column_int64(st, 27);
}

/* The symptom events of the n entries (read_entry left them out). */
static int read_symptoms(struct history *h, struct history_entry *e, int n)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(h, "SELECT t_s, angle_deg, rating FROM marks WHERE session_id = ? AND kind = 'symptom'"
		     " ORDER BY idx LIMIT " HISTORY_STR(HISTORY_MAX_SYMPTOMS), &st);
	if (rc)
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		struct history_meta *m = &e[i].meta;

		sqlite3_bind_int64(st, 1, e[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && m->n_symptoms < HISTORY_MAX_SYMPTOMS) {
			m->symptoms[m->n_symptoms].t_s = sqlite3_column_double(st, 0);
			m->symptoms[m->n_symptoms].angle_deg = sqlite3_column_double(st, 1);
			m->symptoms[m->n_symptoms].rating = sqlite3_column_int(st, 2);
			m->n_symptoms++;
		}
		rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : to_errno(h->db, rc);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int history_recent_patient(struct history *h, int64_t patient_id, struct history_entry *out, int max)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (max <= 0)
		return 0;
	/* ?1 < 0: all; 0: no patient (NULL); else that patient */
	rc = prepare(h, "SELECT " ENTRY_COLUMNS " FROM sessions WHERE ?1 < 0 OR"
		     " (?1 = 0 AND patient_id IS NULL) OR patient_id = ?1"
		     " ORDER BY started_at DESC, id DESC LIMIT ?2", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient_id);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		read_entry(st, &out[n++]);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		n = to_errno(h->db, rc);
	sqlite3_finalize(st);
	if (n > 0) {
		rc = read_symptoms(h, out, n);
		if (rc)
			n = rc;
	}
	return n;
}

int history_recent(struct history *h, struct history_entry *out, int max)
{
	return history_recent_patient(h, HISTORY_ANY_PATIENT, out, max);
}

int history_session_counts(struct history *h, int64_t id, int *n_reps, int *n_holds)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(h, "SELECT (SELECT count(*) FROM sessions WHERE id = ?1),"
		     " (SELECT count(*) FROM reps WHERE session_id = ?1),"
		     " (SELECT count(*) FROM holds WHERE session_id = ?1)", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_int(st, 0) == 0) {
			rc = -ENOENT;
		} else {
			*n_reps = sqlite3_column_int(st, 1);
			*n_holds = sqlite3_column_int(st, 2);
			rc = 0;
		}
	} else {
		rc = to_errno(h->db, rc);
	}
	sqlite3_finalize(st);
	return rc;
}

int history_export_query_csv(struct history *h, FILE *f, const char *header, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int rc, cols;

	rc = prepare(h, sql, &st);
	if (rc)
		return rc;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, arg);
	fprintf(f, "%s\n", header);
	cols = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < cols; c++) {
			if (c)
				fputc(',', f);
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_INTEGER:
				fprintf(f, "%lld", (long long)sqlite3_column_int64(st, c));
				break;
			case SQLITE_FLOAT:
				fprintf(f, "%.3f", sqlite3_column_double(st, c));
				break;
			case SQLITE_NULL:
				break;
			default:
				/* people's text: quoted, formulas neutralised */
				csv_put_text(f, (const char *)sqlite3_column_text(st, c));
				break;
			}
		}
		fputc('\n', f);
	}
	rc = rc == SQLITE_DONE ? 0 : to_errno(h->db, rc);
	sqlite3_finalize(st);
	if (!rc && ferror(f))
		rc = -EIO;
	return rc;
}

int history_export_sessions_csv_for(struct history *h, int64_t patient_id, FILE *f)
{
	return history_export_query_csv(h, f,
			  "id,started_utc,ended_utc,reps,work_s,duration_s,mean_peak_deg,best_peak_deg,"
			  "longest_hold_s,holds,warnings,tempo_reps_per_min,mean_rep_s,hold_warn_s,work_target_s,"
			  "gyro_checks,gyro_scale,gyro_bias_dps,gyro_out_of_tolerance,source,"
			  "patient,side,mode,pain_before,pain_after,symptoms,ceiling_events,set_id",
			  "SELECT s.id, strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch'),"
			  " strftime('%Y-%m-%dT%H:%M:%SZ', s.ended_at, 'unixepoch'), s.reps, s.work_s, s.duration_s,"
			  " s.mean_peak_deg, s.best_peak_deg, s.longest_hold_s, s.holds, s.warnings,"
			  " s.tempo_reps_per_min, s.mean_rep_s, s.hold_warn_s, s.work_target_s, s.gyro_checks,"
			  " s.gyro_scale, s.gyro_bias_dps, s.gyro_out_of_tolerance, s.source,"
			  " p.name, s.side, s.mode, s.pain_before, s.pain_after,"
			  /* "RATING@ANGLE;...", in the order they were made */
			  " (SELECT group_concat(x, ';') FROM (SELECT m.rating || '@' || printf('%.1f', m.angle_deg) AS x"
			  "   FROM marks m WHERE m.session_id = s.id AND m.kind = 'symptom' ORDER BY m.idx)),"
			  " s.ceiling_events, s.set_id"
			  " FROM sessions s LEFT JOIN patients p ON p.id = s.patient_id"
			  " WHERE ?1 < 0 OR (?1 = 0 AND s.patient_id IS NULL) OR s.patient_id = ?1"
			  " ORDER BY s.started_at, s.id", patient_id);
}

int history_export_sessions_csv(struct history *h, FILE *f)
{
	return history_export_sessions_csv_for(h, HISTORY_ANY_PATIENT, f);
}

int history_export_reps_csv(struct history *h, FILE *f)
{
	return history_export_query_csv(h, f,
			  "session_id,session_started_utc,n,start_s,t_s,peak_deg,dwell_s,duration_s,tempo_dev_s",
			  "SELECT r.session_id, strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, 'unixepoch'),"
			  " r.n, r.start_s, r.t_s, r.peak_deg, r.dwell_s, r.duration_s, r.tempo_dev_s"
			  " FROM reps r JOIN sessions s ON s.id = r.session_id"
			  " ORDER BY s.started_at, r.session_id, r.n", 0);
}

int history_durability(struct history *h, int *synchronous, bool *wal)
{
	int rc = ensure_open(h), is_wal = 0;

	if (!rc)
		rc = query_int(h, "PRAGMA synchronous", synchronous);
	if (!rc)
		rc = query_int(h, "SELECT journal_mode = 'wal' FROM pragma_journal_mode", &is_wal);
	*wal = is_wal != 0;
	return rc;
}

int history_check(struct history *h)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(h, "PRAGMA integrity_check", &st);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		rc = (t && !strcmp((const char *)t, "ok")) ? 0 : -EBADMSG;
	} else {
		rc = to_errno(h->db, rc);
		if (!rc)
			rc = -EBADMSG;
	}
	sqlite3_finalize(st);
	return rc;
}

int history_default_path(char *buf, size_t len)
{
	const char *dir = getenv("STATE_DIRECTORY");
	const char *sub = "";
	size_t dlen;
	int n;

	if (dir && *dir) {
		/* systemd passes one entry per StateDirectory=, ':'-separated */
		dlen = strcspn(dir, ":");
	} else if ((dir = getenv("XDG_DATA_HOME")) && dir[0] == '/') {
		dlen = strlen(dir);
		sub = "/stretchrep";
	} else if ((dir = getenv("HOME")) && *dir) {
		dlen = strlen(dir);
		sub = "/.local/share/stretchrep";
	} else {
		return -ENOENT;
	}
	if (dlen > INT_MAX)
		return -ENAMETOOLONG;
	n = snprintf(buf, len, "%.*s%s/%s", (int)dlen, dir, sub, HISTORY_FILE_NAME);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int history_make_parent_dirs(const char *path)
{
	char *p;
	int rc = 0;

	if (!path[0])
		return -ENOENT;   /* "": no file to make room for (strchr(p + 1) would read past it) */
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0750) && errno != EEXIST) {
			rc = -errno;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

int history_open_default(struct history **out, char *path_out, size_t len)
{
	char path[4096];
	int rc;

	*out = NULL;
	if (path_out && len)
		path_out[0] = '\0';
	rc = history_default_path(path, sizeof(path));
	if (rc)
		return rc;
	if (path_out && len)
		snprintf(path_out, len, "%s", path);
	rc = history_make_parent_dirs(path);
	if (rc)
		return rc;
	return history_open(out, path);
}
