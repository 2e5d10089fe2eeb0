/* SPDX-License-Identifier: MIT */
/*
 * csv — one text cell of a CSV file meant for a spreadsheet, the one
 * writer every CSV export of people's text goes through (history --csv,
 * --reps-csv, the patient's SLR results, the USB stick's sessions.csv and
 * reps.csv: all of them app/store/history.c's history_export_query_csv).
 *
 * Two things are done to a cell:
 *   - RFC 4180 quoting: a cell holding a comma, a double quote, CR or LF is
 *     put in double quotes, each double quote in it doubled;
 *   - formula neutralisation (OWASP, "CSV Injection"): a cell starting with
 *     '=', '+', '-', '@', TAB or CR gets a single quote ' in front, so that
 *     Excel or LibreOffice shows it as text instead of running it (a patient
 *     named "=HYPERLINK(...)" stays a name).
 * Only for text that people typed (names, notes, sides): numbers written by
 * the program itself (a negative angle) are printed as numbers, not through
 * here, and stay numbers in the spreadsheet.
 */
#ifndef STRETCHREP_CSV_H
#define STRETCHREP_CSV_H

#include <stdbool.h>
#include <stdio.h>

/* true when a spreadsheet would take text as a formula (its first
 * character is one of CSV_FORMULA_START); "" and NULL are not. */
bool csv_text_is_formula(const char *text);

/* Writes text as one cell (no separator, no newline) to f. NULL is an empty
 * cell. Errors are f's (ferror). */
void csv_put_text(FILE *f, const char *text);

#define CSV_FORMULA_START "=+-@\t\r"

#endif
