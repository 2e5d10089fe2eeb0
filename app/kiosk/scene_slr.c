// SPDX-License-Identifier: MIT
/* The SLR and progress screenshot scenes (scene_slr.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/sim.h"
#include "core/sim_slr.h"
#include "core/slr.h"
#include "kiosk/scene.h"
#include "kiosk/scene_slr.h"
#include "store/patients.h"

#define SCENE_PATIENT "Alex Morgan"
#define SCENE_SLR_MAX_S 300.0

/* The scenes' own "now", 2026-11-30 12:00 UTC, not the clock's: a screenshot
 * (and the README's picture checked against it) must not change with the day
 * it is drawn on. */
#define SCENE_NOW ((int64_t)1796040000)

/* Unix time of hour:00 local, days_ago days before now's day. */
static int64_t day_at(int64_t now, int days_ago, int hour)
{
	time_t t = (time_t)now;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return now - (int64_t)days_ago * 86400;
	tm.tm_mday -= days_ago;
	tm.tm_hour = hour;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* A simulated SLR test of one side (the core over a passive raise, the
 * clinician's marks): its record for the patient. */
static int scene_slr_test(struct history *h, int64_t pid, enum history_side side, double truth_deg,
			  uint64_t seed, int64_t taken_at)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct sim_slr *sim = malloc(sizeof(*sim));
	struct slr *st = malloc(sizeof(*st));
	struct patient_slr rec;
	struct sample a, b;
	int next = 0, rc = -ENOMEM;

	if (!sim || !st)
		goto out;
	set.seed = seed;
	set.truth_deg = truth_deg;
	sim_slr_init(sim, &set);
	slr_init(st, NULL, false);
	while (sim_slr_next(sim, &a, &b)) {
		slr_update(st, &a, NULL);
		if (next < SIM_SLR_TRIALS && a.t_s >= sim->trial[next].mark_t_s)
			slr_mark(st, sim->trial[next++].mark_t_s);
	}
	rc = -ETIME;
	if (slr_get_result(st)->trials < SLR_TRIALS)
		goto out;
	memset(&rec, 0, sizeof(rec));
	rec.patient_id = pid;
	rec.side = side;
	rec.taken_at = taken_at;
	for (int i = 0; i < SLR_TRIALS; i++)
		rec.trial_deg[i] = slr_get_result(st)->trial[i].angle_deg;
	rc = patient_slr_add(h, &rec, NULL);
out:
	free(sim);
	free(st);
	return rc;
}

/* A simulated exercise session (the session core over the virtual
 * patient), saved for the patient as begun at started_at. */
static int scene_session(struct history *h, int64_t pid, enum history_side side, enum sim_scenario sc,
			 uint64_t seed, double seconds, int pain_before, int pain_after, int64_t started_at)
{
	struct sim_settings set = sim_default_settings;
	struct session_settings ss = session_default_settings;
	struct session *s = malloc(sizeof(*s));
	struct sim *sim = malloc(sizeof(*sim));
	struct motion_event ev[MOTION_MAX_EVENTS];
	struct history_meta meta;
	struct sample smp;
	int rc = -ENOMEM;

	if (!s || !sim)
		goto out;
	set.scenario = sc;
	set.seed = seed;
	set.duration_s = seconds;
	set.hold_warn_s = ss.motion.hold_warn_s;
	sim_init(sim, &set);
	session_init(s, &ss);
	while (sim_next(sim, &smp))
		session_update(s, &smp, ev);
	session_stop(s);
	history_meta_init(&meta);
	meta.patient_id = pid;
	meta.side = side;
	meta.pain_before = pain_before;
	meta.pain_after = pain_after;
	rc = history_save(h, s, &meta, started_at, started_at + (int64_t)seconds, NULL);
out:
	free(s);
	free(sim);
	return rc;
}

/* The kiosk of a scene: the simulated patient as its source (demo), the
 * patient's store. */
static int scene_kiosk(struct kiosk **out, struct history *h, int64_t pid)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src;
	int rc;

	kiosk_options_default(&ko);
	ko.mute = true;
	sim.seed = 7;
	rc = source_open_sim(&src, &sim, 1.0);
	if (rc)
		return rc;
	rc = kiosk_new(out, &ko, src, NULL);
	if (rc) {
		source_close(src);
		return rc;
	}
	kiosk_set_patient(*out, h, pid, SCENE_PATIENT);
	return 0;
}

int scene_slr_build(bool result, struct kiosk **out, double *now_s)
{
	struct scene_history sh = { .h = NULL };
	struct kiosk *k = NULL;
	int64_t now = SCENE_NOW, pid = 0;
	double t = 0.0;
	int rc;

	rc = scene_history_open(&sh);
	if (!rc)
		rc = patient_add(sh.h, SCENE_PATIENT, now, &pid);
	/* two weeks ago, the same leg */
	if (!rc)
		rc = scene_slr_test(sh.h, pid, HISTORY_SIDE_LEFT, 52.0, 5, day_at(now, 14, 10));
	if (!rc)
		rc = scene_kiosk(&k, sh.h, pid);
	if (!rc)
		rc = kiosk_slr_begin(k, HISTORY_SIDE_LEFT);
	while (!rc) {
		const struct ui_slr *s = &kiosk_view(k)->slr;

		if (result ? s->phase == UI_SLR_SIDE_DONE
			   : s->phase == UI_SLR_RAISE && s->n_trials == 1 && s->angle_deg > 36.0)
			break;
		if (t > SCENE_SLR_MAX_S) {
			rc = -ETIME;
			break;
		}
		t += UI_SCENE_FRAME_S;
		rc = kiosk_step(k, t);
		if (rc > 0)
			rc = -ETIME;
	}
	if (k)
		kiosk_set_patient(k, NULL, 0, NULL);   /* the store closes; what shows stays */
	scene_history_close(&sh);
	if (rc) {
		kiosk_free(k);
		return rc;
	}
	*out = k;
	*now_s = t;
	return 0;
}

int scene_progress_build(struct kiosk **out, double *now_s)
{
	/* three weeks: 0-2 sessions a day, pain easing, an SLR test a week
	 * with the legs loosening */
	static const int per_day[21] = { 2, 2, 1, 2, 0, 2, 2, 2, 1, 2, 2, 2, 2, 0, 2, 2, 2, 2, 2, 2, 1 };
	static const double slr_left[4] = { 50.0, 53.0, 57.0, 60.0 }, slr_right[4] = { 57.0, 58.0, 61.0, 63.0 };
	struct scene_history sh = { .h = NULL };
	struct kiosk *k = NULL;
	struct patient p;
	int64_t now = SCENE_NOW, pid = 0;
	int rc, n = 0;

	rc = scene_history_open(&sh);
	if (!rc)
		rc = patient_add(sh.h, SCENE_PATIENT, day_at(now, 22, 9), &pid);
	if (!rc)
		rc = patient_get(sh.h, pid, &p);
	if (!rc) {
		p.sessions_per_day = 2;
		rc = patient_set_rx(sh.h, &p);
	}
	for (int d = 20; !rc && d >= 0; d--) {
		for (int i = 0; !rc && i < per_day[20 - d]; i++) {
			int pain = 5 - (20 - d) / 5;   /* 5 easing to 1 */
			/* today's session began an hour ago at the latest */
			int64_t at = d ? day_at(now, d, 9 + 8 * i) : now - 3600;

			rc = scene_session(sh.h, pid, i ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT,
					   n % 3 == 2 ? SIM_HOLDS : SIM_DYNAMIC, 100 + (uint64_t)n, 70.0 + 10.0 * (n % 3),
					   pain, pain > 1 ? pain - 1 : pain, at);
			n++;
		}
	}
	for (int w = 0; !rc && w < 4; w++) {
		int64_t at = w < 3 ? day_at(now, 21 - 7 * w, 11) : now - 1800;

		rc = scene_slr_test(sh.h, pid, HISTORY_SIDE_LEFT, slr_left[w], 20 + (uint64_t)w, at);
		if (!rc)
			rc = scene_slr_test(sh.h, pid, HISTORY_SIDE_RIGHT, slr_right[w], 40 + (uint64_t)w, at + 300);
	}
	if (!rc)
		rc = scene_kiosk(&k, sh.h, pid);
	if (!rc)
		rc = kiosk_progress_begin(k, now);
	if (!rc)
		rc = kiosk_step(k, UI_SCENE_FRAME_S) < 0 ? -EIO : 0;
	if (k)
		kiosk_set_patient(k, NULL, 0, NULL);
	scene_history_close(&sh);
	if (rc) {
		kiosk_free(k);
		return rc;
	}
	*out = k;
	*now_s = UI_SCENE_FRAME_S;
	return 0;
}
