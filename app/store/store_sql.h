/* SPDX-License-Identifier: MIT */
/* Inside app/store/: opening a database the way history does (WAL,
 * synchronous=FULL, busy timeout), for outbox.c and board_db.c. */
#ifndef STRETCHREP_STORE_SQL_H
#define STRETCHREP_STORE_SQL_H

#include <sqlite3.h>

/* 0 or -errno; *db is NULL on failure. create: SQLITE_OPEN_CREATE. */
int store_sql_open(sqlite3 **db, const char *path, int create);
/* An SQLite result code as -errno (0 for OK, DONE, ROW). */
int store_sql_errno(int rc);

/* The single integer a query such as SELECT count(*) answers, or -errno. */
int store_sql_count(sqlite3 *db, const char *sql);

#endif
