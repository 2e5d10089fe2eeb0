// SPDX-License-Identifier: MIT
/*
 * csv — a text cell for a spreadsheet (csv.h). Hand-written: RFC 4180's
 * quoting is a dozen lines, and Debian's CSV library (libcsv) quotes every
 * field but knows nothing of formulas: the neutralisation would still be
 * ours, beside a new dependency.
 */
#include <string.h>
#include "csv.h"

bool csv_text_is_formula(const char *text)
{
	return text && *text && strchr(CSV_FORMULA_START, *text);
}

void csv_put_text(FILE *f, const char *text)
{
	bool quote;

	if (!text)
		return;
	quote = strpbrk(text, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	/* inside the quotes: the quote is part of the cell's text */
	if (csv_text_is_formula(text))
		fputc('\'', f);
	for (const char *t = text; *t; t++) {
		if (*t == '"')
			fputc('"', f);
		fputc(*t, f);
	}
	if (quote)
		fputc('"', f);
}
