// SPDX-License-Identifier: MIT
/* board_db — the board's record of received sessions (board_db.h). */
#include <errno.h>
#include <stdlib.h>
#include "store/board_db.h"
#include "store/store_sql.h"

struct board_db {
	sqlite3 *db;
};

int board_db_open(struct board_db **out, const char *path)
{
	struct board_db *b;
	int rc;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	rc = store_sql_open(&b->db, path, 1);
	if (rc) {
		free(b);
		return rc;
	}
	rc = sqlite3_exec(b->db,
			  "CREATE TABLE IF NOT EXISTS sessions ("
			  "  msg_id TEXT PRIMARY KEY,"
			  "  station TEXT NOT NULL,"
			  "  payload TEXT NOT NULL,"
			  "  received_at INTEGER NOT NULL)",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = store_sql_errno(rc);
		sqlite3_close(b->db);
		free(b);
		return rc ? rc : -EIO;
	}
	*out = b;
	return 0;
}

void board_db_close(struct board_db *b)
{
	if (!b)
		return;
	sqlite3_close(b->db);
	free(b);
}

int board_db_add(struct board_db *b, const char *msg_id, const char *station, const char *payload,
		 int64_t received_at)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(b->db,
				    "INSERT OR IGNORE INTO sessions (msg_id, station, payload, received_at) "
				    "VALUES (?, ?, ?, ?)",
				    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_sql_errno(rc);
	sqlite3_bind_text(st, 1, msg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, station, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, received_at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sql_errno(rc);
	return sqlite3_changes(b->db) > 0;
}

int board_db_count(struct board_db *b)
{
	return store_sql_count(b->db, "SELECT count(*) FROM sessions");
}
