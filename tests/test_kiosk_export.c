// SPDX-License-Identifier: MIT
/*
 * test_kiosk_export — the USB-stick export, with a directory standing in
 * for the stick. The history is a real one (the program's own run
 * --headless --simulate, $STRETCHREP), its patients and their sessions set
 * with the sqlite3 CLI, which is also the oracle: the CSVs' rows are the
 * database's sessions and reps (ids and reps counts as sqlite3 reads them),
 * one PDF per active patient (pdftotext finds the name; an archived
 * patient gets none; names a FAT stick refuses are made safe, two equal
 * ones told apart), nothing half-written is left; a name a spreadsheet
 * would run as a formula (the archived one's) reads back, through python3's
 * csv module, as text: a ' before it (app/csv.h). The watch: an export
 * starts when the directory becomes a mount point (the test's judge), the
 * descriptor wakes the poll when it is done, and the notice says so.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
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
#include "kiosk/kiosk_export.h"
#include "report/report_pdf.h"

#define NOW 1772442000   /* 2026-03-02 09:00 UTC */

static char tmp[64], db[128], stick[128];

/* The whole output of a shell command (exit status 0 asserted). */
static char *sh(const char *cmd)
{
	size_t cap = 1 << 20, n;
	char *out = malloc(cap);
	FILE *p = popen(cmd, "r");

	assert_non_null(out);
	assert_non_null(p);
	n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static int setup(void **state)
{
	const char *prog = getenv("STRETCHREP");
	char cmd[1024];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(tmp, sizeof(tmp), "/tmp/test_kiosk_export.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(db, sizeof(db), "%s/h.sqlite3", tmp);
	snprintf(stick, sizeof(stick), "%s/stick", tmp);
	if (mkdir(stick, 0755))
		return -1;
	snprintf(cmd, sizeof(cmd), "'%s' run --headless --simulate --speed 2000 --seconds 500 --history '%s' >/dev/null 2>&1",
		 prog && *prog ? prog : "build/stretchrep", db);
	if (system(cmd))
		return -1;
	/* four patients (one archived), two of whose names are the same on a
	 * FAT stick, one a spreadsheet formula; the sessions shared out among
	 * them */
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"INSERT INTO patients (id, name, created_at, archived) VALUES"
		 " (1, 'Ann Example', 1772000000, 0), (2, 'Ben?', 1772000000, 0), (3, 'Ben*', 1772000000, 0),"
		 " (4, '@SUM(A1)', 1772000000, 1);"
		 " UPDATE sessions SET patient_id = 1 + (id %% 4), side = 'left', pain_before = 3, pain_after = 1;\"", db);
	return system(cmd) ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	report_pdf_cleanup();   /* kiosk_export_write's PDFs, drawn in this thread */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) ? -1 : 0;
}

/* The CSV's column named col, one value a line, for rows in file order. */
static char *csv_column(const char *path, const char *col)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"%s\") c = i; next }"
		 " { print $c }' '%s'", col, path);
	return sh(cmd);
}

static void check_export(const char *folder)
{
	char path[512], cmd[1024];
	char *got, *want;
	DIR *d;
	struct dirent *de;
	int pdfs = 0;

	snprintf(path, sizeof(path), "%s/%s/sessions.csv", stick, folder);
	got = csv_column(path, "id");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'SELECT id FROM sessions ORDER BY started_at, id'", db);
	want = sh(cmd);
	assert_true(strlen(want) > 4);   /* several sessions */
	assert_string_equal(got, want);
	free(got);
	free(want);
	got = csv_column(path, "reps");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'SELECT reps FROM sessions ORDER BY started_at, id'", db);
	want = sh(cmd);
	assert_string_equal(got, want);
	free(got);
	free(want);
	snprintf(cmd, sizeof(cmd), "tail -n +2 '%s/%s/reps.csv' | wc -l", stick, folder);
	got = sh(cmd);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'SELECT count(*) FROM reps'", db);
	want = sh(cmd);
	assert_int_equal(atoi(got), atoi(want));
	free(got);
	free(want);
	/* the formula's sessions: the name as text, as many as sqlite3 counts */
	snprintf(cmd, sizeof(cmd), "python3 -c 'import csv, sys; print(sum(r[\"patient\"] == \"\\x27@SUM(A1)\" for r in"
		 " csv.DictReader(open(sys.argv[1], newline=\"\"))))' '%s'", path);
	got = sh(cmd);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'SELECT count(*) FROM sessions WHERE patient_id = 4'", db);
	want = sh(cmd);
	assert_true(atoi(want) > 0);
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* the active patients' reports, each naming its patient */
	static const char *const pdf[][2] = {
		{ "Ann Example.pdf", "Ann Example" }, { "Ben_.pdf", "Ben?" }, { "Ben_ (3).pdf", "Ben*" },
	};
	for (size_t i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "pdftotext '%s/%s/%s' -", stick, folder, pdf[i][0]);
		got = sh(cmd);
		assert_non_null(strstr(got, pdf[i][1]));
		free(got);
	}
	snprintf(path, sizeof(path), "%s/%s", stick, folder);
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d))) {
		assert_null(strstr(de->d_name, ".part"));   /* nothing half-written */
		pdfs += strstr(de->d_name, ".pdf") != NULL;
	}
	closedir(d);
	assert_int_equal(pdfs, 3);   /* not the archived patient's */
}

static void export_writes_csv_and_reports(void **state)
{
	struct kiosk_export_result res;

	(void)state;
	assert_int_equal(kiosk_export_write(db, stick, NOW, &res), 0);
	assert_string_equal(res.why, "");
	assert_string_equal(res.folder, "stretchrep-export-20260302-0900");
	assert_int_equal(res.patients, 3);
	check_export(res.folder);
	/* again in the same minute: a folder of its own */
	assert_int_equal(kiosk_export_write(db, stick, NOW + 30, &res), 0);
	assert_string_equal(res.folder, "stretchrep-export-20260302-0900-2");
}

static void export_failure_is_said(void **state)
{
	struct kiosk_export_result res;
	char gone[160];

	(void)state;
	snprintf(gone, sizeof(gone), "%s/no-stick-here", tmp);
	assert_int_equal(kiosk_export_write(db, gone, NOW, &res), -ENOENT);
	assert_non_null(strstr(res.why, gone));
	snprintf(gone, sizeof(gone), "%s/none.sqlite3", tmp);
	assert_int_equal(kiosk_export_write(gone, stick, NOW, &res), -ENOENT);
	assert_non_null(strstr(res.why, "history"));
}

static bool fake_mounted(const char *dir, void *ctx)
{
	(void)dir;
	return *(bool *)ctx;
}

static void watch_exports_when_a_stick_comes(void **state)
{
	struct kiosk_export *e;
	char notice[128];
	bool mounted = true;
	DIR *d;
	struct dirent *de;
	int before = 0, after = 0;

	(void)state;
	d = opendir(stick);
	assert_non_null(d);
	while ((de = readdir(d)))
		before += !strncmp(de->d_name, KIOSK_EXPORT_PREFIX, strlen(KIOSK_EXPORT_PREFIX));
	closedir(d);
	/* a stick already in at the start is left alone */
	assert_int_equal(kiosk_export_open(&e, stick, db, fake_mounted, &mounted), 0);
	assert_false(kiosk_export_handle(e, notice, sizeof(notice)));
	mounted = false;
	assert_true(kiosk_export_handle(e, notice, sizeof(notice)));
	assert_string_equal(notice, "");
	assert_false(kiosk_export_handle(e, notice, sizeof(notice)));
	/* in it goes */
	// cppcheck-suppress redundantAssignment ; read through the judge's ctx in kiosk_export_handle
	mounted = true;
	assert_true(kiosk_export_handle(e, notice, sizeof(notice)));
	assert_non_null(strstr(notice, "leave it in"));
	{
		struct pollfd p = { .fd = kiosk_export_fd(e), .events = POLLIN };

		assert_int_equal(poll(&p, 1, 30000), 1);   /* woken by the thread */
	}
	assert_true(kiosk_export_handle(e, notice, sizeof(notice)));
	assert_string_equal(notice, "Exported 3 patients to USB \xe2\x80\x94 you can remove it");
	assert_false(kiosk_export_handle(e, notice, sizeof(notice)));   /* once */
	d = opendir(stick);
	assert_non_null(d);
	while ((de = readdir(d)))
		after += !strncmp(de->d_name, KIOSK_EXPORT_PREFIX, strlen(KIOSK_EXPORT_PREFIX));
	closedir(d);
	assert_int_equal(after, before + 1);
	kiosk_export_close(e);
}

static void mount_point_judge(void **state)
{
	(void)state;
	assert_false(kiosk_export_is_mount(stick, NULL));   /* a plain directory */
	if (kiosk_export_is_mount("/proc", NULL) == false)
		skip();   /* no /proc mounted here */
	assert_false(kiosk_export_is_mount("/nonexistent-stretchrep", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(export_writes_csv_and_reports),
		cmocka_unit_test(export_failure_is_said),
		cmocka_unit_test(watch_exports_when_a_stick_comes),
		cmocka_unit_test(mount_point_judge),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
