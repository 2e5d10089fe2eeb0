// SPDX-License-Identifier: MIT
/*
 * csv: one text cell as a spreadsheet must read it. The oracle is the two
 * rules written out by hand per kind of first character and per character
 * that forces quotes (RFC 4180 section 2, rules 6 and 7; OWASP's CSV
 * Injection list: = + - @ TAB CR), never the code's own output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"

/* csv_put_text's bytes for text, compared with want. */
static void cell_is(const char *text, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	csv_put_text(f, text);
	assert_int_equal(fclose(f), 0);
	if (strlen(want) != len || memcmp(buf, want, len) != 0)
		fail_msg("cell of [%s]: [%s], want [%s]", text ? text : "(null)", buf, want);
	free(buf);
}

static void plain_text_is_left_alone(void **state)
{
	(void)state;
	cell_is("Ann Lee", "Ann Lee");
	cell_is("right", "right");
	cell_is("2@41.5;6@48.0", "2@41.5;6@48.0");   /* '@' not first: no formula */
	cell_is("a=b", "a=b");
	cell_is(" =1+1", " =1+1");   /* OWASP's list is the first character only */
	cell_is("'quoted", "'quoted");
	cell_is("", "");
	cell_is(NULL, "");
}

/* every character OWASP names, first in the cell: a ' before it */
static void a_formula_start_gets_a_quote_mark(void **state)
{
	(void)state;
	cell_is("=1+1", "'=1+1");
	cell_is("+1", "'+1");
	cell_is("-3", "'-3");   /* text typed by a person, not a number of ours */
	cell_is("@SUM(A1)", "'@SUM(A1)");
	cell_is("\t=1", "'\t=1");
	cell_is("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	/* CR forces quotes too: the mark goes inside them */
	cell_is("\r=1", "\"'\r=1\"");
	assert_true(csv_text_is_formula("=x"));
	assert_true(csv_text_is_formula("+x"));
	assert_true(csv_text_is_formula("-x"));
	assert_true(csv_text_is_formula("@x"));
	assert_true(csv_text_is_formula("\tx"));
	assert_true(csv_text_is_formula("\rx"));
	assert_false(csv_text_is_formula("x="));
	assert_false(csv_text_is_formula(""));
	assert_false(csv_text_is_formula(NULL));
	assert_false(csv_text_is_formula("\n=1"));   /* not on the list; quoted below */
}

/* RFC 4180: a comma, a double quote or a line break: the cell in double
 * quotes, each double quote doubled */
static void separators_and_quotes_are_quoted(void **state)
{
	(void)state;
	cell_is("Lee, Ann", "\"Lee, Ann\"");
	cell_is("say \"ow\"", "\"say \"\"ow\"\"\"");
	cell_is("\"", "\"\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("cr\rlf", "\"cr\rlf\"");
	cell_is("\n=1", "\"\n=1\"");
	cell_is("=1,=2", "\"'=1,=2\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_is_left_alone),
		cmocka_unit_test(a_formula_start_gets_a_quote_mark),
		cmocka_unit_test(separators_and_quotes_are_quoted),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
