// SPDX-License-Identifier: MIT
/*
 * config against hand-written files whose problems are known line by line,
 * the shipped default file against the built-in defaults, and random lines
 * (which must never crash, and must always leave a configuration that checks
 * clean when written back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "source/imu_thread.h"
#include "source/source.h"
#include "testutil.h"

static struct config *new_cfg(void)
{
	struct config *c = malloc(sizeof(*c));

	assert_non_null(c);
	return c;
}

/* The effective settings as text (config_write), for whole-config compares. */
static char *dump(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(config_write(c, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* c holds exactly the built-in defaults (problems aside). */
static void assert_is_defaults(const struct config *c)
{
	struct config *def = new_cfg();
	char *a, *b;

	config_defaults(def);
	a = dump(c);
	b = dump(def);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(def);
}

/* The problem reported at line (the one containing words, when given), or
 * NULL. */
static const char *problem_with(const struct config *c, int line, const char *words)
{
	for (int i = 0; i < config_problems_kept(c); i++)
		if (c->problems[i].line == line && (!words || strstr(c->problems[i].text, words)))
			return c->problems[i].text;
	return NULL;
}

static const char *problem_at(const struct config *c, int line)
{
	return problem_with(c, line, NULL);
}

static void shipped_file_is_the_defaults(void **state)
{
	struct config *file = new_cfg(), *def = new_cfg();
	char *a, *b;

	(void)state;
	assert_int_equal(config_load(file, "assets/stretchrep.conf"), 0);
	for (int i = 0; i < config_problems_kept(file); i++)
		print_error("%s\n", file->problems[i].text);
	assert_int_equal(file->n_problems, 0);
	config_defaults(def);
	a = dump(file);
	b = dump(def);
	assert_string_equal(a, b);
	/* and the built-in defaults are the core's own */
	assert_near(def->session.motion.hold_warn_s, motion_default_settings.hold_warn_s, 0);
	assert_near(def->session.work_target_s, session_default_settings.work_target_s, 0);
	assert_near(def->session.motion.orient.gain_still_per_s, orient_default_settings.gain_still_per_s, 0);
	free(a);
	free(b);
	free(file);
	free(def);
}

static void good_values_are_applied(void **state)
{
	static const char text[] =
		"; every kind of value, none of them the default\r\n"
		"[sensor]\n"
		"bus = /dev/i2c-3\n"
		"address = 0x69\n"
		"rate_hz = 200 ; inline comment\n"
		"accel_range_g = 8\n"
		"gyro_range_dps = 2000\n"
		"[motion]\n"
		"    hold_warn_s = 15.5\n"          /* indented: still a key */
		"hold_prewarn_frac = 0.5\n"
		"rep_enter_deg = 6\n"
		"rep_min_peak_deg = 8\n"
		"[ session ]\n"
		"work_target_s = 90\n"
		"work_min_s = 60\n"
		"rest_gap_s = 0\n"
		"idle_finish_s = 0\n"
		"[gpio]\n"
		"chip = pinctrl-rp1\n"
		"start_line = 5\n"
		"calibrate_line = 6\n"
		"buzzer_line = none\n"
		"buttons_active_low = no\n"
		"[display]\n"
		"rotation = 270\n"
		"fullscreen = OFF\n"
		"width = 800\n"
		"height = 480\n"
		"[audio]\n"
		"volume = 0\n"
		"mute = yes\n";
	struct config *c = new_cfg();

	(void)state;
	assert_int_equal(config_load_string(c, text, "t.conf"), 0);
	for (int i = 0; i < config_problems_kept(c); i++)
		print_error("%s\n", c->problems[i].text);
	assert_int_equal(c->n_problems, 0);
	assert_string_equal(c->sensor.bus, "/dev/i2c-3");
	assert_int_equal(c->sensor.address, 0x69);
	assert_near(c->sensor.rate_hz, 200, 0);
	assert_int_equal(c->sensor.accel_range_g, 8);
	assert_int_equal(c->sensor.gyro_range_dps, 2000);
	assert_near(c->session.motion.hold_warn_s, 15.5, 0);
	assert_near(c->session.motion.hold_prewarn_frac, 0.5, 0);
	assert_near(c->session.motion.rep_enter_deg, 6, 0);
	assert_near(c->session.motion.rep_min_peak_deg, 8, 0);
	assert_near(c->session.motion.hold_min_s, motion_default_settings.hold_min_s, 0);
	assert_near(c->session.work_target_s, 90, 0);
	assert_near(c->session.work_min_s, 60, 0);
	assert_near(c->session.rest_gap_s, 0, 0);
	assert_near(c->idle_finish_s, 0, 0);   /* 0: never, besides [30, 3600] */
	assert_string_equal(c->gpio.chip, "pinctrl-rp1");
	assert_int_equal(c->gpio.start_line, 5);
	assert_int_equal(c->gpio.next_line, 27);   /* untouched default */
	assert_int_equal(c->gpio.calibrate_line, 6);
	assert_int_equal(c->gpio.buzzer_line, CONFIG_LINE_NONE);
	assert_false(c->gpio.buttons_active_low);
	assert_int_equal(c->display.rotation_deg, 270);
	assert_false(c->display.fullscreen);
	assert_int_equal(c->display.width, 800);
	assert_int_equal(c->display.height, 480);
	assert_int_equal(c->audio.volume, 0);
	assert_true(c->audio.mute);
	free(c);
}

/* One bad line each; the expected words of its message. */
struct bad_line {
	const char *line;
	const char *expect;
};

static const struct bad_line bad_lines[] = {
	{ "[sensor]", NULL },
	{ "bus = i2c-1", "bus: 'i2c-1' is not an absolute path" },
	{ "address = 0x80", "address: 0x80 is out of range" },
	{ "address = maybe", "address: 'maybe' is neither a number nor 'auto'" },
	{ "rate_hz = 24.9", "rate_hz: 24.9 is out of range [25, 1000]" },
	{ "rate_hz = 1001", "rate_hz: 1001 is out of range" },
	{ "rate_hz = 100Hz", "rate_hz: '100Hz' is not a number" },
	{ "rate_hz = nan", "rate_hz: 'nan' is not a number" },
	{ "rate_hz = inf", "rate_hz: 'inf' is not a number" },
	{ "rate_hz =", "rate_hz: empty value" },
	{ "accel_range_g = 3", "accel_range_g: 3 is not one of 2, 4, 8, 16" },
	{ "gyro_range_dps = 245", "gyro_range_dps: 245 is not one of" },
	{ "sample_rate = 100", "sample_rate: unknown key in [sensor]" },
	{ "[motion]", NULL },
	{ "hold_warn_s = 2.9", "hold_warn_s: 2.9 is out of range [3, 60]" },
	{ "hold_warn_s = 61", "hold_warn_s: 61 is out of range" },
	{ "hold_warn_s = -5", "hold_warn_s: -5 is out of range" },
	{ "hold_prewarn_frac = 1", "hold_prewarn_frac: 1 is out of range" },
	{ "rep_enter_deg = 0", "rep_enter_deg: 0 is out of range" },
	{ "rep_exit_frac = 0.95", "rep_exit_frac: 0.95 is out of range" },
	{ "calib_still_s = 1e9", "calib_still_s: 1e+09 is out of range" },
	{ "rest_follow_tau_s = 1e999", "rest_follow_tau_s: '1e999' is not a number" },
	{ "[session]", NULL },
	{ "work_target_s = 59", "work_target_s: 59 is out of range [60, 300]" },
	{ "work_target_s = 301", "work_target_s: 301 is out of range" },
	{ "rest_gap_s = 31", "rest_gap_s: 31 is out of range" },
	{ "idle_finish_s = 10", "idle_finish_s: 10 is out of range [30, 3600] (or 0)" },
	{ "[gpio]", NULL },
	{ "start_line = 256", "start_line: 256 is out of range [0, 255] (or 'none')" },
	{ "led_line = -1", "led_line: -1 is out of range" },
	{ "next_line = 1.5", "next_line: '1.5' is neither a number nor 'none'" },
	{ "buttons_active_low = maybe", "buttons_active_low: 'maybe' is not a yes/no value" },
	{ "chip = 0123456789012345678901234567890123456789012345678901234567890123456789",
	  "chip: longer than 63 characters" },
	{ "debounce_ms = 0", "debounce_ms: 0 is out of range" },
	{ "[display]", NULL },
	{ "rotation = 45", "rotation: 45 is not one of 0, 90, 180, 270" },
	{ "rotation = ninety", "rotation: 'ninety' is not a whole number" },
	{ "width = 100", "width: 100 is out of range [320, 7680] (or 0: automatic)" },
	{ "height = 99999999999999999999", "height: '99999999999999999999' is not a whole number" },
	{ "fullscreen = 2", "fullscreen: '2' is not a yes/no value" },
	{ "[audio]", NULL },
	{ "volume = 101", "volume: 101 is out of range [0, 100]" },
	{ "volume = 50%", "volume: '50%' is not a whole number" },
	{ "mute = ", "mute: empty value" },
	{ "[speakers]", "[speakers]: unknown section" },
	{ "volume = 101", NULL },   /* keys of an unknown section: only the header is reported */
	{ "[display", "syntax error: section header without ']'" },
	{ "[audio]", NULL },
	{ "just some words", "syntax error: expected 'key = value'" },
	{ "= 5", "syntax error: no key name before '='" },
};

/* Does bad line i set a known key that an earlier line of the same section
 * set already? Then it also gets "set again". */
static int repeats_key(int i)
{
	const char *eq = strchr(bad_lines[i].line, '=');
	size_t klen;
	int sec = -1;

	if (!eq || bad_lines[i].line[0] == '[')
		return 0;
	klen = (size_t)(eq - bad_lines[i].line);
	while (klen && bad_lines[i].line[klen - 1] == ' ')
		klen--;
	if (!klen || !strncmp(bad_lines[i].line, "sample_rate", klen))
		return 0;
	for (int j = i - 1; j >= 0 && sec < 0; j--)
		if (bad_lines[j].line[0] == '[' && strchr(bad_lines[j].line, ']'))
			sec = j;
	if (sec < 0 || strstr(bad_lines[sec].line, "speakers"))
		return 0;
	for (int j = sec + 1; j < i; j++)
		if (!strncmp(bad_lines[j].line, bad_lines[i].line, klen) &&
		    (bad_lines[j].line[klen] == ' ' || bad_lines[j].line[klen] == '='))
			return 1;
	return 0;
}

static void every_bad_line_gets_its_message(void **state)
{
	const int n = (int)(sizeof(bad_lines) / sizeof(bad_lines[0]));
	struct config *c = new_cfg();
	char *text = calloc(1, 8192);
	int expected = 0, k = 0;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < n; i++) {
		strcat(text, bad_lines[i].line);
		strcat(text, "\n");
		expected += bad_lines[i].expect != NULL;
		expected += repeats_key(i);
	}
	assert_int_equal(config_load_string(c, text, "bad.conf"), 0);
	assert_int_equal(c->n_problems, expected);
	for (int i = 0; i < n; i++) {
		const char *msg;
		char prefix[32];

		if (!bad_lines[i].expect)
			continue;
		k += 1 + repeats_key(i);   /* problems up to and with this line */
		if (k > CONFIG_MAX_PROBLEMS)
			continue;   /* past the cap: each_bad_line_alone checks it */
		msg = problem_with(c, i + 1, bad_lines[i].expect);
		if (!msg) {
			print_error("line %d (%s): no message\n", i + 1, bad_lines[i].line);
			fail();
		}
		snprintf(prefix, sizeof(prefix), "bad.conf:%d: ", i + 1);
		assert_memory_equal(msg, prefix, strlen(prefix));
		if (!strstr(msg, bad_lines[i].expect)) {
			print_error("line %d: got '%s', expected '%s'\n", i + 1, msg, bad_lines[i].expect);
			fail();
		}
	}
	/* every bad key kept its default: the result is the default config */
	assert_is_defaults(c);
	free(text);
	free(c);
}

/* The list is capped; lines past the cap are checked one by one. */
static void each_bad_line_alone(void **state)
{
	const int n = (int)(sizeof(bad_lines) / sizeof(bad_lines[0]));
	struct config *c = new_cfg();
	const char *section = "";

	(void)state;
	for (int i = 0; i < n; i++) {
		char text[512];

		if (bad_lines[i].line[0] == '[') {
			if (strchr(bad_lines[i].line, ']'))
				section = bad_lines[i].line;
			snprintf(text, sizeof(text), "%s\n", bad_lines[i].line);
		} else {
			snprintf(text, sizeof(text), "%s\n%s\n", section, bad_lines[i].line);
		}
		if (!bad_lines[i].expect)
			continue;
		assert_int_equal(config_load_string(c, text, "one.conf"), 0);
		assert_int_equal(c->n_problems, 1);
		if (!strstr(c->problems[0].text, bad_lines[i].expect)) {
			print_error("got '%s', expected '%s'\n", c->problems[0].text, bad_lines[i].expect);
			fail();
		}
	}
	free(c);
}

static void cap_counts_the_rest(void **state)
{
	struct config *c = new_cfg();
	char *text = calloc(1, 16384);

	(void)state;
	assert_non_null(text);
	strcat(text, "[audio]\n");
	for (int i = 0; i < CONFIG_MAX_PROBLEMS + 10; i++)
		strcat(text, "volume = loud\n");
	assert_int_equal(config_load_string(c, text, "x"), 0);
	/* each line: bad value; from the second on: also "set again" */
	assert_int_equal(c->n_problems, 2 * (CONFIG_MAX_PROBLEMS + 10) - 1);
	assert_int_equal(config_problems_kept(c), CONFIG_MAX_PROBLEMS);
	assert_int_equal(c->audio.volume, 70);
	free(text);
	free(c);
}

static void structure_problems(void **state)
{
	char longline[400];
	char text[1024];
	struct config *c = new_cfg();

	(void)state;
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "width=", 6);
	snprintf(text, sizeof(text),
		 "volume = 5\n"            /* 1: before any section */
		 "[audio]\n"
		 "volume = 10\n"
		 "volume = 20\n"           /* 4: again: reported, used */
		 "%s\n"                    /* 5: too long */
		 "[display]\n"
		 "width = 640\n", longline);
	assert_int_equal(config_load_string(c, text, "s.conf"), 0);
	assert_int_equal(c->n_problems, 3);
	assert_non_null(strstr(problem_at(c, 1), "volume: key before any [section]"));
	assert_non_null(strstr(problem_at(c, 4), "volume: set again (first at line 3)"));
	assert_non_null(strstr(problem_at(c, 5), "line too long"));
	assert_int_equal(c->audio.volume, 20);
	assert_int_equal(c->display.width, 640);
	free(c);
}

static void relations_between_keys(void **state)
{
	struct config *c = new_cfg();

	(void)state;
	assert_int_equal(config_load_string(c,
		"[session]\nwork_min_s = 100\nwork_target_s = 80\n"
		"[motion]\nhold_warn_s = 4\nhold_min_s = 5\n"
		"rep_min_peak_deg = 3\nrep_enter_deg = 5\n", "r.conf"), 0);
	assert_int_equal(c->n_problems, 3);
	/* reported on the later of the two lines, in file order */
	assert_int_equal(c->problems[0].line, 3);
	assert_non_null(strstr(c->problems[0].text, "work_min_s: 100 is above work_target_s (80)"));
	assert_near(c->session.work_min_s, 80, 0);
	assert_int_equal(c->problems[1].line, 6);
	assert_non_null(strstr(c->problems[1].text, "hold_min_s: 5 is too long for hold_warn_s = 4; the detector uses 2"));
	assert_near(c->session.motion.hold_min_s, 2, 0);
	assert_int_equal(c->problems[2].line, 8);
	assert_non_null(strstr(c->problems[2].text, "rep_min_peak_deg: 3 is below rep_enter_deg (5)"));
	assert_near(c->session.motion.rep_min_peak_deg, 5, 0);
	free(c);
}

/* check-config says what the detector will use (issue 11: with
 * hold_warn_s = 4 and hold_min_s = 3 it said 3 while the core used 2). The
 * oracle is the core itself: a session initialised with the settings. */
static void hold_min_is_what_the_detector_uses(void **state)
{
	static const double warn[] = { 4, 10, 3, 60 }, min[] = { 3, 6, 1.5, 10 };
	struct config *c = new_cfg();
	struct session *s = malloc(sizeof(*s));
	char text[96];

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < sizeof(warn) / sizeof(warn[0]); i++) {
		snprintf(text, sizeof(text), "[motion]\nhold_warn_s = %g\nhold_min_s = %g\n", warn[i], min[i]);
		assert_int_equal(config_load_string(c, text, "h.conf"), 0);
		session_init(s, &c->session);
		assert_near(c->session.motion.hold_min_s, s->motion.set.hold_min_s, 0);
		/* a changed value is reported; a kept one is not */
		assert_int_equal(c->n_problems, s->motion.set.hold_min_s != min[i]);
	}
	free(s);
	free(c);
}

static void unreadable_file(void **state)
{
	struct config *c = new_cfg();

	(void)state;
	assert_int_equal(config_load(c, "/nonexistent/stretchrep.conf"), -ENOENT);
	assert_int_equal(c->n_problems, 1);
	assert_int_equal(c->problems[0].line, 0);
	assert_string_equal(c->problems[0].text,
			    "/nonexistent/stretchrep.conf: No such file or directory; using the defaults");
	assert_is_defaults(c);
	free(c);
}

/* The kiosk's call: no file at the default path is not a problem. */
static void default_path_may_be_missing(void **state)
{
	struct config *c = new_cfg();

	(void)state;
	if (access(CONFIG_DEFAULT_PATH, F_OK) == 0) {
		free(c);
		fprintf(stderr, "skipped: %s exists here\n", CONFIG_DEFAULT_PATH);
		skip();
		return;   /* skip() does not return; says so to the analyzers */
	}
	assert_int_equal(config_load(c, NULL), 0);
	assert_int_equal(c->n_problems, 0);
	assert_is_defaults(c);
	free(c);
}

static void written_config_reads_back(void **state)
{
	struct config *c = new_cfg(), *d = new_cfg();
	char *a, *b;

	(void)state;
	assert_int_equal(config_load_string(c, "[sensor]\naddress=0x6b\n[motion]\nhold_warn_s=7.25\n"
					    "[gpio]\nled_line=none\n", "w"), 0);
	assert_int_equal(c->n_problems, 0);
	a = dump(c);
	assert_int_equal(config_load_string(d, a, "w2"), 0);
	assert_int_equal(d->n_problems, 0);
	b = dump(d);
	assert_string_equal(a, b);
	assert_int_equal(d->sensor.address, 0x6b);
	assert_near(d->session.motion.hold_warn_s, 7.25, 0);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* xorshift64*: a fixed-seed generator, so a failure reproduces */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

static void random_lines_never_crash(void **state)
{
	static const char *const pieces[] = {
		"[", "]", "=", ":", ";", "#", " ", "\t", "\r", "sensor", "motion", "session",
		"gpio", "display", "audio", "hold_warn_s", "rate_hz", "address", "volume",
		"rotation", "mute", "bus", "chip", "width", "work_min_s", "work_target_s",
		"hold_min_s", "led_line", "0x", "-", "1", "9", "0", ".", "e", "auto", "none",
		"true", "/dev/", "nan", "\xff\xfe", "\xef\xbb\xbf", "%s%n", "\\", "\"",
	};
	const unsigned np = sizeof(pieces) / sizeof(pieces[0]);
	struct config *c = new_cfg(), *d = new_cfg();
	char *text = malloc(8192);

	(void)state;
	assert_non_null(text);
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = 0;
		int lines = 1 + (int)rnd(30);
		char *a;

		for (int l = 0; l < lines; l++) {
			int parts = (int)rnd(12);

			for (int k = 0; k < parts && len < 7000; k++) {
				const char *p = pieces[rnd(np)];
				size_t pl = strlen(p);

				if (rnd(40) == 0) {
					/* now and then a very long run */
					size_t run = 150 + rnd(200);

					memset(text + len, 'a' + (int)rnd(26), run);
					len += run;
				} else {
					memcpy(text + len, p, pl);
					len += pl;
				}
			}
			text[len++] = '\n';
		}
		text[len] = '\0';
		assert_int_equal(config_load_string(c, text, "fuzz"), 0);
		assert_true(c->n_problems >= 0);
		for (int i = 0; i < config_problems_kept(c); i++) {
			assert_true(c->problems[i].line >= 0 && c->problems[i].line <= lines);
			assert_memory_equal(c->problems[i].text, "fuzz:", 5);
		}
		/* whatever came in, what is in force checks clean */
		a = dump(c);
		assert_int_equal(config_load_string(d, a, "again"), 0);
		if (d->n_problems) {
			print_error("input:\n%s\nwritten:\n%s\nfirst problem: %s\n", text, a, d->problems[0].text);
			fail();
		}
		free(a);
	}
	free(text);
	free(c);
	free(d);
}

/* Numbers the writer puts in a file read back as the same double (%.15g
 * did not: 10.000000000000002 came back as 10). */
static void written_numbers_read_back_exactly(void **state)
{
	struct config *c = new_cfg(), *d = new_cfg();
	char *a;

	(void)state;
	config_defaults(c);
	c->session.motion.hold_warn_s = 10.000000000000002;
	a = dump(c);
	assert_int_equal(config_load_string(d, a, "w"), 0);
	assert_int_equal(d->n_problems, 0);
	assert_true(d->session.motion.hold_warn_s == c->session.motion.hold_warn_s);
	free(a);
	free(c);
	free(d);
}

/* A UTF-8 byte order mark before the first section is no syntax error, and
 * the section after it is read. */
static void bom_before_the_first_section(void **state)
{
	struct config *c = new_cfg();

	(void)state;
	assert_int_equal(config_load_string(c, "\xEF\xBB\xBF[motion]\nhold_warn_s = 7\n", "bom"), 0);
	assert_int_equal(c->n_problems, 0);
	assert_near(c->session.motion.hold_warn_s, 7.0, 0);
	free(c);
}

/* A FIFO or a device given as the settings file is refused at once (a FIFO
 * nobody writes would block the kiosk's start for good). */
static void fifo_or_device_is_refused(void **state)
{
	char dir[] = "/tmp/stretchrep-config-XXXXXX", fifo[64];
	struct config *c = new_cfg();

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);   /* a hang fails the test rather than stalling make test */
	assert_int_equal(config_load(c, fifo), -EINVAL);
	assert_int_equal(c->n_problems, 1);
	assert_non_null(strstr(c->problems[0].text, "not a regular file"));
	assert_int_equal(config_load(c, "/dev/zero"), -EINVAL);
	assert_int_equal(config_load(c, dir), -EISDIR);
	assert_int_equal(config_load(c, "/dev/null"), 0);   /* the idiom for no settings */
	assert_int_equal(c->n_problems, 0);
	alarm(0);
	unlink(fifo);
	rmdir(dir);
	free(c);
}


/* [sensor] left and right (issue 15): one sensor per leg, mapped to the I/O
 * thread's two addresses by source_imu_config as the kiosk, probe and
 * record do; the same address twice is a problem; "none" is their 0. */
static void legs_sensors(void **state)
{
	struct config *c = new_cfg();
	struct imu_thread_config ic;
	enum leg legs[2];
	FILE *f;
	char *text = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(config_load_string(c, "[sensor]\nleft = 0x68\nright = 0x69\n", "l.conf"), 0);
	assert_int_equal(c->n_problems, 0);
	source_imu_config(&ic, &c->sensor);
	assert_int_equal(ic.imu.addr, 0x68);
	assert_int_equal(ic.addr2, 0x69);
	assert_int_equal(source_imu_legs(&c->sensor, legs), 2);
	assert_int_equal(legs[0], LEG_LEFT);
	assert_int_equal(legs[1], LEG_RIGHT);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(config_write(c, f), 0);
	fclose(f);
	assert_non_null(strstr(text, "left = 0x68\n"));
	assert_non_null(strstr(text, "right = 0x69\n"));
	free(text);

	assert_int_equal(config_load_string(c, "[sensor]\naddress = 0x6a\nright = 0x6b\n", "r.conf"), 0);
	source_imu_config(&ic, &c->sensor);
	assert_int_equal(ic.imu.addr, 0x6b);   /* right replaces address */
	assert_int_equal(ic.addr2, 0);
	assert_int_equal(source_imu_legs(&c->sensor, legs), 1);
	assert_int_equal(legs[0], LEG_RIGHT);

	assert_int_equal(config_load_string(c, "[sensor]\naddress = 0x6a\n", "a.conf"), 0);
	source_imu_config(&ic, &c->sensor);
	assert_int_equal(ic.imu.addr, 0x6a);
	assert_int_equal(source_imu_legs(&c->sensor, legs), 1);
	assert_int_equal(legs[0], LEG_UNKNOWN);

	assert_int_equal(config_load_string(c, "[sensor]\nleft = 0x68\nright = 0x68\n", "s.conf"), 0);
	assert_int_equal(c->n_problems, 1);
	assert_int_equal(c->problems[0].line, 3);
	assert_non_null(strstr(c->problems[0].text, "right: 0x68 is the left leg's sensor too"));
	assert_int_equal(c->sensor.right, 0);

	assert_int_equal(config_load_string(c, "[sensor]\nleft = auto\nright = none\n", "w.conf"), 0);
	assert_int_equal(c->n_problems, 1);
	assert_non_null(strstr(c->problems[0].text, "left: 'auto' is neither a number nor 'none'"));
	assert_int_equal(c->sensor.left, 0);
	assert_int_equal(c->sensor.right, 0);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_file_is_the_defaults),
		cmocka_unit_test(good_values_are_applied),
		cmocka_unit_test(every_bad_line_gets_its_message),
		cmocka_unit_test(each_bad_line_alone),
		cmocka_unit_test(cap_counts_the_rest),
		cmocka_unit_test(structure_problems),
		cmocka_unit_test(relations_between_keys),
		cmocka_unit_test(hold_min_is_what_the_detector_uses),
		cmocka_unit_test(unreadable_file),
		cmocka_unit_test(default_path_may_be_missing),
		cmocka_unit_test(written_config_reads_back),
		cmocka_unit_test(random_lines_never_crash),
		cmocka_unit_test(written_numbers_read_back_exactly),
		cmocka_unit_test(bom_before_the_first_section),
		cmocka_unit_test(fifo_or_device_is_refused),
		cmocka_unit_test(legs_sensors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
