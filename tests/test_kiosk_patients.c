// SPDX-License-Identifier: MIT
/*
 * The kiosk's patient flow, driven through kiosk_command (the commands a
 * touch, a key or a GPIO button gives) with the simulated patient on a
 * simulated clock, a real history in a temporary directory: picker -> pain
 * before -> session with the prescription -> symptom -> pain after -> the
 * session saved under the patient. The oracle is the database read with
 * SQLite directly (not through the code under test), and the numbers the
 * test itself stored or pressed.
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
#include <sqlite3.h>
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_history.h"
#include "kiosk/kiosk_patients.h"
#include "store/patients.h"
#include "testutil.h"

#define FRAME_S (1.0 / 60.0)

static char dir[64];
static char db_path[128];

static int setup(void **state)
{
	(void)state;
	return testutil_tmpdir(dir, "kpt", db_path, "h.sqlite3");
}

static int teardown(void **state)
{
	(void)state;
	return testutil_rmdir(dir);
}

/* Every row of a query, '|'-separated, one line each; NULL as "NULL". */
static void sql_dump(const char *sql, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t k = 0;

	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && k < n) {
		for (int c = 0; c < sqlite3_column_count(st) && k < n; c++) {
			const unsigned char *t = sqlite3_column_text(st, c);

			k += (size_t)snprintf(out + k, n - k, "%s%s", c ? "|" : "", t ? (const char *)t : "NULL");
		}
		if (k < n)
			k += (size_t)snprintf(out + k, n - k, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The test's world: a history with patients, a kiosk on the simulated
 * patient that saves what it finishes there. */
struct world {
	struct history *h;
	struct kiosk *k;
	double now;
	int saved;
	int ceiling_cues;
	int64_t ann, bob;
};

static void on_cue(void *ctx, enum kiosk_cue cue)
{
	struct world *w = ctx;

	w->ceiling_cues += cue == KIOSK_CUE_CEILING;
}

static void on_finished(void *ctx, const struct session *s, const struct history_meta *meta,
			struct ui_history *out)
{
	struct world *w = ctx;
	int64_t id;

	assert_int_equal(kiosk_history_record(w->h, 0, s, meta, (int64_t)time(NULL), &id, out), 0);
	w->saved++;
}

/* Ann (used last: first on the picker) with a prescription on her left
 * leg, Bob without; pin "" none. */
static void world_open_preset(struct world *w, bool with_patients, const char *pin, bool preset_ann);

static void world_open(struct world *w, bool with_patients, const char *pin)
{
	world_open_preset(w, with_patients, pin, false);
}

static void world_open_preset(struct world *w, bool with_patients, const char *pin, bool preset_ann)
{
	struct kiosk_options ko;
	struct kiosk_hooks hooks = { 0 };
	struct sim_settings sim = sim_default_settings;
	struct source *src;
	struct patient p;

	memset(w, 0, sizeof(*w));
	assert_int_equal(history_open(&w->h, db_path), 0);
	if (with_patients) {
		assert_int_equal(patient_add(w->h, "Bob", 1000, &w->bob), 0);
		assert_int_equal(patient_add(w->h, "Ann", 1001, &w->ann), 0);
		assert_int_equal(patient_touch(w->h, w->bob, 2000), 0);
		assert_int_equal(patient_touch(w->h, w->ann, 3000), 0);
		assert_int_equal(patient_get(w->h, w->ann, &p), 0);
		p.rx[0].hold_warn_s = 6;
		p.rx[0].ceiling_deg = 40;
		p.rx[0].zone_lo_deg = 20;
		p.rx[0].zone_hi_deg = 35;
		p.sides = PATIENT_SIDES_LEFT;
		assert_int_equal(patient_set_rx(w->h, &p), 0);
	}
	sim.seed = 3;
	sim.scenario = SIM_DYNAMIC;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.patients = w->h;
	snprintf(ko.clinician_pin, sizeof(ko.clinician_pin), "%s", pin);
	ko.patient_id = preset_ann ? w->ann : 0;   /* run --patient Ann */
	ko.symptom_margin_deg = 5.0;               /* [session] symptom_ceiling_margin_deg */
	hooks.ctx = w;
	hooks.session_finished_meta = on_finished;
	hooks.cue = on_cue;
	assert_int_equal(kiosk_new(&w->k, &ko, src, &hooks), 0);
	w->now = 1.0;
	assert_int_equal(kiosk_step(w->k, w->now), 0);
}

static void world_close(struct world *w)
{
	kiosk_free(w->k);
	history_close(w->h);
}

static void press(struct world *w, enum ui_cmd c)
{
	kiosk_command(w->k, c);
	w->now += FRAME_S;
	assert_int_equal(kiosk_step(w->k, w->now), 0);
}

/* A letter on the grid. */
static enum ui_cmd key(char c)
{
	return UI_CMD_ITEM(c - 'A');
}

static void run_for(struct world *w, double s)
{
	for (double end = w->now + s; w->now < end;) {
		w->now += FRAME_S;
		assert_int_equal(kiosk_step(w->k, w->now), 0);
	}
}

static const struct ui_view *view(const struct world *w)
{
	return kiosk_view(w->k);
}

/* The whole way, by the GPIO buttons (next / select) and by touch. */
static void picker_pain_session_pain_saved(void **state)
{
	struct world w;
	char rows[512], want[512];
	double angle;

	(void)state;
	world_open(&w, true, "");
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->screen, UI_SCREEN_PATIENTS);
	/* the last used first and highlighted, Guest after the names */
	assert_int_equal(view(&w)->pt.n_names, 2);
	assert_string_equal(view(&w)->pt.names[0], "Ann");
	assert_string_equal(view(&w)->pt.names[1], "Bob");
	assert_int_equal(view(&w)->pt.sel, 0);
	press(&w, UI_CMD_NEXT);
	press(&w, UI_CMD_NEXT);
	assert_int_equal(view(&w)->pt.sel, 2);   /* Guest */
	press(&w, UI_CMD_NEXT);
	assert_int_equal(view(&w)->pt.sel, 0);   /* round to Ann */
	press(&w, UI_CMD_START_PAUSE);            /* select */
	assert_int_equal(view(&w)->screen, UI_SCREEN_PAIN);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PAIN_BEFORE);
	press(&w, UI_CMD_ITEM(3));                 /* touch "3" */
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	/* Ann's prescription for her left leg runs the session */
	assert_near(kiosk_session(w.k)->set.motion.hold_warn_s, 6.0, 1e-9);
	assert_near(kiosk_session(w.k)->set.ceiling_deg, 40.0, 1e-9);
	assert_near(view(&w)->pt.zone_lo_deg, 20.0, 1e-9);
	assert_near(view(&w)->pt.zone_hi_deg, 35.0, 1e-9);
	assert_string_equal(view(&w)->pt.patient, "Ann");

	/* a symptom on the way up in a rep: the angle the screen showed */
	run_for(&w, 10.0);
	while (!(view(&w)->rep_peak_deg > 10 && view(&w)->angle_deg > 10))
		run_for(&w, FRAME_S);
	angle = view(&w)->angle_deg;
	kiosk_command(w.k, UI_CMD_SYMPTOM);
	run_for(&w, 2.0);                        /* the session goes on under the row */
	assert_true(view(&w)->pt.symptom_asking);
	press(&w, UI_CMD_ITEM(6));
	assert_false(view(&w)->pt.symptom_asking);
	assert_int_equal(view(&w)->pt.n_symptoms, 1);
	/* next on her exercise screen opens it too; Cancel keeps nothing */
	press(&w, UI_CMD_NEXT);
	assert_true(view(&w)->pt.symptom_asking);
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));
	run_for(&w, 20.0);

	press(&w, UI_CMD_FINISH_NOW);
	assert_int_equal(view(&w)->screen, UI_SCREEN_PAIN);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PAIN_AFTER);
	assert_int_equal(w.saved, 0);            /* the save waits for the answer */
	press(&w, UI_CMD_ITEM(5));
	assert_int_equal(w.saved, 1);
	assert_int_equal(view(&w)->screen, UI_SCREEN_SUMMARY);

	/* the summary says it, in the words and numbers pressed */
	{
		struct ui *ui;
		const struct ui_text_rec *t;
		char err[256], line[96];
		bool found = false;

		snprintf(line, sizeof(line), "pain 3 before, 5 after; symptom at %.0f°, 6/10", angle);
		assert_int_equal(ui_open_offscreen(&ui, 800, 480, err, sizeof(err)), 0);
		assert_int_equal(ui_draw(ui, view(&w), 0.0), 0);
		int whose = 0;

		for (int i = 0, n = ui_texts(ui, &t); i < n; i++) {
			found |= !strcmp(t[i].text, line);
			whose += !strcmp(t[i].text, "Ann: session complete");
		}
		if (!found)
			print_error("no \"%s\" on the summary\n", line);
		assert_true(found);
		assert_int_equal(whose, 1);
		ui_close(ui);
	}
	sql_dump("SELECT patient_id, side, pain_before, pain_after, hold_warn_s FROM sessions", rows, sizeof(rows));
	snprintf(want, sizeof(want), "%lld|left|3|5|6.0\n", (long long)w.ann);
	assert_string_equal(rows, want);
	/* a sound cue for each pass over her ceiling, as many as were logged */
	sql_dump("SELECT count(*) FROM marks WHERE kind = 'ceiling'", rows, sizeof(rows));
	assert_true(w.ceiling_cues > 0);
	assert_int_equal(atoi(rows), w.ceiling_cues);
	sql_dump("SELECT kind, rating, round(angle_deg, 3) FROM marks WHERE kind = 'symptom'", rows, sizeof(rows));
	{
		int rating = -1;
		double deg = -1;

		/* the number read, not its text: SQLite's and printf's digits differ */
		assert_int_equal(sscanf(rows, "symptom|%d|%lf", &rating, &deg), 2);
		assert_int_equal(rating, 6);
		assert_near(deg, angle, 1e-3);
	}
	world_close(&w);
}

/* run --patient on a home station: no picker, but the pain questions; the
 * settings are the ones run folded her prescription into (ko.set), not
 * folded again here. */
static void preset_patient_is_asked_too(void **state)
{
	struct world w;
	char rows[128], want[64];

	(void)state;
	world_open_preset(&w, true, "", true);
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->screen, UI_SCREEN_PAIN);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PAIN_BEFORE);
	press(&w, UI_CMD_ITEM(2));
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	assert_string_equal(view(&w)->pt.patient, "Ann");
	assert_near(kiosk_session(w.k)->set.motion.hold_warn_s, session_default_settings.motion.hold_warn_s, 1e-9);
	run_for(&w, 20.0);
	press(&w, UI_CMD_FINISH_NOW);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PAIN_AFTER);
	press(&w, UI_CMD_ITEM(1));
	snprintf(want, sizeof(want), "%lld|left|2|1\n", (long long)w.ann);
	sql_dump("SELECT patient_id, side, pain_before, pain_after FROM sessions", rows, sizeof(rows));
	assert_string_equal(rows, want);
	world_close(&w);
}

/* Her next session's ceiling comes down to 5° below the angle of the
 * symptom she rated (read back from the database): symptom_margin_deg. */
static void next_ceiling_follows_the_symptom(void **state)
{
	struct world w;
	char rows[128];
	double deg = -1;

	(void)state;
	world_open(&w, true, "");
	press(&w, UI_CMD_START_PAUSE);
	press(&w, UI_CMD_ITEM(0));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));
	assert_near(kiosk_session(w.k)->set.ceiling_deg, 40.0, 1e-9);   /* none before */
	run_for(&w, 5.0);
	while (!(view(&w)->angle_deg > 12 && view(&w)->angle_deg < 30))
		run_for(&w, FRAME_S);
	press(&w, UI_CMD_SYMPTOM);
	press(&w, UI_CMD_ITEM(4));
	run_for(&w, 10.0);
	press(&w, UI_CMD_FINISH_NOW);
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));
	sql_dump("SELECT angle_deg FROM marks WHERE kind = 'symptom'", rows, sizeof(rows));
	assert_int_equal(sscanf(rows, "%lf", &deg), 1);
	assert_true(deg > 12 && deg < 30);
	press(&w, UI_CMD_START_PAUSE);            /* New session */
	press(&w, UI_CMD_ITEM(0));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));
	assert_near(kiosk_session(w.k)->set.ceiling_deg, deg - 5.0, 1e-6);
	assert_near(view(&w)->pt.ceiling_deg, deg - 5.0, 1e-6);
	world_close(&w);
}

static void no_patients_starts_at_once(void **state)
{
	struct world w;

	(void)state;
	world_open(&w, false, "");
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	assert_string_equal(view(&w)->pt.patient, "");
	world_close(&w);
}

/* A walk-in: no questions, saved with no patient, and the picker hides an
 * archived patient. */
static void guest_and_archived(void **state)
{
	struct world w;
	char rows[256];

	(void)state;
	world_open(&w, true, "");
	assert_int_equal(patient_archive(w.h, w.bob, true), 0);
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->pt.n_names, 1);
	assert_string_equal(view(&w)->pt.names[0], "Ann");
	press(&w, UI_CMD_ITEM(1));                 /* Guest, by touch */
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	assert_near(kiosk_session(w.k)->set.motion.hold_warn_s, session_default_settings.motion.hold_warn_s, 1e-9);
	run_for(&w, 20.0);
	press(&w, UI_CMD_FINISH_NOW);
	assert_int_equal(view(&w)->screen, UI_SCREEN_SUMMARY);
	assert_int_equal(w.saved, 1);
	sql_dump("SELECT patient_id, pain_before, pain_after FROM sessions", rows, sizeof(rows));
	assert_string_equal(rows, "NULL|NULL|NULL\n");
	world_close(&w);
}

/* Left alone on the pain after, the session is still kept; left on the
 * picker, the start screen comes back. */
static void left_alone(void **state)
{
	struct world w;
	char rows[256];

	(void)state;
	world_open(&w, true, "");
	press(&w, UI_CMD_START_PAUSE);
	run_for(&w, KIOSK_PT_IDLE_S + 1);
	assert_int_equal(view(&w)->screen, UI_SCREEN_START);
	press(&w, UI_CMD_START_PAUSE);
	press(&w, UI_CMD_ITEM(0));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));   /* pain before skipped */
	run_for(&w, 20.0);
	press(&w, UI_CMD_FINISH_NOW);
	assert_int_equal(view(&w)->screen, UI_SCREEN_PAIN);
	run_for(&w, KIOSK_PT_IDLE_S - 1);
	assert_int_equal(w.saved, 0);
	run_for(&w, 2);
	assert_int_equal(w.saved, 1);
	assert_int_equal(view(&w)->screen, UI_SCREEN_SUMMARY);
	sql_dump("SELECT pain_before, pain_after FROM sessions", rows, sizeof(rows));
	assert_string_equal(rows, "NULL|NULL\n");
	world_close(&w);
}

/* A patient's session finished before anything was counted is not kept:
 * no pain question for it, and an open symptom row closes with it. */
static void empty_session_asks_nothing(void **state)
{
	struct world w;

	(void)state;
	world_open(&w, true, "");
	press(&w, UI_CMD_START_PAUSE);
	press(&w, UI_CMD_ITEM(0));
	press(&w, UI_CMD_ITEM(0));
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	assert_int_equal(view(&w)->reps, 0);
	press(&w, UI_CMD_SYMPTOM);
	assert_true(view(&w)->pt.symptom_asking);
	press(&w, UI_CMD_FINISH_NOW);
	assert_int_equal(view(&w)->screen, UI_SCREEN_SUMMARY);
	assert_false(view(&w)->pt.symptom_asking);
	press(&w, UI_CMD_START_PAUSE);              /* New session: the picker again */
	assert_int_equal(view(&w)->screen, UI_SCREEN_PATIENTS);
	world_close(&w);
}

static void page_fits(const struct world *w, const char *what);

/* More patients than a page holds: five names and "More patients", the
 * last used first; More pages on and round; the one chosen on the second
 * page is the one whose session it is (the database's order is the oracle:
 * last_used_at set by the test). */
static void picker_pages_through_many(void **state)
{
	struct world w;
	char name[16], rows[128], want[64];
	int64_t id[8];

	(void)state;
	world_open(&w, false, "");
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "P%d", i);
		assert_int_equal(patient_add(w.h, name, 100, &id[i]), 0);
		assert_int_equal(patient_touch(w.h, id[i], 1000 - i), 0);   /* P0 used last */
	}
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->pt.n_names, UI_PT_NAMES - 1);
	assert_true(view(&w)->pt.more);
	assert_string_equal(view(&w)->pt.names[0], "P0");
	assert_string_equal(view(&w)->pt.names[4], "P4");
	page_fits(&w, "picker with More");
	press(&w, UI_CMD_ITEM(view(&w)->pt.n_names + 1));   /* More */
	assert_int_equal(view(&w)->pt.n_names, 3);
	assert_string_equal(view(&w)->pt.names[0], "P5");
	/* by the buttons: next past the names, Guest, More: round to P0 */
	for (int i = 0; i < 3 + 1; i++)   /* from P5: P6, P7, Guest, More */
		press(&w, UI_CMD_NEXT);
	assert_int_equal(view(&w)->pt.sel, view(&w)->pt.n_names + 1);
	press(&w, UI_CMD_START_PAUSE);
	assert_string_equal(view(&w)->pt.names[0], "P0");
	press(&w, UI_CMD_ITEM(view(&w)->pt.n_names + 1));
	press(&w, UI_CMD_ITEM(1));                          /* P6 */
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SKIP));
	assert_string_equal(view(&w)->pt.patient, "P6");
	run_for(&w, 20.0);
	press(&w, UI_CMD_FINISH_NOW);
	press(&w, UI_CMD_ITEM(1));
	snprintf(want, sizeof(want), "%lld|NULL|1\n", (long long)id[6]);
	sql_dump("SELECT patient_id, pain_before, pain_after FROM sessions", rows, sizeof(rows));
	assert_string_equal(rows, want);
	/* the clinician's list pages the same way */
	press(&w, UI_CMD_NEXT);                             /* the summary read */
	press(&w, UI_CMD_CLINICIAN);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_LIST);
	assert_true(view(&w)->pt.more);
	assert_string_equal(view(&w)->pt.names[0], "P6");  /* just used */
	page_fits(&w, "list with More");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_MORE));
	assert_string_equal(view(&w)->pt.names[0], "P4");
	world_close(&w);
}

static void pin_accepts_and_refuses(void **state)
{
	static const int wrong[] = { 1, 2, 3, 4 }, right[] = { 4, 3, 2, 1 };
	struct world w;

	(void)state;
	world_open(&w, true, "4321");
	press(&w, UI_CMD_CLINICIAN);
	assert_int_equal(view(&w)->screen, UI_SCREEN_CLINICIAN);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PIN);
	for (int i = 0; i < 4; i++)
		press(&w, UI_CMD_ITEM(wrong[i]));
	assert_int_equal(view(&w)->pt.pin_len, 4);
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_PIN_OK));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_PIN);
	assert_true(view(&w)->pt.pin_wrong);
	assert_int_equal(view(&w)->pt.pin_len, 0);
	/* with Del: 4, 3, 9, Del, 2, 1 */
	press(&w, UI_CMD_ITEM(right[0]));
	press(&w, UI_CMD_ITEM(right[1]));
	press(&w, UI_CMD_ITEM(9));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_PIN_DEL));
	press(&w, UI_CMD_ITEM(right[2]));
	press(&w, UI_CMD_ITEM(right[3]));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_PIN_OK));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_LIST);
	assert_int_equal(view(&w)->pt.n_names, 2);
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_DONE));
	assert_int_equal(view(&w)->screen, UI_SCREEN_START);
	/* never over a session */
	press(&w, UI_CMD_START_PAUSE);
	press(&w, UI_CMD_ITEM(2));                 /* Guest */
	press(&w, UI_CMD_CLINICIAN);
	assert_int_equal(view(&w)->screen, UI_SCREEN_EXERCISE);
	world_close(&w);
}

/* The letter grid by touch, then by the two buttons alone; the names and
 * the prescription read back from the database. */
static void letter_grid_and_steppers(void **state)
{
	struct world w;
	struct patient p;
	char rows[512], want[256], q[256];

	(void)state;
	world_open(&w, true, "");
	press(&w, UI_CMD_CLINICIAN);               /* no PIN: the list at once */
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_LIST);
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_ADD));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_NAME);
	/* "Dan O": a capital first and after a space; Del takes one back */
	press(&w, key('D'));
	press(&w, key('A'));
	press(&w, key('X'));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_DEL));
	press(&w, key('N'));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SPACE));
	press(&w, key('O'));
	assert_string_equal(view(&w)->pt.entry, "Dan O");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_NAME_OK));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_EDIT);
	sql_dump("SELECT name FROM patients ORDER BY id", rows, sizeof(rows));
	assert_string_equal(rows, "Bob\nAnn\nDan O\n");

	/* the steppers: hold + from the default (10 s), work - twice; then
	 * the right leg's ceiling + from none */
	press(&w, UI_CMD_ITEM(2 * UI_PT_RX_HOLD + 1));
	press(&w, UI_CMD_ITEM(2 * UI_PT_RX_WORK));
	press(&w, UI_CMD_ITEM(2 * UI_PT_RX_WORK));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_SIDE));
	press(&w, UI_CMD_ITEM(2 * UI_PT_RX_CEILING + 1));
	press(&w, UI_CMD_ITEM(2 * UI_PT_RX_PER_DAY + 1));
	assert_int_equal(patient_find(w.h, "Dan O", false, &p), 0);
	snprintf(want, sizeof(want), "left|%.1f|%.1f|NULL\nright|NULL|NULL|5.0\n",
		 session_default_settings.motion.hold_warn_s + 1, session_default_settings.work_target_s - 20);
	snprintf(q, sizeof(q), "SELECT side, hold_warn_s, work_target_s, ceiling_deg FROM prescriptions "
		 "WHERE patient_id = %lld ORDER BY side", (long long)p.id);
	sql_dump(q, rows, sizeof(rows));
	assert_string_equal(rows, want);
	snprintf(q, sizeof(q), "SELECT sessions_per_day FROM patients WHERE id = %lld", (long long)p.id);
	sql_dump(q, rows, sizeof(rows));
	assert_string_equal(rows, "2\n");

	/* rename by the buttons alone: next walks the grid, select types */
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_RENAME));
	assert_string_equal(view(&w)->pt.entry, "Dan O");
	for (int i = 0; i < 3; i++)
		press(&w, UI_CMD_NEXT);                /* A -> D */
	press(&w, UI_CMD_START_PAUSE);             /* "Dan Od" */
	assert_string_equal(view(&w)->pt.entry, "Dan Od");
	while (view(&w)->pt.sel != UI_PT_ITEM_NAME_OK)
		press(&w, UI_CMD_NEXT);
	press(&w, UI_CMD_START_PAUSE);
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_EDIT);
	sql_dump("SELECT name FROM patients ORDER BY id", rows, sizeof(rows));
	assert_string_equal(rows, "Bob\nAnn\nDan Od\n");

	/* a taken name is refused and said */
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_RENAME));
	for (int i = 0; i < 6; i++)
		press(&w, UI_CMD_ITEM(UI_PT_ITEM_DEL));
	press(&w, key('A'));
	press(&w, key('N'));
	press(&w, key('N'));
	assert_string_equal(view(&w)->pt.entry, "Ann");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_NAME_OK));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_NAME);
	assert_non_null(strstr(view(&w)->pt.message, "taken"));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_NAME_CANCEL));

	/* archive: hidden from the list and the picker, sessions kept */
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_ARCHIVE));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_LIST);
	assert_int_equal(view(&w)->pt.n_names, 2);
	sql_dump("SELECT name, archived FROM patients ORDER BY id", rows, sizeof(rows));
	assert_string_equal(rows, "Bob|0\nAnn|0\nDan Od|1\n");
	/* the clinician leaves after the idle timeout too */
	run_for(&w, KIOSK_PT_IDLE_S + 1);
	assert_int_equal(view(&w)->screen, UI_SCREEN_START);
	world_close(&w);
}

/* Every text of the frame inside its box and on the screen, and at least
 * 14 px on the 800x480 (480x800) design, at three sizes: the pages the
 * screenshot scenes do not show (PIN pad, list, letter grid, symptom row,
 * pain after, a patient's summary). */
static void page_fits(const struct world *w, const char *what)
{
	static const int sizes[][2] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 } };

	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		int W = sizes[z][0], H = sizes[z][1], n;
		double unit = W > H ? (W / 800.0 < H / 480.0 ? W / 800.0 : H / 480.0) :
				      (W / 480.0 < H / 800.0 ? W / 480.0 : H / 800.0);
		const struct ui_text_rec *t;
		struct ui *ui;
		char err[256];

		assert_int_equal(ui_open_offscreen(&ui, W, H, err, sizeof(err)), 0);
		assert_int_equal(ui_draw(ui, view(w), 0.0), 0);
		n = ui_texts(ui, &t);
		assert_true(n >= 3);
		for (int i = 0; i < n; i++) {
			const struct ui_rect *r = &t[i].rect, *b = &t[i].box;
			bool inside = r->x >= b->x && r->y >= b->y && r->x + r->w <= b->x + b->w &&
				      r->y + r->h <= b->y + b->h && b->x >= 0 && b->y >= 0 && b->x + b->w <= W &&
				      b->y + b->h <= H;

			if (!inside || t[i].px < 14 * unit - 1e-9) {
				print_error("%s %dx%d: \"%s\" at %d px, %d,%d %dx%d in %d,%d %dx%d\n", what, W, H,
					    t[i].text, t[i].px, r->x, r->y, r->w, r->h, b->x, b->y, b->w, b->h);
				fail();
			}
		}
		ui_close(ui);
	}
}

static void every_page_fits(void **state)
{
	struct world w;

	(void)state;
	world_open(&w, true, "1234");
	press(&w, UI_CMD_CLINICIAN);
	press(&w, UI_CMD_ITEM(7));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_PIN_OK));
	page_fits(&w, "wrong PIN");
	for (int i = 1; i <= 4; i++)
		press(&w, UI_CMD_ITEM(i));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_PIN_OK));
	page_fits(&w, "list");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_ADD));
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_NAME_OK));          /* nothing typed: said */
	assert_string_equal(view(&w)->pt.message, "type a name first");
	page_fits(&w, "letter grid saying why");
	for (int i = 0; i < PATIENT_NAME_MAX + 2; i++)   /* the longest name, and more keys */
		press(&w, UI_CMD_ITEM(i % 2 ? UI_PT_ITEM_SPACE : 'W' - 'A'));
	assert_int_equal(strlen(view(&w)->pt.entry), PATIENT_NAME_MAX);
	page_fits(&w, "letter grid");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_NAME_OK));
	assert_int_equal(view(&w)->pt.page, UI_PT_PAGE_EDIT);
	page_fits(&w, "a long name's prescription");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_BACK));
	page_fits(&w, "list of three");
	press(&w, UI_CMD_ITEM(UI_PT_ITEM_DONE));
	press(&w, UI_CMD_START_PAUSE);
	page_fits(&w, "picker of three");
	press(&w, UI_CMD_ITEM(1));
	press(&w, UI_CMD_ITEM(10));
	run_for(&w, 15);
	press(&w, UI_CMD_SYMPTOM);
	page_fits(&w, "symptom");
	press(&w, UI_CMD_ITEM(10));
	press(&w, UI_CMD_SYMPTOM);
	press(&w, UI_CMD_ITEM(9));
	press(&w, UI_CMD_FINISH_NOW);
	page_fits(&w, "pain after");
	press(&w, UI_CMD_ITEM(10));
	page_fits(&w, "summary");
	world_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(picker_pain_session_pain_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(no_patients_starts_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(preset_patient_is_asked_too, setup, teardown),
		cmocka_unit_test_setup_teardown(next_ceiling_follows_the_symptom, setup, teardown),
		cmocka_unit_test_setup_teardown(guest_and_archived, setup, teardown),
		cmocka_unit_test_setup_teardown(left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_session_asks_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(picker_pages_through_many, setup, teardown),
		cmocka_unit_test_setup_teardown(pin_accepts_and_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(letter_grid_and_steppers, setup, teardown),
		cmocka_unit_test_setup_teardown(every_page_fits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
