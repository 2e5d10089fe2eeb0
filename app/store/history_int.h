/* SPDX-License-Identifier: MIT */
/* Inside app/store/: what patients.c needs of history.c's connection. */
#ifndef STRETCHREP_STORE_HISTORY_INT_H
#define STRETCHREP_STORE_HISTORY_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include "store/history.h"

/* h's open connection (opened afresh after an error, as every history
 * call does), for one call's statements: 0 and *db, or -errno; write on a
 * history_open_readonly history is -EBADF. */
int history_db(struct history *h, bool write, sqlite3 **db);
/* An SQLite result code of h's connection as -errno (history.h's words);
 * a foreign key that names nothing is -ENOENT, another constraint (a
 * unique name) -EEXIST. */
int history_sql_errno(struct history *h, int rc);

/* The sessions CSV (history.h) of one patient (0: none,
 * HISTORY_ANY_PATIENT: all). 0/-errno. */
int history_export_sessions_csv_for(struct history *h, int64_t patient_id, FILE *f);
/* header, then every row of sql (its ?1 bound to arg) as CSV: numbers
 * with 3 decimals, text as csv_put_text writes it (csv.h: quoted when it
 * holds a comma, quote or line break, a ' before a leading = + - @ TAB
 * CR), NULL empty. 0/-errno. */
int history_export_query_csv(struct history *h, FILE *f, const char *header, const char *sql, int64_t arg);

#endif
