// SPDX-License-Identifier: MIT
/*
 * The SLR test and the progress screen on the kiosk. Oracles: the passive
 * raise's truth (an independent sim_slr with the demo's documented seed and
 * truth angle: the thigh's true angle at each of the demo clinician's
 * marks), the results read back from the store, and for the progress the
 * sessions and SLR results this file saved itself, summed by day here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/sim_slr.h"
#include "fakes/fake_session.h"
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_progress.h"
#include "kiosk/kiosk_slr.h"
#include "store/patients.h"
#include "trace_file.h"
#include "testutil.h"

struct db {
	char dir[48], path[80];
	struct history *h;
	int64_t pid;
};

static void db_open(struct db *d)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/stretchrep-kslr-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/h.sqlite3", d->dir);
	assert_int_equal(history_open(&d->h, d->path), 0);
	assert_int_equal(patient_add(d->h, "Ann", (int64_t)time(NULL) - 40 * 86400, &d->pid), 0);
}

static void db_close(struct db *d)
{
	char p[128];
	static const char *const ext[] = { "", "-wal", "-shm" };

	history_close(d->h);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", d->path, ext[i]);
		unlink(p);
	}
	rmdir(d->dir);
}

static struct kiosk *demo_kiosk(void)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;

	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	return k;
}

/* Steps the kiosk's clock until the side is done; returns the clock. */
static double run_side(struct kiosk *k, double t)
{
	double t0 = t;

	while (kiosk_view(k)->slr.phase != UI_SLR_SIDE_DONE) {
		assert_true(t - t0 < 300.0);
		t += 1.0 / 60.0;
		assert_int_equal(kiosk_step(k, t), 0);
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SLR);
	}
	return t;
}

/* The side's two trials: stored as shown, each within 2 deg of the
 * thigh's true angle at the demo clinician's mark. */
static void check_side(struct db *d, struct kiosk *k, enum history_side side, uint64_t seed, double truth)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct sim_slr sim;
	struct patient_slr r[4];
	const struct ui_slr *v = &kiosk_view(k)->slr;

	set.seed = seed;
	set.truth_deg = truth;
	sim_slr_init(&sim, &set);
	assert_int_equal(patient_slr_list(d->h, d->pid, side, r, 4), 1);
	assert_int_equal(v->n_trials, 2);
	for (int i = 0; i < 2; i++) {
		assert_near(r[0].trial_deg[i], v->trial_deg[i], 1e-9);
		assert_near(v->trial_deg[i], sim.trial[i].mark_deg, 2.0);
	}
	assert_near(v->mean_deg, (v->trial_deg[0] + v->trial_deg[1]) / 2.0, 1e-9);
	assert_near(v->mdc_one_deg, 3.3, 1e-9);
	assert_near(v->mdc_between_deg, 10.0, 1e-9);
	assert_string_equal(v->saved, "Saved for Ann");
}

static void demo_slr_both_sides_saved(void **state)
{
	struct db d = { .h = NULL };
	struct kiosk *k;
	double t = 0.0;

	(void)state;
	db_open(&d);
	k = demo_kiosk();
	kiosk_set_patient(k, d.h, d.pid, "Ann");
	kiosk_command(k, UI_CMD_SLR);   /* key s: the left leg */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SLR);
	assert_false(kiosk_view(k)->slr.right);
	/* a press before the leg lies still takes nothing */
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_non_null(strstr(kiosk_view(k)->slr.word, "Not yet"));
	assert_int_equal(kiosk_view(k)->slr.n_trials, 0);

	t = run_side(k, t);
	check_side(&d, k, HISTORY_SIDE_LEFT, KIOSK_SLR_DEMO_SEED, KIOSK_SLR_DEMO_TRUTH_DEG);
	assert_false(kiosk_view(k)->slr.has_prev);

	kiosk_command(k, UI_CMD_NEXT);   /* the other leg */
	assert_true(kiosk_view(k)->slr.right);
	assert_int_equal(kiosk_view(k)->slr.phase, UI_SLR_SETTLE);
	run_side(k, t);
	check_side(&d, k, HISTORY_SIDE_RIGHT, KIOSK_SLR_DEMO_SEED + 1, KIOSK_SLR_DEMO_TRUTH_DEG + 6.0);
	assert_true(kiosk_view(k)->slr.other_done);

	kiosk_command(k, UI_CMD_NEXT);   /* both done: the start screen */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);

	/* the next test of the left leg compares with this one */
	assert_int_equal(kiosk_slr_begin(k, HISTORY_SIDE_LEFT), 0);
	assert_true(kiosk_view(k)->slr.has_prev);
	kiosk_command(k, UI_CMD_FINISH);   /* Done: left at once */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
	kiosk_set_patient(k, NULL, 0, NULL);
	kiosk_free(k);
	db_close(&d);
}

/* A recorded sensor (a replay: the source's own samples, not the demo's
 * raise) and a clinician pressing Space at the simulated marks: each trial
 * within 2 deg of the thigh's true angle at the mark. */
static void replayed_sensor_marked_by_key(void **state)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct sim_slr sim;
	struct sample a, b;
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	char dir[] = "/tmp/stretchrep-kslr-XXXXXX", path[64], err[256];
	FILE *f;
	double t = 0.0, t_first = 1.0 / 60.0;
	int marks = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/raise.csv", dir);
	set.seed = 77;
	set.truth_deg = 44.0;
	sim_slr_init(&sim, &set);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(trace_write_header(f, "a passive raise"), 0);
	while (sim_slr_next(&sim, &a, &b))
		assert_int_equal(trace_write_sample(f, &a), 0);
	assert_int_equal(fclose(f), 0);

	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(source_open_replay(&src, path, 1.0, err, sizeof(err)), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	assert_int_equal(kiosk_slr_begin(k, HISTORY_SIDE_RIGHT), 0);
	assert_false(kiosk_view(k)->slr.by_knee);
	/* the replay's clock starts at the first poll, the first step */
	while (kiosk_view(k)->slr.phase != UI_SLR_SIDE_DONE) {
		assert_true(t < sim_slr_duration_s(&sim) + 5.0);
		t += 1.0 / 60.0;
		assert_int_equal(kiosk_step(k, t), 0);
		if (marks < SIM_SLR_TRIALS && t - t_first >= sim.trial[marks].mark_t_s) {
			kiosk_command(k, UI_CMD_START_PAUSE);
			marks++;
		}
	}
	for (int i = 0; i < SIM_SLR_TRIALS; i++)
		assert_near(kiosk_view(k)->slr.trial_deg[i], sim.trial[i].mark_deg, 2.0);
	assert_true(kiosk_view(k)->slr.right);
	assert_string_equal(kiosk_view(k)->slr.saved, "");   /* nobody's: nothing stored */
	kiosk_free(k);
	unlink(path);
	rmdir(dir);
}

static void not_during_a_session_nor_without_patient(void **state)
{
	struct kiosk *k = demo_kiosk();
	double t = 0.0;

	(void)state;
	assert_int_equal(kiosk_progress_begin(k, (int64_t)time(NULL)), -ENOENT);
	kiosk_command(k, UI_CMD_PROGRESS);   /* key p without a patient: nothing */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
	kiosk_command(k, UI_CMD_START_PAUSE);
	for (int i = 0; i < 60; i++)
		kiosk_step(k, t += 1.0 / 60.0);
	assert_int_equal(kiosk_slr_begin(k, HISTORY_SIDE_LEFT), -EBUSY);
	kiosk_command(k, UI_CMD_SLR);
	assert_int_not_equal(kiosk_view(k)->screen, UI_SCREEN_SLR);
	kiosk_free(k);
}

/* hour:00 local, days_ago days before now's day */
static int64_t day_at(int64_t now, int days_ago, int hour)
{
	time_t t = (time_t)now;
	struct tm tm;

	assert_non_null(localtime_r(&t, &tm));
	tm.tm_mday -= days_ago;
	tm.tm_hour = hour;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static void progress_sums_what_was_saved(void **state)
{
	static const struct { int days_ago, sessions; } plan[] = { { 20, 2 }, { 10, 1 }, { 1, 2 }, { 0, 1 } };
	struct db d = { .h = NULL };
	struct patient p;
	struct ui_progress *pr = calloc(1, sizeof(*pr));
	struct session *s = malloc(sizeof(*s));
	int reps[UI_PROGRESS_DAYS] = { 0 }, warned[UI_PROGRESS_DAYS] = { 0 }, count[UI_PROGRESS_DAYS] = { 0 };
	double best[UI_PROGRESS_DAYS] = { 0 }, work[UI_PROGRESS_DAYS] = { 0 };
	double pain_b[UI_PROGRESS_DAYS] = { 0 }, pain_a[UI_PROGRESS_DAYS] = { 0 };
	int64_t now = (int64_t)time(NULL);
	uint64_t seed = 1;

	(void)state;
	assert_non_null(pr);
	assert_non_null(s);
	db_open(&d);
	assert_int_equal(patient_get(d.h, d.pid, &p), 0);
	p.sessions_per_day = 2;
	assert_int_equal(patient_set_rx(d.h, &p), 0);
	for (size_t i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
		int day = UI_PROGRESS_DAYS - 1 - plan[i].days_ago;

		for (int j = 0; j < plan[i].sessions; j++, seed++) {
			struct session_summary sum;
			struct history_meta meta;
			/* today's within the last hour, others in the day's daytime */
			int64_t at = plan[i].days_ago ? day_at(now, plan[i].days_ago, 9 + 4 * j) : now - 600 * (j + 1);

			fake_session_fill(s, seed);
			session_get_summary(s, &sum);
			history_meta_init(&meta);
			meta.patient_id = d.pid;
			meta.side = j ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT;
			meta.pain_before = (int)(seed % 7);
			meta.pain_after = (int)(seed % 5);
			assert_int_equal(history_save(d.h, s, &meta, at, at + 100, NULL), 0);
			reps[day] += sum.reps;
			warned[day] += sum.warnings;
			work[day] += sum.work_s;
			if (sum.best_peak_deg > best[day])
				best[day] = sum.best_peak_deg;
			pain_b[day] += meta.pain_before;
			pain_a[day] += meta.pain_after;
			count[day]++;
		}
	}
	/* SLR: the left leg two weeks ago and today, the right a week ago */
	struct patient_slr r = { .patient_id = d.pid, .side = HISTORY_SIDE_LEFT };

	r.taken_at = day_at(now, 14, 10);
	r.trial_deg[0] = 50.0;
	r.trial_deg[1] = 53.0;
	assert_int_equal(patient_slr_add(d.h, &r, NULL), 0);
	r.taken_at = now - 60;
	r.trial_deg[0] = 58.0;
	r.trial_deg[1] = 61.0;
	assert_int_equal(patient_slr_add(d.h, &r, NULL), 0);
	r.side = HISTORY_SIDE_RIGHT;
	r.taken_at = day_at(now, 7, 10);
	r.trial_deg[0] = 62.0;
	r.trial_deg[1] = 62.5;
	assert_int_equal(patient_slr_add(d.h, &r, NULL), 0);

	assert_int_equal(kiosk_progress_load(d.h, d.pid, now, pr), 0);
	assert_string_equal(pr->patient, "Ann");
	for (int day = 0; day < UI_PROGRESS_DAYS; day++) {
		if (pr->reps[day] != reps[day])
			print_error("day %d: %d reps, saved %d\n", day, pr->reps[day], reps[day]);
		assert_int_equal(pr->reps[day], reps[day]);
		assert_int_equal(pr->warned[day], warned[day]);
		assert_int_equal(pr->sessions[day], count[day]);
		assert_near(pr->work_s[day], work[day], 1e-6);
		assert_near(pr->best_deg[day], best[day], 1e-6);
		assert_near(pr->pain_before[day], count[day] ? pain_b[day] / count[day] : -1.0, 1e-9);
		assert_near(pr->pain_after[day], count[day] ? pain_a[day] / count[day] : -1.0, 1e-9);
	}
	assert_int_equal(pr->n_slr[0], 2);
	assert_near(pr->slr_deg[0][0], 51.5, 1e-9);
	assert_int_equal(pr->slr_days_ago[0][0], 14);
	assert_near(pr->slr_deg[0][1], 59.5, 1e-9);
	assert_int_equal(pr->slr_days_ago[0][1], 0);
	assert_int_equal(pr->n_slr[1], 1);
	assert_near(pr->slr_deg[1][0], 62.25, 1e-9);
	assert_int_equal(pr->slr_days_ago[1][0], 7);
	assert_near(pr->slr_mdc_deg, 3.3, 1e-9);
	assert_int_equal(pr->done_today, 1);
	assert_int_equal(pr->per_day, 2);
	assert_int_equal(kiosk_progress_load(d.h, d.pid + 99, now, pr), -ENOENT);

	/* on the kiosk: key p shows it, any key leaves it */
	struct kiosk *k = demo_kiosk();

	kiosk_set_patient(k, d.h, d.pid, "Ann");
	kiosk_command(k, UI_CMD_PROGRESS);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_PROGRESS);
	assert_int_equal(kiosk_view(k)->progress.reps[UI_PROGRESS_DAYS - 1], reps[UI_PROGRESS_DAYS - 1]);
	kiosk_command(k, UI_CMD_NEXT);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
	kiosk_set_patient(k, NULL, 0, NULL);
	kiosk_free(k);
	db_close(&d);
	free(s);
	free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_slr_both_sides_saved),
		cmocka_unit_test(replayed_sensor_marked_by_key),
		cmocka_unit_test(not_during_a_session_nor_without_patient),
		cmocka_unit_test(progress_sums_what_was_saved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
