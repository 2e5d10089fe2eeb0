/* SPDX-License-Identifier: MIT */
/*
 * board_db — the clinic board's own record of the sessions it received
 * (SQLite, WAL, synchronous=FULL): one row per session id, whatever the
 * number of deliveries (a station resends until the board acknowledges, so
 * a session may arrive more than once; the id is the primary key).
 *   sessions(msg_id TEXT PRIMARY KEY, station, payload (the session JSON as
 *            received), received_at (Unix seconds))
 * Errors: 0 or -errno, as history.h.
 */
#ifndef STRETCHREP_STORE_BOARD_DB_H
#define STRETCHREP_STORE_BOARD_DB_H

#include <stdint.h>

#define BOARD_DB_FILE_NAME "board.sqlite3"

struct board_db;

/* Opens (creating it and its folder's file, not the folder) the database. */
int board_db_open(struct board_db **out, const char *path);
void board_db_close(struct board_db *b);   /* NULL is fine */
/* Keeps a received session: 1 new, 0 already there (a duplicate), -errno. */
int board_db_add(struct board_db *b, const char *msg_id, const char *station, const char *payload,
		 int64_t received_at);
/* Sessions kept, or -errno. */
int board_db_count(struct board_db *b);

#endif
