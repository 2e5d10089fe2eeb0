// SPDX-License-Identifier: MIT
/*
 * test_report — the progress report's model and PDF. The PDF is read back
 * by poppler (pdftotext, pdfinfo: another program's reading of the file,
 * not ours): one A4 page, the patient's name, the date range, and the
 * numbers of the newest sessions as the test's own formula makes them.
 * Writing goes through safe_file: a directory or a symbolic link as the
 * output is refused and left as it was.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "report/report_model.h"
#include "report/report_pdf.h"
#include "testutil.h"

#define DAY 86400
#define T0 1772352000   /* 2026-03-01 08:00:00 UTC */

/* Session i of the made-up patient: numbers from a formula the checks
 * below recompute. */
static struct report_session made_session(int i)
{
	struct report_session s = {
		.started_at = T0 + (int64_t)i * DAY + 3600 * (i % 3),
		.side = i % 2 ? REPORT_SIDE_RIGHT : REPORT_SIDE_LEFT,
		.reps = 8 + i % 5,
		.best_peak_deg = 30.0 + 0.7 * i,
		.mean_peak_deg = 24.0 + 0.45 * i,
		.work_s = 90 + 3 * i,
		.holds = i % 4,
		.warned_holds = i % 4 == 3 ? 1 : 0,
		.pain_before = i % 6,
		.pain_after = i % 6 > 1 ? i % 6 - 2 : REPORT_PAIN_NOT_ASKED,
	};

	return s;
}

static void make_model(struct report_model *m, const char *name, int sessions, int slr)
{
	report_model_init(m, name, T0 + 40 * DAY);
	for (int i = 0; i < sessions; i++) {
		struct report_session s = made_session(i);

		report_model_add_session(m, &s);
	}
	for (int i = 0; i < slr; i++) {
		struct report_slr r = {
			.taken_at = T0 + (int64_t)i * 7 * DAY,
			.side = i % 2 ? REPORT_SIDE_RIGHT : REPORT_SIDE_LEFT,
			.trial_deg = { 50.0 + 2 * i, 53.0 + 2 * i },
		};

		report_model_add_slr(m, &r);
	}
}

/* The output of a poppler tool (pdfinfo, pdftotext -layout) on path, run
 * through the shell: paths are the test's own mkdtemp names. */
static char *run_tool(const char *tool, const char *path)
{
	char cmd[512];
	size_t cap = 1 << 16, n = 0;
	char *out = malloc(cap);
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof(cmd), "%s '%s'%s", tool, path, strstr(tool, "pdftotext") ? " -" : "");
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

/* strstr(hay, needle), printing both when it fails. */
#define assert_contains(hay, needle) do { \
		if (!strstr((hay), (needle))) { \
			print_error("'%s' not found in:\n%s\n", (needle), (hay)); \
			fail(); \
		} \
	} while (0)

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_report.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	report_pdf_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The made-up patient's report saved as tmpdir/file. */
static void save_made(struct report_model *m, const char *name, int sessions, int slr, const char *file, char *path,
		      size_t len)
{
	char why[256];

	make_model(m, name, sessions, slr);
	snprintf(path, len, "%s/%s", tmpdir, file);
	assert_int_equal(report_pdf_save(m, path, why, sizeof(why)), 0);
}

static void pdf_reads_back(void **state)
{
	static struct report_model m;
	char path[128], want[64];
	char *txt, *info;
	int pages;

	(void)state;
	save_made(&m, "Zo\xc3\xab Example", 12, 4, "r.pdf", path, sizeof(path));
	info = run_tool("pdfinfo", path);
	assert_contains(info, "Pages:");
	assert_int_equal(sscanf(strstr(info, "Pages:"), "Pages: %d", &pages), 1);
	assert_int_equal(pages, 1);
	assert_contains(info, "595.28 x 841.89 pts (A4)");
	assert_contains(info, "Progress report: Zo\xc3\xab Example");
	free(info);
	txt = run_tool("pdftotext -layout", path);
	assert_contains(txt, "Zo\xc3\xab Example");
	/* the range: the first session to the last SLR (day 21) */
	assert_contains(txt, "01 Mar 2026 to 22 Mar 2026: 12 sessions, 4 SLR results");
	/* the table: the ten newest, with the formula's numbers */
	for (int i = 2; i < 12; i++) {
		struct report_session s = made_session(i);
		time_t t = (time_t)s.started_at;
		struct tm tm;
		char when[32];

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		assert_contains(txt, when);
		snprintf(want, sizeof(want), "%.1f\xc2\xb0", s.best_peak_deg);
		assert_contains(txt, want);
		snprintf(want, sizeof(want), "%.1f\xc2\xb0", s.mean_peak_deg);
		assert_contains(txt, want);
		snprintf(want, sizeof(want), "%d:%02d", (int)s.work_s / 60, (int)s.work_s % 60);
		assert_contains(txt, want);
	}
	/* the oldest two are charted, not tabled */
	assert_null(strstr(txt, "2026-03-01 08:00"));
	/* headline: the last session and the latest SLR per side (means) */
	snprintf(want, sizeof(want), "Last session: %d reps, best %.1f\xc2\xb0", made_session(11).reps,
		 made_session(11).best_peak_deg);
	assert_contains(txt, want);
	assert_contains(txt, "SLR left 55.5\xc2\xb0");    /* i = 2: (54 + 57) / 2 */
	assert_contains(txt, "SLR right 57.5\xc2\xb0");   /* i = 3: (56 + 59) / 2 */
	free(txt);
}

static void empty_report_says_so(void **state)
{
	static struct report_model m;
	char path[128];
	char *txt;

	(void)state;
	save_made(&m, "Nobody Yet", 0, 0, "empty.pdf", path, sizeof(path));
	txt = run_tool("pdftotext -layout", path);
	assert_contains(txt, "Nobody Yet");
	assert_contains(txt, "No sessions or SLR results yet.");
	assert_contains(txt, "no SLR results yet");
	assert_contains(txt, "No sessions yet.");
	free(txt);
}

static void model_keeps_the_newest(void **state)
{
	static struct report_model m;
	int64_t from, to;

	(void)state;
	make_model(&m, "Many", REPORT_MAX_SESSIONS + 10, REPORT_MAX_SLR + 3);
	assert_int_equal(m.n_sessions, REPORT_MAX_SESSIONS);
	assert_int_equal(m.total_sessions, REPORT_MAX_SESSIONS + 10);
	assert_int_equal(m.sessions[0].started_at, made_session(10).started_at);
	assert_int_equal(m.sessions[REPORT_MAX_SESSIONS - 1].started_at,
			 made_session(REPORT_MAX_SESSIONS + 9).started_at);
	assert_int_equal(m.n_slr, REPORT_MAX_SLR);
	assert_int_equal(m.total_slr, REPORT_MAX_SLR + 3);
	assert_int_equal(m.slr[0].taken_at, T0 + 3 * 7 * DAY);
	assert_true(report_model_range(&m, &from, &to));
	assert_int_equal(from, made_session(10).started_at);
	assert_int_equal(to, T0 + (int64_t)(REPORT_MAX_SLR + 2) * 7 * DAY);
}

static void name_is_cut_at_a_character(void **state)
{
	static struct report_model m;
	char name[400];

	(void)state;
	for (size_t i = 0; i + 2 < sizeof(name); i += 2)
		memcpy(name + i, "\xc3\xa9", 2);   /* é, two bytes each */
	name[398] = '\0';
	report_model_init(&m, name, 0);
	assert_int_equal(strlen(m.patient) % 2, 0);
	assert_true(strlen(m.patient) >= sizeof(m.patient) - 2);
}

static void slr_band_is_the_trials(void **state)
{
	struct report_slr r = { .trial_deg = { 61.0, 55.0 } };
	double lo, hi;

	(void)state;
	assert_near(report_slr_mean(&r), 58.0, 1e-12);
	report_slr_band(&r, &lo, &hi);
	assert_near(lo, 55.0, 0);
	assert_near(hi, 61.0, 0);
}

static void refuses_a_directory_or_a_link(void **state)
{
	static struct report_model m;
	char dir[128], link[128], target[128], why[256];
	struct stat st;
	FILE *f;

	(void)state;
	make_model(&m, "Someone", 3, 0);
	snprintf(dir, sizeof(dir), "%s/adir", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(report_pdf_save(&m, dir, why, sizeof(why)), -EISDIR);
	assert_non_null(strstr(why, dir));
	snprintf(target, sizeof(target), "%s/target", tmpdir);
	snprintf(link, sizeof(link), "%s/link.pdf", tmpdir);
	f = fopen(target, "w");
	assert_non_null(f);
	fputs("keep", f);
	fclose(f);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(report_pdf_save(&m, link, why, sizeof(why)), -ELOOP);
	assert_non_null(strstr(why, "symbolic link"));
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pdf_reads_back),
		cmocka_unit_test(empty_report_says_so),
		cmocka_unit_test(model_keeps_the_newest),
		cmocka_unit_test(name_is_cut_at_a_character),
		cmocka_unit_test(slr_band_is_the_trials),
		cmocka_unit_test(refuses_a_directory_or_a_link),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
