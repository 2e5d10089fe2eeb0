// SPDX-License-Identifier: MIT
/* outbox — sessions waiting for the board, in the history database (outbox.h). */
#include <errno.h>
#include <stdlib.h>
#include "store/outbox.h"
#include "store/store_sql.h"

struct outbox {
	sqlite3 *db;
};

int outbox_open(struct outbox **out, const char *path)
{
	struct outbox *o;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	rc = store_sql_open(&o->db, path, 0);
	if (rc)
		goto out_free;
	rc = sqlite3_prepare_v2(o->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'", -1,
				&st, NULL);
	if (rc != SQLITE_OK) {
		rc = store_sql_errno(rc);
		goto out_close;
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? -ENOENT : store_sql_errno(rc);
		goto out_close;
	}
	*out = o;
	return 0;

out_close:
	sqlite3_close(o->db);
out_free:
	free(o);
	return rc;
}

void outbox_close(struct outbox *o)
{
	if (!o)
		return;
	sqlite3_close(o->db);
	free(o);
}

int outbox_add(struct outbox *o, const char *msg_id, const char *payload, int64_t queued_at)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(o->db, "INSERT OR IGNORE INTO outbox (msg_id, payload, queued_at) VALUES (?, ?, ?)",
				    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_sql_errno(rc);
	sqlite3_bind_text(st, 1, msg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, queued_at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_sql_errno(rc);
}

int outbox_each(struct outbox *o, int max, int (*fn)(void *ctx, const char *msg_id, const char *payload),
		void *ctx)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(o->db, "SELECT msg_id, payload FROM outbox ORDER BY queued_at, rowid LIMIT ?", -1,
				    &st, NULL);

	if (rc != SQLITE_OK)
		return store_sql_errno(rc);
	sqlite3_bind_int(st, 1, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *payload = (const char *)sqlite3_column_text(st, 1);

		if (id && payload && fn(ctx, id, payload)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_sql_errno(rc);
}

int outbox_remove(struct outbox *o, const char *msg_id)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(o->db, "DELETE FROM outbox WHERE msg_id = ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_sql_errno(rc);
	sqlite3_bind_text(st, 1, msg_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sql_errno(rc);
	return sqlite3_changes(o->db) > 0;
}

int outbox_count(struct outbox *o)
{
	return store_sql_count(o->db, "SELECT count(*) FROM outbox");
}

int outbox_trim(struct outbox *o, int max)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(o->db, "DELETE FROM outbox WHERE rowid IN (SELECT rowid FROM outbox "
				    "ORDER BY queued_at DESC, rowid DESC LIMIT -1 OFFSET ?)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_sql_errno(rc);
	sqlite3_bind_int(st, 1, max);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes(o->db) : store_sql_errno(rc);
}
