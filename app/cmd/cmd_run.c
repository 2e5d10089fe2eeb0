// SPDX-License-Identifier: MIT
/*
 * stretchrep run — the kiosk (or, --headless, the same pipeline printing
 * JSON lines).
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "cmd/doctor.h"
#include "config.h"
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_export.h"
#include "kiosk/kiosk_gpio.h"
#include "kiosk/kiosk_history.h"
#include "kiosk/kiosk_net.h"
#include "kiosk/notify.h"
#include "kiosk/watchdog.h"
#include "net/station.h"
#include "source/imu_thread.h"
#include "store/history.h"
#include "store/patients.h"

#define RUN_FIND_SENSOR_S 2.0   /* how long to look for a sensor before the demo */
/* Headless with a sensor and --seconds: the next session starts this long
 * after a summary (the person settles back on the mat). */
#define RUN_HEADLESS_RESTART_S 5.0

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: stretchrep run [--window] [--simulate|--replay FILE] [--speed N] [--headless]\n"
		"                      [--seconds S] [--rotate DEG] [--hold-warn S] [--volume V] [--mute]\n"
		"  --window          a desktop window instead of fullscreen\n"
		"  --size WxH        window size (default 1280x720)\n"
		"  --simulate        the simulated patient (labelled DEMO); the default without a sensor\n"
		"  --scenario NAME   simulation: demo (default), dynamic, holds, fast, slow, small, ...\n"
		"  --seed N          simulation seed (default 1)\n"
		"  --replay FILE     replay a trace file, paced by its own time\n"
		"  --speed N         run N times faster than real time (simulate, replay)\n"
		"  --headless        no display: print events as JSON lines on stdout\n"
		"  --seconds S       stop after S seconds of sample time (headless with a sensor:\n"
		"                    session after session until then)\n"
		"  --rotate DEG      rotate the output 0, 90, 180 or 270 degrees clockwise\n"
		"  --software        force the software renderer\n"
		"  --hold-warn S     static-hold warning threshold, s ([motion] hold_warn_s, default %.0f)\n"
		"  --work-target S   the session ends at this much work time, s (default %.0f; 0: never)\n"
		"  --volume V        cue volume, %% ([audio] volume);  --mute: no sound\n"
		"  --config FILE     settings (default %s; options here win)\n"
		"  --mode MODE       stretch (default) or massage (the self-massage timer, [session] massage_s)\n"
		"  --sides SIDES     one (default) or left-right: the left leg, then the sensor moves to the right\n"
		"  --tempo-out S, --tempo-in S  a metronome: S into the stretch, S back out ([session] tempo_*_s)\n"
		"  --history FILE    the session history, SQLite (default: %s in the state\n"
		"                    directory). Kept: a patient's sessions, --headless --simulate's;\n"
		"                    other simulated or replayed ones only when this is given\n"
		"  --patient NAME    a patient of the history (stretchrep patient add): their\n"
		"                    prescription applies (options here win) and sessions are theirs\n"
		"  --side left|right the leg worked, one of the patient's (default: their first)\n"
		"  --pain-before N, --pain-after N   the patient's pain 0-10, saved with each session\n"
		"Keys: Space start/pause, c calibrate, f finish, Esc/q quit.\n",
		motion_default_settings.hold_warn_s, session_default_settings.work_target_s, CONFIG_DEFAULT_PATH,
		HISTORY_FILE_NAME);
}

/* The kiosk's options from the settings (cli_config_open: --config FILE,
 * else CONFIG_DEFAULT_PATH when it exists, read before the other options so
 * that they override it). A file with problems still runs the kiosk (bad
 * keys keep their defaults): the problems went to stderr, and a notice goes
 * on the start screen. */
static void run_apply_config(const struct config *cfg, struct kiosk_options *ko)
{
	ko->set = cfg->session;
	ko->idle_finish_s = cfg->idle_finish_s;
	ko->modes.tempo.out_s = cfg->tempo_out_s;
	ko->modes.tempo.in_s = cfg->tempo_in_s;
	ko->modes.massage.duration_s = cfg->massage_s;
	ko->ui.rotation_deg = cfg->display.rotation_deg;
	ko->ui.window = !cfg->display.fullscreen;
	ko->ui.width = cfg->display.width;
	ko->ui.height = cfg->display.height;
	ko->volume = cfg->audio.volume / 100.0;
	ko->mute = cfg->audio.mute;
	if (cfg->n_problems)
		snprintf(ko->notice, sizeof(ko->notice), "settings: %d problem%s (stretchrep check-config)",
			 cfg->n_problems, cfg->n_problems == 1 ? "" : "s");
}

/* The real sensor, as the settings describe it. Found: *src is it. A bus
 * but no answer yet: *live is the sensor source, still looking, for the
 * demo to hand over to when it answers (a kiosk booted with the sensor
 * unplugged). No bus at all (a desktop, I2C off): neither, the demo. */
static void run_find_sensor(const struct config *cfg, struct source **src, struct source **live)
{
	struct imu_thread_config ic;
	struct source *s = NULL;
	char why[256];
	int rc;

	source_imu_config(&ic, &cfg->sensor);
	rc = source_find_imu(&s, &ic, RUN_FIND_SENSOR_S, why, sizeof(why));
	if (rc == 0 || rc == -EAGAIN) {   /* the I/O thread runs: how it is scheduled, once */
		struct source_status st;

		source_get_status(s, &st);
		if (st.sched[0])
			fprintf(stderr, "stretchrep run: sensor thread: %s\n", st.sched);
	}
	if (rc == 0) {
		*src = s;
		return;
	}
	if (rc == -EAGAIN) {
		fprintf(stderr, "stretchrep run: no sensor yet (%s): the demo plays until one answers\n", why);
		*live = s;
		return;
	}
	fprintf(stderr, "stretchrep run: no sensor (%s): demo with the simulated patient\n", why);
}

/* The first of doctor's start checks that fails (I2C off, the user not in
 * a device's group, no sound device), said once here and on the start
 * screen instead of a green dot. The groups are the running user's. */
static void run_setup_line(const struct config *cfg, struct kiosk_options *ko)
{
	struct passwd pwb = { .pw_name = NULL }, *pw = NULL;
	char buf[1024];

	if (getpwuid_r(getuid(), &pwb, buf, sizeof(buf), &pw) != 0)
		pw = NULL;   /* then the service's user */
	const struct doctor_env env = { .root = getenv(DOCTOR_ROOT_ENV), .user = pw ? pw->pw_name : NULL,
					.cfg = cfg, .at_start = true };

	if (doctor_first_failure(&env, ko->setup, sizeof(ko->setup)) > 0)
		fprintf(stderr, "stretchrep run: setup: %s (stretchrep doctor checks it all)\n", ko->setup);
}

/* What a real run attaches to the kiosk's hooks, in one place. */
struct run_ctx {
	struct source *src;          /* a demo's or a replay's sessions are nobody's history */
	bool keep_demo;              /* ... unless asked for: --history, or --headless --simulate */
	bool replay;                 /* the samples are a trace file's (history: "replay") */
	struct kiosk_gpio *gpio;     /* NULL: no buttons, buzzer, LED */
	struct history *history;     /* NULL: sessions are not kept */
	int history_rc;              /* why history is NULL (0: not wanted) */
	struct kiosk_history_queue unsaved;   /* tried again on later frames */
	bool ready_sent;
	struct watchdog_gate watchdog;
	struct net_station *net;     /* NULL: no [network] broker (the default) */
	struct history_meta meta;    /* saved with each session: patient, side, pain */
	struct kiosk_mode_info info; /* what the session about to be saved was (mode_info) */
	bool have_info;
	int64_t left_id;             /* the left half of a left-then-right set, saved (0: not) */
	struct kiosk_export *usb;    /* NULL: no USB-stick export (headless, no history) */
};

static int run_usb_fd(void *ctx)
{
	return kiosk_export_fd(((struct run_ctx *)ctx)->usb);
}

static bool run_usb(void *ctx, char *notice, size_t len)
{
	return kiosk_export_handle(((struct run_ctx *)ctx)->usb, notice, len);
}

static void run_cue(void *ctx, enum kiosk_cue cue)
{
	struct run_ctx *r = ctx;

	if (r->gpio)
		kiosk_gpio_cue(r->gpio, cue);
}

static enum ui_cmd run_poll_input(void *ctx)
{
	struct run_ctx *r = ctx;

	return r->gpio ? kiosk_gpio_poll(r->gpio) : UI_CMD_NONE;
}

static int run_input_fd(void *ctx)
{
	return kiosk_gpio_fd(((struct run_ctx *)ctx)->gpio);
}

static double run_input_due_s(void *ctx)
{
	return kiosk_gpio_due_s(((struct run_ctx *)ctx)->gpio);
}

static void run_mode_info(void *ctx, const struct kiosk_mode_info *info)
{
	struct run_ctx *r = ctx;

	r->info = *info;   /* its tempo deviations stay the kiosk's, valid through session_finished */
	r->have_info = true;
}

/* What is saved with a session: run --patient's (who, side, pain from the
 * options) with what the screen asked (pain, symptoms), or the kiosk's own
 * (the patient chosen on the picker, or none). */
static void run_meta(const struct run_ctx *r, const struct history_meta *kiosk, struct history_meta *out)
{
	*out = r->meta;
	if (!kiosk)
		return;
	if (!r->meta.patient_id) {
		*out = *kiosk;
		return;
	}
	if (kiosk->pain_before != HISTORY_PAIN_NOT_ASKED)
		out->pain_before = kiosk->pain_before;
	if (kiosk->pain_after != HISTORY_PAIN_NOT_ASKED)
		out->pain_after = kiosk->pain_after;
	out->n_symptoms = kiosk->n_symptoms;
	memcpy(out->symptoms, kiosk->symptoms, sizeof(out->symptoms));
}

/* The session's own record: the mode and side it ran, the halves of a
 * left-then-right set linked (set_id: the left half's id), the tempo's
 * deviation per rep. */
static void run_session_meta(const struct run_ctx *r, const struct history_meta *kiosk,
			     struct history_meta *m)
{
	run_meta(r, kiosk, m);
	if (!r->have_info)
		return;
	m->mode = r->info.mode == UI_MODE_MASSAGE ? HISTORY_MODE_MASSAGE : HISTORY_MODE_STRETCH;
	if (r->info.side != UI_SIDE_NONE)
		m->side = r->info.side == UI_SIDE_LEFT ? HISTORY_SIDE_LEFT : HISTORY_SIDE_RIGHT;
	m->set_id = r->info.second_half ? r->left_id : 0;
	m->tempo_dev_s = r->info.tempo_dev_s;
	m->n_tempo_dev = r->info.n_tempo_dev;
}

/* The history: every finished session with reps or holds, of a patient
 * (or of the simulated one when asked for). A failure is logged, said on
 * the summary screen, and the kiosk goes on (store/history.h). */
static void run_session_finished(void *ctx, const struct session *s, const struct history_meta *kiosk_meta,
				 struct ui_history *out)
{
	struct run_ctx *r = ctx;
	struct source_status st;
	struct session_summary sum;
	struct history_meta meta;
	bool massage = r->have_info && r->info.mode == UI_MODE_MASSAGE;
	int64_t id = -1;
	int rc;

	source_get_status(r->src, &st);
	session_get_summary(s, &sum);
	run_session_meta(r, kiosk_meta, &meta);
	r->left_id = 0;
	/* a massage is kept for its time, reps or not */
	if ((st.demo && !r->keep_demo) || (sum.reps == 0 && sum.holds == 0 && !(massage && sum.work_s > 0)))
		return;
	const char *source = r->replay ? "replay" : st.demo ? "demo" : "sensor";

	history_set_source(r->history, source);
	rc = kiosk_history_record(r->history, r->history_rc, s, &meta, (int64_t)time(NULL), &id, out);
	if (rc == 0 && r->have_info && r->info.side == UI_SIDE_LEFT && !r->info.second_half)
		r->left_id = id;
	if (r->net && net_station_session(r->net, s, (int64_t)time(NULL), "", NULL))
		fprintf(stderr, "stretchrep run: network: session not queued: out of memory\n");
	if (!r->history)
		return;   /* said when it failed to open */
	if (rc && kiosk_history_queue_push(&r->unsaved, s, &meta, source, (int64_t)time(NULL), rc) == 0) {
		const char *sql = history_errmsg(r->history);

		fprintf(stderr, "stretchrep run: history: session not saved yet: %s%s%s%s: will retry%s\n",
			strerror(-rc), sql[0] ? " (" : "", sql, sql[0] ? ")" : "",
			r->unsaved.spool_rc ? "" : " (kept in the spool meanwhile)");
		/* on the screen too: a session only in memory is lost if the
		 * kiosk stops (the spool could not be written: the same full
		 * or read-only disk, say) */
		snprintf(out->why, sizeof(out->why), "%s: %s", kiosk_history_why(rc),
			 r->unsaved.spool_rc || !r->unsaved.spool_dir[0] ? "in memory only" : "will retry");
	} else if (rc)
		fprintf(stderr, "stretchrep run: history: session not saved: %s (%s)\n", strerror(-rc),
			history_errmsg(r->history));
	else
		fprintf(stderr, "stretchrep run: history: session %lld saved, %d reps\n", (long long)id, sum.reps);
}

static void run_spool_log(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "stretchrep run: history: %s\n", msg);
}

/* The history the kiosk keeps: history_path, else the default one.
 * 0/-errno; err gets the path for the log. */
static int run_open_history(const char *history_path, struct history **h, char *err, size_t len)
{
	int rc;

	if (!history_path)
		return history_open_default(h, err, len);
	snprintf(err, len, "%s", history_path);
	rc = history_make_parent_dirs(history_path);
	return rc ? rc : history_open(h, history_path);
}

/* The patient's mode when the options chose none (ko->modes.mode still
 * STRETCH and not mode_given): their massage, or both legs (left then
 * right, each side its own prescription) unless --side named one; their
 * tempo for the side when the settings set none. */
static void run_patient_modes(const struct patient *p, enum history_side side, bool side_given, bool mode_given,
			      struct history *h, const struct config *cfg, struct kiosk_options *ko)
{
	const struct patient_rx *rx = patient_rx_for(p, side);
	double symptom_deg = 0.0;

	if (!mode_given && p->mode == HISTORY_MODE_MASSAGE)
		ko->modes.mode = UI_MODE_MASSAGE;
	else if (!mode_given && !side_given && p->sides == PATIENT_SIDES_BOTH && side == HISTORY_SIDE_LEFT)
		ko->modes.mode = UI_MODE_LEFT_RIGHT;
	if (ko->modes.tempo.out_s <= 0 && rx->tempo_out_s > 0 && rx->tempo_in_s > 0)
		ko->modes.tempo = (struct tempo_settings){ .out_s = rx->tempo_out_s, .in_s = rx->tempo_in_s };
	if (ko->modes.mode != UI_MODE_LEFT_RIGHT)
		return;
	ko->modes.right = cfg->session;
	if (patient_last_symptom(h, p->id, HISTORY_SIDE_RIGHT, &symptom_deg, NULL))
		symptom_deg = 0.0;
	patient_rx_apply(p, HISTORY_SIDE_RIGHT, symptom_deg, cfg->symptom_ceiling_margin_deg, &ko->modes.right);
	ko->modes.have_right = true;
}

/* --patient: the patient's prescription for side into ko->set (the
 * settings file's values where it sets none; the ceiling kept below the
 * last symptom when the settings ask for it) and the session metadata.
 * 0, or the exit status said on stderr. */
static int run_apply_patient(struct history *h, const char *hpath, const char *name, enum history_side side,
			     bool mode_given, const struct config *cfg, struct kiosk_options *ko,
			     struct history_meta *meta)
{
	struct patient p;
	double symptom_deg = 0.0;
	int rc = patient_find(h, name, false, &p);

	if (rc == -ENOENT) {
		fprintf(stderr, "stretchrep run: --patient: no patient '%s' in %s (stretchrep patient add, "
			"patient list)\n", name, hpath);
		return EXIT_USAGE;
	}
	if (rc) {
		fprintf(stderr, "stretchrep run: --patient: %s: %s\n", hpath, strerror(-rc));
		return 1;
	}
	bool side_given = side != HISTORY_SIDE_NONE;

	if (side == HISTORY_SIDE_NONE)
		side = patient_first_side(&p);
	/* a leg the prescription leaves out may be one not to stretch */
	if (!(p.sides & (side == HISTORY_SIDE_LEFT ? PATIENT_SIDES_LEFT : PATIENT_SIDES_RIGHT))) {
		fprintf(stderr, "stretchrep run: --side %s: %s works the %s side only (stretchrep patient set "
			"'%s' --side both, if both are meant)\n", history_side_name(side), p.name,
			patient_sides_name(p.sides), p.name);
		return EXIT_USAGE;
	}
	rc = patient_last_symptom(h, p.id, side, &symptom_deg, NULL);
	if (rc == -ENOENT) {
		symptom_deg = 0.0;   /* none yet */
	} else if (rc) {   /* the ceiling below it would silently lapse */
		fprintf(stderr, "stretchrep run: --patient: %s: the last symptom of %s: %s (%s)\n", hpath, p.name,
			strerror(-rc), history_errmsg(h));
		return 1;
	}
	patient_rx_apply(&p, side, symptom_deg, cfg->symptom_ceiling_margin_deg, &ko->set);
	patient_touch(h, p.id, (int64_t)time(NULL));
	meta->patient_id = p.id;
	run_patient_modes(&p, side, side_given, mode_given, h, cfg, ko);
	meta->side = side;
	meta->mode = p.mode;
	fprintf(stderr, "stretchrep run: patient %s, %s side: hold warning %g s, work target %g s, ceiling %s%g\n",
		p.name, history_side_name(side), ko->set.motion.hold_warn_s, ko->set.work_target_s,
		ko->set.ceiling_deg > 0 ? "" : "none ", ko->set.ceiling_deg);
	return 0;
}

/* The clinic board's live state (net/station.h: a copy into a slot). */
static void run_view(void *ctx, const struct ui_view *v)
{
	struct run_ctx *r = ctx;
	struct net_live l;

	kiosk_net_live(v, &l);
	net_station_live(r->net, &l);
}

/* systemd: ready once the first frame is on the screen; the watchdog is
 * fed by frames (the idle screen still draws every second), and only while
 * the I/O thread, when there is one, turns too (kiosk/watchdog.h). */
static void run_frame_presented(void *ctx, double now_s)
{
	struct run_ctx *r = ctx;
	uint64_t turns = 0;
	int64_t id;
	bool have_io;

	if (kiosk_history_queue_retry(&r->unsaved, r->history, now_s, &id) == 1)
		fprintf(stderr, "stretchrep run: history: session %lld saved on a retry\n", (long long)id);
	if (!r->ready_sent) {
		notify_ready();
		r->ready_sent = true;
	}
	have_io = source_io_progress(r->src, &turns) == 0;
	if (watchdog_gate_frame(&r->watchdog, now_s, have_io, turns))
		notify_watchdog();
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "window", no_argument, NULL, 'W' },
		{ "size", required_argument, NULL, 'z' },
		{ "simulate", no_argument, NULL, 's' },
		{ "scenario", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'e' },
		{ "replay", required_argument, NULL, 'r' },
		{ "speed", required_argument, NULL, 'x' },
		{ "headless", no_argument, NULL, 'H' },
		{ "seconds", required_argument, NULL, 't' },
		{ "rotate", required_argument, NULL, 'R' },
		{ "software", no_argument, NULL, 'S' },
		{ "hold-warn", required_argument, NULL, 'w' },
		{ "work-target", required_argument, NULL, 'T' },
		{ "volume", required_argument, NULL, 'v' },
		{ "mute", no_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "history", required_argument, NULL, 'D' },
		{ "mode", required_argument, NULL, 'M' },
		{ "sides", required_argument, NULL, 'L' },
		{ "tempo-out", required_argument, NULL, 'O' },
		{ "tempo-in", required_argument, NULL, 'I' },
		{ "patient", required_argument, NULL, 'P' },
		{ "side", required_argument, NULL, 'i' },
		{ "pain-before", required_argument, NULL, 'b' },
		{ "pain-after", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kiosk_options ko;
	struct config *cfg = NULL;
	struct sim_settings sim = sim_default_settings;
	struct source *src = NULL, *live = NULL;
	bool live_fallback = false;   /* the demo until the sensor answers */
	const char *replay = NULL, *history_path = NULL, *patient = NULL;
	struct history *hist = NULL;  /* opened early for --patient */
	struct history_meta meta;
	double speed = 1.0, v, opt_hold_warn = -1.0, opt_work_target = -1.0;
	bool simulate = false, massage = false, left_right = false, mode_given = false;
	char err[512];
	int c, rc;

	kiosk_options_default(&ko);
	history_meta_init(&meta);
	rc = cli_config_open("run", argc, argv, "h", opts, &cfg);
	if (rc)
		return rc;
	run_apply_config(cfg, &ko);
	sim.scenario = SIM_DEMO;
	sim.seed = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			ko.ui.window = true;
			break;
		case 'z':
			if (cli_parse_size("--size", optarg, &ko.ui.width, &ko.ui.height))
				goto usage;
			break;
		case 's':
			simulate = true;
			break;
		case 'n':
			rc = sim_scenario_from_name(optarg);
			if (rc < 0) {
				fprintf(stderr, "stretchrep run: --scenario: unknown scenario '%s'\n", optarg);
				goto usage;
			}
			sim.scenario = (enum sim_scenario)rc;
			simulate = true;
			break;
		case 'e':
			if (cli_parse_double("--seed", optarg, 0, 4294967295.0, &v))
				goto usage;
			sim.seed = (uint64_t)v;
			break;
		case 'r':
			replay = optarg;
			break;
		case 'x':
			if (cli_parse_double("--speed", optarg, 0.01, 100000.0, &speed))
				goto usage;
			break;
		case 'H':
			ko.headless = true;
			break;
		case 't':
			if (cli_parse_double("--seconds", optarg, 0.001, 1e7, &ko.seconds))
				goto usage;
			break;
		case 'R':
			if (cli_parse_double("--rotate", optarg, 0, 270, &v))
				goto usage;
			if (v != 0 && v != 90 && v != 180 && v != 270) {
				fprintf(stderr, "stretchrep run: --rotate: must be 0, 90, 180 or 270\n");
				goto usage;
			}
			ko.ui.rotation_deg = (int)v;
			break;
		case 'S':
			ko.ui.software = true;
			break;
		case 'w':
			if (cli_parse_key("--hold-warn", "motion", "hold_warn_s", optarg, &opt_hold_warn))
				goto usage;
			break;
		case 'T':
			if (cli_parse_double("--work-target", optarg, 0.0, 3600.0, &opt_work_target))
				goto usage;
			break;
		case 'P':
			patient = optarg;
			break;
		case 'i':
			if (history_side_parse(optarg, &meta.side)) {
				fprintf(stderr, "stretchrep run: --side: '%s' is not left or right\n", optarg);
				goto usage;
			}
			break;
		case 'b':
		case 'a':
			if (cli_parse_double(c == 'b' ? "--pain-before" : "--pain-after", optarg, 0, HISTORY_PAIN_MAX, &v))
				goto usage;
			if (v != (int)v) {
				fprintf(stderr, "stretchrep run: --pain-%s: %g is not a whole number 0-%d\n",
					c == 'b' ? "before" : "after", v, HISTORY_PAIN_MAX);
				goto usage;
			}
			*(c == 'b' ? &meta.pain_before : &meta.pain_after) = (int)v;
			break;
		case 'v':
			if (cli_set_config(cfg, "--volume", "audio", "volume", optarg))
				goto usage;
			ko.volume = cfg->audio.volume / 100.0;
			break;
		case 'm':
			ko.mute = true;
			break;
		case 'c':   /* read before the other options, which override it */
			break;
		case 'D':
			history_path = optarg;
			break;
		case 'M':   /* the session's mode (the start screen still offers the others) */
			if (strcmp(optarg, "stretch") != 0 && strcmp(optarg, "massage") != 0) {
				fprintf(stderr, "stretchrep run: --mode: '%s' is not stretch or massage\n", optarg);
				goto usage;
			}
			massage = strcmp(optarg, "massage") == 0;
			mode_given = true;
			break;
		case 'L':
			if (strcmp(optarg, "one") != 0 && strcmp(optarg, "left-right") != 0) {
				fprintf(stderr, "stretchrep run: --sides: '%s' is not one or left-right\n", optarg);
				goto usage;
			}
			left_right = strcmp(optarg, "left-right") == 0;
			mode_given = true;
			break;
		case 'O':
			if (cli_parse_key("--tempo-out", "session", "tempo_out_s", optarg, &ko.modes.tempo.out_s))
				goto usage;
			break;
		case 'I':
			if (cli_parse_key("--tempo-in", "session", "tempo_in_s", optarg, &ko.modes.tempo.in_s))
				goto usage;
			break;
		case 'h':
			run_usage(stdout);
			free(cfg);
			return 0;
		default:
			run_usage(stderr);
			goto usage;
		}
	}
	if (optind != argc) {
		run_usage(stderr);
		goto usage;
	}
	if (massage && left_right) {
		fprintf(stderr, "stretchrep run: --mode massage is one timer: not with --sides left-right\n");
		goto usage;
	}
	ko.modes.mode = massage ? UI_MODE_MASSAGE : left_right ? UI_MODE_LEFT_RIGHT : UI_MODE_STRETCH;
	if ((ko.modes.tempo.out_s > 0) != (ko.modes.tempo.in_s > 0)) {
		fprintf(stderr, "stretchrep run: a tempo needs both --tempo-out and --tempo-in (or both settings)\n");
		goto usage;
	}
	if (simulate && replay) {
		fprintf(stderr, "stretchrep run: --simulate and --replay exclude each other\n");
		goto usage;
	}
	/* settings file < the patient's prescription < these options */
	if (patient) {
		rc = run_open_history(history_path, &hist, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "stretchrep run: --patient: history %s: %s\n", err, strerror(-rc));
			free(cfg);
			return 1;
		}
		rc = run_apply_patient(hist, err, patient, meta.side, mode_given, cfg, &ko, &meta);
		if (rc) {
			history_close(hist);
			free(cfg);
			return rc;
		}
	}
	if (opt_hold_warn >= 0.0)
		ko.set.motion.hold_warn_s = ko.modes.right.motion.hold_warn_s = opt_hold_warn;
	if (opt_work_target >= 0.0)
		ko.set.work_target_s = ko.modes.right.work_target_s = opt_work_target;
	sim.hold_warn_s = ko.set.motion.hold_warn_s;
	ko.auto_start = ko.headless;
	if (replay) {
		rc = source_open_replay(&src, replay, speed, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "stretchrep run: %s\n", err);
			history_close(hist);
			goto usage;
		}
	} else if (!simulate) {
		run_find_sensor(cfg, &src, &live);
		cfg->audio.mute |= ko.mute;
		run_setup_line(cfg, &ko);
	}
	if (!src) {   /* --simulate, or no sensor: the demo */
		rc = source_open_sim(&src, &sim, speed);
		if (!rc && live) {
			struct source *demo = src;

			rc = source_wrap_fallback(&src, live, demo);
			if (rc)
				source_close(demo);
			else {
				live = NULL;   /* the fallback owns it */
				live_fallback = true;
			}
		}
		if (rc) {
			fprintf(stderr, "stretchrep run: simulation: %s\n", strerror(-rc));
			source_close(live);
			history_close(hist);
			free(cfg);
			return 1;
		}
		/* a demo plays by itself, at --speed (headless too: session
		 * after session until --seconds) */
		ko.start_after_s = 4.0 / speed;
		ko.restart_s = 20.0 / speed;
	} else if (!replay && ko.headless && ko.seconds > 0) {
		/* a headless station on the sensor: session after session */
		ko.restart_s = RUN_HEADLESS_RESTART_S;
	}
	/* simulated sessions are kept for tests and demos (issue: run --headless
	 * --simulate --speed N saves them), never from a patient's kiosk screen */
	struct run_ctx run = { .unsaved = { .log = run_spool_log }, .src = src,
				.keep_demo = (simulate && ko.headless) || history_path,
				.replay = replay != NULL, .meta = meta };
	struct kiosk_hooks hooks = {
		.ctx = &run, .cue = run_cue, .poll_input = run_poll_input,
		.input_fd = run_input_fd, .input_due_s = run_input_due_s,
		.session_finished_meta = run_session_finished, .frame_presented = run_frame_presented,
		.mode_info = run_mode_info,
	};
	/* Buttons, buzzer and LED when this is a Pi with them wired (quietly
	 * none elsewhere). */
	rc = kiosk_gpio_open(&run.gpio, &cfg->gpio);
	if (rc == 0)
		fprintf(stderr, "stretchrep run: buttons, buzzer, LED on %s\n",
			kiosk_gpio_describe(run.gpio, err, sizeof(err)));
	else if (rc != -ENOENT)
		fprintf(stderr, "stretchrep run: GPIO: %s%s\n", strerror(-rc),
			rc == -EACCES || rc == -EPERM ? " (add the user to the gpio group)" :
			rc == -EBUSY ? " (a line is in use by another program)" : "");
	if (!run.gpio) {   /* nothing to poll: let the loop sleep */
		hooks.poll_input = NULL;
		hooks.input_fd = NULL;
		hooks.input_due_s = NULL;
	}
	/* The history, for a patient's sessions (a demo or a replay keeps none
	 * unless asked for). */
	struct source_status st;
	source_get_status(src, &st);
	if (hist && st.demo && !live_fallback && !run.keep_demo) {
		history_close(hist);   /* a demo on the screen is nobody's session */
		hist = NULL;
	}
	if (!st.demo || live_fallback || run.keep_demo) {
		if (hist) {   /* --patient's */
			run.history = hist;
			rc = 0;
		} else {
			rc = run_open_history(history_path, &run.history, err, sizeof(err));
		}
		if (rc)
			fprintf(stderr, "stretchrep run: history: %s: %s: sessions will not be kept\n", err,
				strerror(-rc));
		run.history_rc = rc;
		if (!rc && !kiosk_history_queue_spool(&run.unsaved, err)) {
			/* sessions not saved yet survive a restart there: the
			 * ones an earlier run left are saved now (one try each;
			 * a busy history leaves them to the frames' retries) */
			int64_t id;

			for (int i = 0; i < 64 && kiosk_history_queue_retry(&run.unsaved, run.history, 0.0, &id) == 1; i++)
				if (id < 0)
					fprintf(stderr, "stretchrep run: history: a session in %s was saved already"
						" (its file removed)\n", run.unsaved.spool_dir);
				else
					fprintf(stderr, "stretchrep run: history: session %lld saved on a retry"
						" (from %s)\n", (long long)id, run.unsaved.spool_dir);
		}
		/* what the last session found of the sensor, for the start screen */
		struct history_entry last;

		if (!rc && history_recent(run.history, &last, 1) == 1)
			ko.last_gyro = last.sum.gyro;
		/* the patients live in the history: the picker, the clinician's mode;
		 * --patient's sessions are all theirs (ko.set has their prescription) */
		ko.patients = run.history;
		ko.patient_id = run.meta.patient_id;
		ko.patient_side = run.meta.side;
		snprintf(ko.clinician_pin, sizeof(ko.clinician_pin), "%.8s", cfg->clinician_pin);   /* 1-8 digits */
		ko.symptom_margin_deg = cfg->symptom_ceiling_margin_deg;
	}
	/* The clinic board, when [network] names a broker (off by default). */
	if (cfg->network.broker[0]) {
		char why[256];

		rc = net_station_open(&run.net, &cfg->network, run.history ? err : NULL, why, sizeof(why));
		if (rc)
			fprintf(stderr, "stretchrep run: network: %s: no clinic board\n", why);
		else
			hooks.view = run_view;
	}
	/* A USB stick at KIOSK_EXPORT_DIR takes the history and the reports
	 * (the file run_open_history opened, named again: err has moved on). */
	char usb_db[PATH_MAX];

	if (history_path)
		snprintf(usb_db, sizeof(usb_db), "%s", history_path);
	else if (history_default_path(usb_db, sizeof(usb_db)))
		usb_db[0] = '\0';
	if (run.history && !ko.headless && usb_db[0] &&
	    kiosk_export_open(&run.usb, KIOSK_EXPORT_DIR, usb_db, NULL, NULL) == 0) {
		hooks.watch_fd = run_usb_fd;
		hooks.watch = run_usb;
	}
	watchdog_gate_init(&run.watchdog, notify_watchdog_interval_us() / 1e6);
	rc = kiosk_run(&ko, src, &hooks);
	notify_stopping();
	/* the last chances of sessions still waiting (about a second), then
	 * they are lost */
	for (int i = 0; i < 10 && run.unsaved.n; i++) {
		int64_t id;

		run.unsaved.next_try_s = 0.0;   /* due now */
		if (kiosk_history_queue_retry(&run.unsaved, run.history, 0.0, &id) == 1)
			fprintf(stderr, "stretchrep run: history: session %lld saved on a retry\n", (long long)id);
		else
			nanosleep(&(struct timespec){ .tv_nsec = 50000000 }, NULL);
	}
	if (run.unsaved.n)
		fprintf(stderr, "stretchrep run: history: %d session(s) not saved: %s; %d of them lost, the "
			"others kept in %s for the next start\n", run.unsaved.n, strerror(-run.unsaved.last_rc),
			kiosk_history_queue_unspooled(&run.unsaved), run.unsaved.spool_dir);
	kiosk_history_queue_free(&run.unsaved);
	net_station_close(run.net);
	kiosk_export_close(run.usb);
	history_close(run.history);
	kiosk_gpio_close(run.gpio);
	free(cfg);
	return rc;

usage:
	free(cfg);
	return EXIT_USAGE;
}
