// SPDX-License-Identifier: MIT
/*
 * config — INI settings through libinih, every key range-checked.
 *
 * libinih does the parsing; this file adds what it lacks for a clinician's
 * file: the line number of every problem (libinih r55 as packaged by Debian
 * is built without INI_HANDLER_LINENO, so we feed it lines ourselves through
 * ini_parse_stream and count them), one message per bad line instead of only
 * the first error line, and the table of known keys.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <ini.h>
#include "config.h"
#include "core/motion.h"

#define CONFIG_MAX_FILE_BYTES (64 * 1024)

enum key_type {
	K_DOUBLE,
	K_INT,
	K_BOOL,
	K_STRING,
	K_PATH,     /* a string that must be an absolute path */
	K_ADDRESS,  /* "auto" or a 7-bit I2C address */
	K_LINE,     /* "none" or a GPIO line offset */
	K_CHOICE,   /* an int from a short list */
};

#define F_ZERO_OK 1  /* 0 is accepted besides [lo, hi] ("automatic", or "never": the help says) */
#define F_EMPTY_OK 2 /* K_STRING, K_PATH: "" is accepted (none, off) */
#define F_NONE 4     /* K_ADDRESS: 0 is written "none" (no sensor there), not "auto" */

/* Who sets a key: the clinician's settings are shown apart from the
 * detector's tuning and the installation (--dump, README). */
enum key_who {
	WHO_CLINICIAN,
	WHO_DETECTOR,
	WHO_INSTALLER,
};

static const char *const who_names[] = {
	[WHO_CLINICIAN] = "clinician",
	[WHO_DETECTOR] = "detector tuning",
	[WHO_INSTALLER] = "installation",
};

/* One row per setting (STYLE.md 16): the parser, config_defaults,
 * config_write (check-config --dump, assets/stretchrep.conf), config_set (the
 * command-line options) and config_write_markdown (README's table) all read
 * it. def is the default as written in the file; NULL for the [motion] and
 * [session] keys, whose defaults are the core's (session_default_settings):
 * the core owns them, the table only shows them. */
struct key_def {
	const char *section;
	const char *name;
	enum key_type type;
	size_t off;          /* offset in struct config */
	double lo, hi;
	unsigned flags;
	const int *choices;  /* K_CHOICE: list ending with -1 */
	const char *def;     /* default, as in the file; NULL: the core's */
	const char *unit;    /* "s", "deg", "Hz", "%", ...; "" for none */
	enum key_who who;
	const char *help;    /* one line, what the key does */
	/* K_STRING: a further check of a non-empty value (0 or -EINVAL with
	 * the reason), and what it accepts, for the documents */
	int (*check)(const char *v, char *why, size_t wlen);
	const char *range;
};

static const int accel_ranges[] = { 2, 4, 8, 16, -1 };
static const int gyro_ranges[] = { 125, 250, 500, 1000, 2000, -1 };
static const int rotations[] = { 0, 90, 180, 270, -1 };

static int check_station(const char *v, char *why, size_t wlen)
{
	if (!config_station_ok(v)) {
		snprintf(why, wlen, "'%.40s' is not a station name (1-%d of A-Z a-z 0-9 _ -)", v,
			 CONFIG_STATION_MAX);
		return -EINVAL;
	}
	return 0;
}

static int check_broker(const char *v, char *why, size_t wlen)
{
	char host[CONFIG_STR_LEN];
	int port;
	bool tls;

	if (config_broker_parse(v, host, sizeof(host), &port, &tls)) {
		snprintf(why, wlen, "'%.40s' is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]", v);
		return -EINVAL;
	}
	return 0;
}

/* The clinician's PIN is typed on the kiosk's number pad: digits only. */
static int check_pin(const char *v, char *why, size_t wlen)
{
	size_t n = strlen(v);

	if (n > 8 || strspn(v, "0123456789") != n) {
		snprintf(why, wlen, "'%.20s' is not 1-8 digits", v);
		return -EINVAL;
	}
	return 0;
}

#define OFF(field) offsetof(struct config, field)
/* A [motion] or [session] number: its default is the core's. */
#define CORE(sec, key, field, lo_, hi_, unit_, who_, help_) \
	{ .section = (sec), .name = (key), .type = K_DOUBLE, .off = OFF(session.field), .lo = (lo_), .hi = (hi_), \
	  .unit = (unit_), .who = (who_), .help = (help_) }

/* The single list of keys, in file order: within a section the clinician's
 * keys come first. Ranges are the clinically and electrically sane ones. */
static const struct key_def keys[] = {
	{ .section = "sensor", .name = "bus", .type = K_PATH, .off = OFF(sensor.bus), .def = "/dev/i2c-1",
	  .unit = "", .who = WHO_INSTALLER,
	  .help = "The I2C bus the IMU is wired to (the Pi header's SDA/SCL pins are i2c-1)" },
	{ .section = "sensor", .name = "address", .type = K_ADDRESS, .off = OFF(sensor.address), .lo = 0x08, .hi = 0x77,
	  .def = "auto", .unit = "", .who = WHO_INSTALLER,
	  .help = "7-bit address of the IMU, e.g. 0x68, the only one looked at; auto tries 0x68, 0x69, 0x6a, 0x6b" },
	{ .section = "sensor", .name = "left", .type = K_ADDRESS, .off = OFF(sensor.left), .lo = 0x08, .hi = 0x77,
	  .flags = F_NONE, .def = "none", .unit = "", .who = WHO_INSTALLER,
	  .help = "Sensor on the left leg: its address (0x68; the other leg's on the same bus at 0x69; LSM6DS 0x6a/0x6b); set, it replaces address" },
	{ .section = "sensor", .name = "right", .type = K_ADDRESS, .off = OFF(sensor.right), .lo = 0x08, .hi = 0x77,
	  .flags = F_NONE, .def = "none", .unit = "", .who = WHO_INSTALLER,
	  .help = "Sensor on the right leg: its address; with left set too, both legs are read at once (two sensors)" },
	{ .section = "sensor", .name = "rate_hz", .type = K_DOUBLE, .off = OFF(sensor.rate_hz), .lo = 25, .hi = 1000,
	  .def = "100", .unit = "Hz", .who = WHO_INSTALLER,
	  .help = "Samples per second; 100 is plenty for a leg moving by hand" },
	{ .section = "sensor", .name = "accel_range_g", .type = K_CHOICE, .off = OFF(sensor.accel_range_g),
	  .choices = accel_ranges, .def = "4", .unit = "g", .who = WHO_INSTALLER,
	  .help = "Accelerometer full scale" },
	{ .section = "sensor", .name = "gyro_range_dps", .type = K_CHOICE, .off = OFF(sensor.gyro_range_dps),
	  .choices = gyro_ranges, .def = "500", .unit = "deg/s", .who = WHO_INSTALLER,
	  .help = "Gyroscope full scale (a chip without the exact value uses the next larger one)" },

	CORE("motion", "hold_warn_s", motion.hold_warn_s, 3, 60, "s", WHO_CLINICIAN,
	     "Static-hold warning: how long the leg may stay still in the stretch"),
	CORE("motion", "hold_prewarn_frac", motion.hold_prewarn_frac, 0.1, 0.95, "", WHO_CLINICIAN,
	     "The early warning comes at this share of hold_warn_s"),
	CORE("motion", "hold_min_s", motion.hold_min_s, 0.5, 10, "s", WHO_DETECTOR,
	     "Shorter still periods in the stretch are not holds (the detector caps it for a short hold_warn_s)"),
	CORE("motion", "hold_band_deg", motion.hold_band_deg, 0.5, 15, "deg",
	     WHO_DETECTOR, "Movement within this band still counts as holding"),
	CORE("motion", "rep_enter_deg", motion.rep_enter_deg, 1, 30, "deg", WHO_DETECTOR,
	     "A rep starts when the leg moves this far from its resting point"),
	CORE("motion", "rep_min_peak_deg", motion.rep_min_peak_deg, 2, 60, "deg", WHO_DETECTOR,
	     "A rep counts only if it reached this far (not below rep_enter_deg); holds are timed only this far in"),
	CORE("motion", "fidget_frac", motion.fidget_frac, 0, 0.9, "", WHO_DETECTOR,
	     "A quick movement under this share of the person's range (their recent reps) is a fidget, not a rep"),
	CORE("motion", "rep_deliberate_s", motion.rep_deliberate_s, 0.2, 10, "s", WHO_DETECTOR,
	     "... unless it lasted this long (small deliberate reps go slowly or hold; a twitch does not)"),
	CORE("motion", "rep_exit_frac", motion.rep_exit_frac, 0.1, 0.9, "", WHO_DETECTOR,
	     "A rep ends once the leg came back by this share of its range"),
	CORE("motion", "rep_min_s", motion.rep_min_s, 0.1, 5, "s", WHO_DETECTOR,
	     "Shortest rep (shorter movements are jolts, not reps)"),
	CORE("motion", "calib_still_s", motion.calib_still_s, 0.5, 10, "s", WHO_DETECTOR,
	     "After Calibrate, the stillness that takes the rest pose (at the start the first sample gives it)"),
	CORE("motion", "rest_settle_tau_s", motion.rest_settle_tau_s, 0.05, 10, "s", WHO_DETECTOR,
	     "How fast the resting point follows a still leg between reps"),
	CORE("motion", "rest_follow_tau_s", motion.rest_follow_tau_s, 5, 600, "s", WHO_DETECTOR,
	     "How fast the rest pose follows a person who settles over minutes"),

	CORE("session", "work_target_s", work_target_s, 60, 300, "s", WHO_CLINICIAN,
	     "Work time (moving in and out of the stretch) that completes a session; the protocol asks for 90-120 s"),
	CORE("session", "work_min_s", work_min_s, 30, 300, "s", WHO_CLINICIAN,
	     "The protocol's lower bound, the first mark on the timer (not above work_target_s)"),
	CORE("session", "rest_gap_s", rest_gap_s, 0, 30, "s", WHO_CLINICIAN,
	     "A rest between reps up to this long still counts as work"),
	{ .section = "session", .name = "ceiling_deg", .type = K_DOUBLE, .off = OFF(session.ceiling_deg), .lo = 5,
	  .hi = 120, .flags = F_ZERO_OK, .unit = "deg", .who = WHO_CLINICIAN,
	  .help = "Range ceiling: past this angle from rest the screen says ease off and the pass is logged; 0: none"
		  " (a patient's prescription may set its own)" },
	{ .section = "session", .name = "symptom_ceiling_margin_deg", .type = K_DOUBLE,
	  .off = OFF(symptom_ceiling_margin_deg), .lo = 1, .hi = 30, .flags = F_ZERO_OK, .def = "0", .unit = "deg",
	  .who = WHO_CLINICIAN,
	  .help = "A patient's next session keeps its ceiling this far below the angle of their last symptom; 0: off" },
	{ .section = "session", .name = "idle_finish_s", .type = K_DOUBLE, .off = OFF(idle_finish_s), .lo = 30,
	  .hi = 3600, .flags = F_ZERO_OK, .def = "120", .unit = "s", .who = WHO_CLINICIAN,
	  .help = "A session left without Finish (no rep, no work for this long) is finished and saved; 0: never" },
	{ .section = "session", .name = "tempo_out_s", .type = K_DOUBLE, .off = OFF(tempo_out_s), .lo = 0.5,
	  .hi = 10, .flags = F_ZERO_OK, .def = "0", .unit = "s", .who = WHO_CLINICIAN,
	  .help = "Tempo: seconds into the stretch per rep, with tempo_in_s: a metronome tick and a marker on the dial, "
		  "each rep's deviation shown and saved; 0: no tempo" },
	{ .section = "session", .name = "tempo_in_s", .type = K_DOUBLE, .off = OFF(tempo_in_s), .lo = 0.5,
	  .hi = 10, .flags = F_ZERO_OK, .def = "0", .unit = "s", .who = WHO_CLINICIAN,
	  .help = "Tempo: seconds back out of the stretch (set with tempo_out_s; 0: no tempo)" },
	{ .section = "session", .name = "massage_s", .type = K_DOUBLE, .off = OFF(massage_s), .lo = 30,
	  .hi = 300, .def = "120", .unit = "s", .who = WHO_CLINICIAN,
	  .help = "The self-massage timer (the alternative when moving into tension is too irritable; 90-120 s)" },
	CORE("session", "ceiling_hysteresis_deg", ceiling_hysteresis_deg, 0.5, 15, "deg", WHO_DETECTOR,
	     "After passing the ceiling the leg comes back this far below it before another pass counts (a leg"
	     " hovering there trembles)"),

	{ .section = "gpio", .name = "chip", .type = K_STRING, .off = OFF(gpio.chip), .def = "auto", .unit = "",
	  .who = WHO_INSTALLER,
	  .help = "The GPIO chip by label; auto: the Pi's header chip (pinctrl-bcm2835, -bcm2711 or pinctrl-rp1)" },
	{ .section = "gpio", .name = "start_line", .type = K_LINE, .off = OFF(gpio.start_line), .lo = 0, .hi = 255,
	  .def = "17", .unit = "", .who = WHO_INSTALLER, .help = "Start/pause button: line offset on that chip (BCM number)" },
	{ .section = "gpio", .name = "next_line", .type = K_LINE, .off = OFF(gpio.next_line), .lo = 0, .hi = 255,
	  .def = "27", .unit = "", .who = WHO_INSTALLER, .help = "\"Next\" button (next screen, dismiss)" },
	{ .section = "gpio", .name = "calibrate_line", .type = K_LINE, .off = OFF(gpio.calibrate_line), .lo = 0,
	  .hi = 255, .def = "none", .unit = "", .who = WHO_INSTALLER,
	  .help = "Recalibrate-rest button (when fitted it is the second button, in place of next_line)" },
	{ .section = "gpio", .name = "buzzer_line", .type = K_LINE, .off = OFF(gpio.buzzer_line), .lo = 0, .hi = 255,
	  .def = "22", .unit = "", .who = WHO_INSTALLER, .help = "Buzzer (active high)" },
	{ .section = "gpio", .name = "led_line", .type = K_LINE, .off = OFF(gpio.led_line), .lo = 0, .hi = 255,
	  .def = "23", .unit = "", .who = WHO_INSTALLER, .help = "Warning LED (active high)" },
	{ .section = "gpio", .name = "buttons_active_low", .type = K_BOOL, .off = OFF(gpio.buttons_active_low),
	  .def = "true", .unit = "", .who = WHO_INSTALLER,
	  .help = "Buttons wired to ground with pull-ups read low when pressed" },
	{ .section = "gpio", .name = "debounce_ms", .type = K_DOUBLE, .off = OFF(gpio.debounce_ms), .lo = 1, .hi = 200,
	  .def = "30", .unit = "ms", .who = WHO_INSTALLER, .help = "Button debounce" },

	{ .section = "display", .name = "rotation", .type = K_CHOICE, .off = OFF(display.rotation_deg),
	  .choices = rotations, .def = "0", .unit = "deg", .who = WHO_INSTALLER,
	  .help = "Screen rotation, clockwise" },
	{ .section = "display", .name = "fullscreen", .type = K_BOOL, .off = OFF(display.fullscreen), .def = "true",
	  .unit = "", .who = WHO_INSTALLER, .help = "Fill the screen (the kiosk); false opens a window (a desktop)" },
	{ .section = "display", .name = "width", .type = K_INT, .off = OFF(display.width), .lo = 320, .hi = 7680,
	  .flags = F_ZERO_OK, .def = "0", .unit = "px", .who = WHO_INSTALLER,
	  .help = "Window or mode width; 0 uses the display's own mode" },
	{ .section = "display", .name = "height", .type = K_INT, .off = OFF(display.height), .lo = 240, .hi = 4320,
	  .flags = F_ZERO_OK, .def = "0", .unit = "px", .who = WHO_INSTALLER,
	  .help = "Window or mode height; 0 uses the display's own mode" },

	{ .section = "audio", .name = "volume", .type = K_INT, .off = OFF(audio.volume), .lo = 0, .hi = 100,
	  .def = "70", .unit = "%", .who = WHO_INSTALLER, .help = "Volume of the cues" },
	{ .section = "audio", .name = "mute", .type = K_BOOL, .off = OFF(audio.mute), .def = "false", .unit = "",
	  .who = WHO_INSTALLER, .help = "No sound at all (buzzer and LED still work)" },

	{ .section = "network", .name = "broker", .type = K_STRING, .off = OFF(network.broker), .def = "",
	  .flags = F_EMPTY_OK, .unit = "", .who = WHO_INSTALLER, .check = check_broker, .range = "empty, mqtt://HOST[:PORT], mqtts://HOST[:PORT]",
	  .help = "The clinic's MQTT broker; empty: no networking at all (the default)" },
	{ .section = "network", .name = "station", .type = K_STRING, .off = OFF(network.station), .def = "",
	  .flags = F_EMPTY_OK, .unit = "", .who = WHO_INSTALLER, .check = check_station, .range = "1-32 of A-Z a-z 0-9 _ -",
	  .help = "This station's name on the board and in its topics (stretchrep/STATION/...); needed with a broker" },
	{ .section = "network", .name = "credentials", .type = K_PATH, .off = OFF(network.credentials), .def = "",
	  .flags = F_EMPTY_OK, .unit = "", .who = WHO_INSTALLER,
	  .help = "File with the broker's user name on its first line and the password on its second; empty: none" },
	{ .section = "network", .name = "ca", .type = K_PATH, .off = OFF(network.ca), .def = "",
	  .flags = F_EMPTY_OK, .unit = "", .who = WHO_INSTALLER,
	  .help = "CA certificate (PEM) that signed the broker's, for mqtts://; empty: the system's" },

	{ .section = "clinician", .name = "pin", .type = K_STRING, .off = OFF(clinician_pin), .def = "",
	  .flags = F_EMPTY_OK, .unit = "", .who = WHO_CLINICIAN, .check = check_pin, .range = "empty or 1-8 digits",
	  .help = "PIN of the kiosk's clinician mode (patients, prescriptions: hold the top bar 3 s); empty: none" },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = { "sensor", "motion", "session", "gpio", "display", "audio", "network",
					"clinician" };

static int set_value(struct config *cfg, const struct key_def *k, const char *v, char *why, size_t wlen);

void config_defaults(struct config *cfg)
{
	char why[128];

	memset(cfg, 0, sizeof(*cfg));
	cfg->session = session_default_settings;
	for (size_t i = 0; i < N_KEYS; i++) {
		/* the table's defaults are in range: a failure is a bad row */
		if (keys[i].def && set_value(cfg, &keys[i], keys[i].def, why, sizeof(why)))
			assert(!"config: a default in keys[] is out of its range");
	}
}

int config_problems_kept(const struct config *cfg)
{
	return cfg->n_problems < CONFIG_MAX_PROBLEMS ? cfg->n_problems : CONFIG_MAX_PROBLEMS;
}

/* The parse in progress: libinih pulls lines from here, and the handler
 * learns the current line number from it. */
struct parse {
	struct config *cfg;
	struct config defaults;     /* to restore a key a cross-check rejects */
	const char *name;
	const char *next;           /* the rest of the text */
	int lineno;
	bool pending;               /* the previous line needs a handler call */
	bool handled;               /* ... and got one */
	int key_line[N_KEYS];       /* where each key was set, 0 = not set */
	struct motion scratch;      /* cross_check runs the detector's init on it */
};

static void problem(struct parse *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct parse *p, int line, const char *fmt, ...)
{
	struct config *cfg = p->cfg;
	va_list ap;

	if (cfg->n_problems < CONFIG_MAX_PROBLEMS) {
		struct config_problem *pr = &cfg->problems[cfg->n_problems];
		int n;

		pr->line = line;
		if (line > 0)
			n = snprintf(pr->text, sizeof(pr->text), "%s:%d: ", p->name, line);
		else
			n = snprintf(pr->text, sizeof(pr->text), "%s: ", p->name);
		if (n < 0 || (size_t)n >= sizeof(pr->text))
			n = 0;
		va_start(ap, fmt);
		vsnprintf(pr->text + n, sizeof(pr->text) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	cfg->n_problems++;
}

static bool section_known(const char *s)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcmp(s, sections[i]))
			return true;
	return false;
}

/* A line was given to libinih that should have produced a key but did not:
 * libinih found no '=' (or ':') in it. */
static void check_pending(struct parse *p)
{
	if (p->pending && !p->handled)
		problem(p, p->lineno, "syntax error: expected 'key = value'");
	p->pending = false;
	p->handled = false;
}

/* ini_reader: the next line, without its leading blanks (which also turns
 * off libinih's multi-line values: an indented key is just a key). */
static char *read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	const char *s = p->next, *end;
	size_t len;

	check_pending(p);
	if (!s || !*s)
		return NULL;
	end = strchr(s, '\n');
	len = end ? (size_t)(end - s) : strlen(s);
	p->next = end ? end + 1 : s + len;
	p->lineno++;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (num < 3)
		return NULL;
	if (len > (size_t)num - 2 || len > CONFIG_MAX_LINE - 2) {
		problem(p, p->lineno, "line too long (more than %d characters), ignored", CONFIG_MAX_LINE - 2);
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	memcpy(str, s, len);
	str[len] = '\n';
	str[len + 1] = '\0';

	if (len == 0 || s[0] == ';' || s[0] == '#' || (len == 1 && s[0] == '\r'))
		return str;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		char sec[CONFIG_STR_LEN];
		size_t a = 1, b;

		if (!close) {
			problem(p, p->lineno, "syntax error: section header without ']'");
			return str;
		}
		b = (size_t)(close - s);
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		if (b - a >= sizeof(sec)) {
			problem(p, p->lineno, "[%.20s...]: unknown section", s + a);
			return str;
		}
		memcpy(sec, s + a, b - a);
		sec[b - a] = '\0';
		if (!section_known(sec))
			problem(p, p->lineno, "[%s]: unknown section", sec);
		/* hand libinih the name without blanks ("[ motion ]" is [motion]) */
		snprintf(str, (size_t)num, "[%s]\n", sec);
		return str;
	}
	p->pending = true;
	return str;
}

static const struct key_def *find_key(const char *section, const char *name, size_t *idx)
{
	for (size_t i = 0; i < N_KEYS; i++) {
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name)) {
			*idx = i;
			return &keys[i];
		}
	}
	return NULL;
}

static int parse_long(const char *v, long *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 0);
	if (end == v || *end != '\0' || errno == ERANGE)
		return -EINVAL;
	*out = x;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static void choices_text(const int *c, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *c >= 0 && n < len; c++) {
		int w = snprintf(buf + n, len - n, "%s%d", n ? ", " : "", *c);

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* Checks and stores one value. Returns 0, or -EINVAL with the reason in why. */
static int set_value(struct config *cfg, const struct key_def *k, const char *v, char *why, size_t wlen)
{
	char *base = (char *)cfg;
	double d;
	long l;
	bool b;
	char *end;

	if (!*v && !(k->flags & F_EMPTY_OK)) {
		snprintf(why, wlen, "empty value");
		return -EINVAL;
	}
	switch (k->type) {
	case K_DOUBLE:
		errno = 0;
		d = strtod(v, &end);
		if (end == v || *end != '\0' || errno == ERANGE || !isfinite(d)) {
			snprintf(why, wlen, "'%.40s' is not a number", v);
			return -EINVAL;
		}
		if (!(d == 0 && (k->flags & F_ZERO_OK)) && (d < k->lo || d > k->hi)) {
			snprintf(why, wlen, "%g is out of range [%g, %g]%s", d, k->lo, k->hi,
				 (k->flags & F_ZERO_OK) ? " (or 0)" : "");
			return -EINVAL;
		}
		memcpy(base + k->off, &d, sizeof(d));
		return 0;
	case K_INT:
	case K_CHOICE:
		if (parse_long(v, &l)) {
			snprintf(why, wlen, "'%.40s' is not a whole number", v);
			return -EINVAL;
		}
		if (k->type == K_CHOICE) {
			const int *c = k->choices;

			while (*c >= 0 && *c != l)
				c++;
			if (*c < 0) {
				char list[64];

				choices_text(k->choices, list, sizeof(list));
				snprintf(why, wlen, "%ld is not one of %s", l, list);
				return -EINVAL;
			}
		} else if (!(l == 0 && (k->flags & F_ZERO_OK)) && (l < k->lo || l > k->hi)) {
			snprintf(why, wlen, "%ld is out of range [%g, %g]%s", l, k->lo, k->hi,
				 (k->flags & F_ZERO_OK) ? " (or 0: automatic)" : "");
			return -EINVAL;
		}
		{
			int x = (int)l;

			memcpy(base + k->off, &x, sizeof(x));
		}
		return 0;
	case K_BOOL:
		if (parse_bool(v, &b)) {
			snprintf(why, wlen, "'%.40s' is not a yes/no value (true, false, yes, no, on, off, 1, 0)", v);
			return -EINVAL;
		}
		memcpy(base + k->off, &b, sizeof(b));
		return 0;
	case K_PATH:
		if (v[0] != '/' && !(v[0] == '\0' && (k->flags & F_EMPTY_OK))) {
			snprintf(why, wlen, "'%.40s' is not an absolute path", v);
			return -EINVAL;
		}
		/* fall through */
	case K_STRING:
		if (strlen(v) >= CONFIG_STR_LEN) {
			snprintf(why, wlen, "longer than %d characters", CONFIG_STR_LEN - 1);
			return -EINVAL;
		}
		if (k->check && v[0] && k->check(v, why, wlen))
			return -EINVAL;
		memcpy(base + k->off, v, strlen(v) + 1);
		return 0;
	case K_ADDRESS:
	case K_LINE: {
		const char *word = k->type == K_ADDRESS && !(k->flags & F_NONE) ? "auto" : "none";
		int x;

		if (!strcasecmp(v, word)) {
			x = k->type == K_ADDRESS ? CONFIG_ADDRESS_AUTO : CONFIG_LINE_NONE;
		} else if (parse_long(v, &l)) {
			snprintf(why, wlen, "'%.40s' is neither a number nor '%s'", v, word);
			return -EINVAL;
		} else if (l < k->lo || l > k->hi) {
			if (k->type == K_ADDRESS)
				snprintf(why, wlen, "%#lx is out of range [0x08, 0x77] (or '%s')", l, word);
			else
				snprintf(why, wlen, "%ld is out of range [%g, %g] (or 'none')", l, k->lo, k->hi);
			return -EINVAL;
		} else {
			x = (int)l;
		}
		memcpy(base + k->off, &x, sizeof(x));
		return 0;
	}
	}
	snprintf(why, wlen, "internal error: unknown key type");
	return -EINVAL;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	const struct key_def *k;
	char why[128];
	size_t idx;

	p->handled = true;
	if (!*name) {
		problem(p, p->lineno, "syntax error: no key name before '='");
		return 1;
	}
	if (!*section) {
		problem(p, p->lineno, "%s: key before any [section]", name);
		return 1;
	}
	if (!section_known(section))
		return 1;   /* the section header was reported */
	k = find_key(section, name, &idx);
	if (!k) {
		problem(p, p->lineno, "%s: unknown key in [%s]", name, section);
		return 1;
	}
	if (p->key_line[idx])
		problem(p, p->lineno, "%s: set again (first at line %d); this one is used", name, p->key_line[idx]);
	p->key_line[idx] = p->lineno;
	if (set_value(p->cfg, k, value, why, sizeof(why))) {
		/* keep the default, not an earlier value: "bad key = default" */
		char *dst = (char *)p->cfg + k->off;
		const char *src = (const char *)&p->defaults + k->off;
		size_t sz = (k->type == K_DOUBLE) ? sizeof(double) :
			    (k->type == K_BOOL) ? sizeof(bool) :
			    (k->type == K_STRING || k->type == K_PATH) ? CONFIG_STR_LEN : sizeof(int);

		memcpy(dst, src, sz);
		problem(p, p->lineno, "%s: %s; using the default", name, why);
	}
	return 1;
}

static int key_index(const char *section, const char *name)
{
	size_t idx;

	return find_key(section, name, &idx) ? (int)idx : -1;
}

/* Relations between keys, checked once every key is in. The later-set key of
 * the pair is the one reported and corrected. */
static void cross_check(struct parse *p)
{
	struct session_settings *s = &p->cfg->session;
	int i_min = key_index("session", "work_min_s");
	int i_tgt = key_index("session", "work_target_s");
	int i_hmin = key_index("motion", "hold_min_s");
	int i_hwarn = key_index("motion", "hold_warn_s");
	int i_enter = key_index("motion", "rep_enter_deg");
	int i_peak = key_index("motion", "rep_min_peak_deg");
	int i_left = key_index("sensor", "left"), i_right = key_index("sensor", "right");
	struct config_sensor *sn = &p->cfg->sensor;

	if ((p->cfg->tempo_out_s > 0) != (p->cfg->tempo_in_s > 0)) {
		int i_out = key_index("session", "tempo_out_s"), i_in = key_index("session", "tempo_in_s");
		bool out_later = p->key_line[i_out] >= p->key_line[i_in];

		problem(p, out_later ? p->key_line[i_out] : p->key_line[i_in],
			"%s: a tempo needs both tempo_out_s and tempo_in_s (%g, %g); no tempo",
			out_later ? "tempo_out_s" : "tempo_in_s", p->cfg->tempo_out_s, p->cfg->tempo_in_s);
		p->cfg->tempo_out_s = p->cfg->tempo_in_s = 0.0;
	}
	if (s->work_min_s > s->work_target_s) {
		int line = p->key_line[i_min] >= p->key_line[i_tgt] ? p->key_line[i_min] : p->key_line[i_tgt];

		problem(p, line, "work_min_s: %g is above work_target_s (%g); using %g",
			s->work_min_s, s->work_target_s, s->work_target_s);
		s->work_min_s = s->work_target_s;
	}
	/* The detector's own rule, not a copy of it: what motion_init keeps
	 * is what the kiosk will use, and that is what check-config says. */
	motion_init(&p->scratch, &s->motion);
	if (p->scratch.set.hold_min_s != s->motion.hold_min_s) {
		int line = p->key_line[i_hmin] >= p->key_line[i_hwarn] ? p->key_line[i_hmin] : p->key_line[i_hwarn];

		problem(p, line, "hold_min_s: %g is too long for hold_warn_s = %g; the detector uses %g",
			s->motion.hold_min_s, s->motion.hold_warn_s, p->scratch.set.hold_min_s);
		s->motion.hold_min_s = p->scratch.set.hold_min_s;
	}
	if (s->motion.rep_min_peak_deg < s->motion.rep_enter_deg) {
		int line = p->key_line[i_peak] >= p->key_line[i_enter] ? p->key_line[i_peak] : p->key_line[i_enter];

		problem(p, line, "rep_min_peak_deg: %g is below rep_enter_deg (%g); using %g",
			s->motion.rep_min_peak_deg, s->motion.rep_enter_deg, s->motion.rep_enter_deg);
		s->motion.rep_min_peak_deg = s->motion.rep_enter_deg;
	}
	if (sn->left && sn->left == sn->right) {
		int line = p->key_line[i_left] >= p->key_line[i_right] ? p->key_line[i_left] : p->key_line[i_right];

		problem(p, line, "right: %#04x is the left leg's sensor too (two sensors need two addresses); "
			"using none", sn->right);
		sn->right = CONFIG_ADDRESS_AUTO;
	}
}

/* Cross-checks are found last; the list reads best in file order. Stable
 * insertion sort: at most CONFIG_MAX_PROBLEMS entries. */
static void sort_problems(struct config *cfg)
{
	int n = config_problems_kept(cfg);

	for (int i = 1; i < n; i++) {
		struct config_problem tmp = cfg->problems[i];
		int j = i;

		while (j > 0 && cfg->problems[j - 1].line > tmp.line) {
			cfg->problems[j] = cfg->problems[j - 1];
			j--;
		}
		cfg->problems[j] = tmp;
	}
}

int config_load_string(struct config *cfg, const char *text, const char *name)
{
	struct parse *p;
	int rc;

	config_defaults(cfg);
	/* heap: struct config is a few KiB and the kiosk may call this from a
	 * thread with a small stack */
	p = calloc(1, sizeof(*p));
	if (!p) {
		problem(&(struct parse){ .cfg = cfg, .name = name }, 0, "out of memory; using the defaults");
		return -ENOMEM;
	}
	p->cfg = cfg;
	config_defaults(&p->defaults);
	p->name = name;
	/* a UTF-8 byte order mark (Windows editors write one) is not text */
	if (!strncmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	p->next = text;
	rc = ini_parse_stream(read_line, p, on_key, p);
	check_pending(p);
	if (rc == -2) {
		config_defaults(cfg);
		problem(p, 0, "out of memory; using the defaults");
		free(p);
		return -ENOMEM;
	}
	cross_check(p);
	sort_problems(cfg);
	free(p);
	return 0;
}

/* Opens a settings file for reading, only if it is a regular file (or
 * /dev/null): a FIFO would block the kiosk's start for good, a device may
 * never end. *rc gets
 * -errno, or -EINVAL for "not a regular file" (worded by config_load). */
static FILE *open_regular(const char *path, int *rc)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		*rc = -errno;
		return NULL;
	}
	/* /dev/null (Linux's 1:3) is the idiom for "no settings at all" */
	if (fstat(fd, &st) ||
	    (!S_ISREG(st.st_mode) && !(S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3))) {
		*rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		*rc = -errno;
		close(fd);
	}
	return f;
}

int config_load(struct config *cfg, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc = 0;

	config_defaults(cfg);
	if (!path) {
		path = CONFIG_DEFAULT_PATH;
		f = open_regular(path, &rc);
		if (!f && rc == -ENOENT)
			return 0;
	} else {
		f = open_regular(path, &rc);
	}
	if (!f)
		goto out_report;
	buf = malloc(CONFIG_MAX_FILE_BYTES + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto out_close;
	}
	n = fread(buf, 1, CONFIG_MAX_FILE_BYTES + 1, f);
	if (ferror(f)) {
		rc = -EIO;
		goto out_free;
	}
	if (n > CONFIG_MAX_FILE_BYTES) {
		rc = -EFBIG;
		goto out_free;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		struct parse p = { .cfg = cfg, .name = path };

		problem(&p, 0, "contains a NUL byte: not a text file; using the defaults");
		free(buf);
		fclose(f);
		return 0;
	}
	fclose(f);
	rc = config_load_string(cfg, buf, path);
	free(buf);
	return rc;

out_free:
	free(buf);
out_close:
	fclose(f);
out_report:
	{
		struct parse p = { .cfg = cfg, .name = path };

		problem(&p, 0, "%s; using the defaults",
			rc == -EINVAL ? "not a regular file" : strerror(-rc));
	}
	return rc;
}

/* "3-60", "2, 4, 8, 16", "auto or 0x08-0x77", ...: what a key accepts. */
static void range_text(const struct key_def *k, char *buf, size_t len)
{
	switch (k->type) {
	case K_DOUBLE:
	case K_INT:
		snprintf(buf, len, "%s%g-%g", (k->flags & F_ZERO_OK) ? "0 or " : "", k->lo, k->hi);
		return;
	case K_CHOICE:
		choices_text(k->choices, buf, len);
		return;
	case K_BOOL:
		snprintf(buf, len, "true/false, yes/no, on/off, 1/0");
		return;
	case K_STRING:
		snprintf(buf, len, "%s", k->range ? k->range : "text");
		return;
	case K_PATH:
		snprintf(buf, len, "%san absolute path", (k->flags & F_EMPTY_OK) ? "empty or " : "");
		return;
	case K_ADDRESS:
		snprintf(buf, len, "%s or 0x%02x-0x%02x", (k->flags & F_NONE) ? "none" : "auto",
			 (unsigned)k->lo, (unsigned)k->hi);
		return;
	case K_LINE:
		snprintf(buf, len, "none or %g-%g", k->lo, k->hi);
		return;
	}
	snprintf(buf, len, "?");
}

void config_format_double(char *buf, size_t len, double d)
{
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, len, "%.*g", digits, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

/* A key's value as the file writes it. */
static void value_text(const struct config *cfg, const struct key_def *k, char *buf, size_t len)
{
	const void *src = (const char *)cfg + k->off;
	double d;
	int x;
	bool b;

	switch (k->type) {
	case K_DOUBLE:
		memcpy(&d, src, sizeof(d));
		config_format_double(buf, len, d);
		return;
	case K_INT:
	case K_CHOICE:
		memcpy(&x, src, sizeof(x));
		snprintf(buf, len, "%d", x);
		return;
	case K_BOOL:
		memcpy(&b, src, sizeof(b));
		snprintf(buf, len, "%s", b ? "true" : "false");
		return;
	case K_STRING:
	case K_PATH:
		snprintf(buf, len, "%s", (const char *)src);
		return;
	case K_ADDRESS:
		memcpy(&x, src, sizeof(x));
		if (x == CONFIG_ADDRESS_AUTO)
			snprintf(buf, len, "%s", (k->flags & F_NONE) ? "none" : "auto");
		else
			snprintf(buf, len, "%#04x", x);
		return;
	case K_LINE:
		memcpy(&x, src, sizeof(x));
		if (x == CONFIG_LINE_NONE)
			snprintf(buf, len, "none");
		else
			snprintf(buf, len, "%d", x);
		return;
	}
	buf[0] = '\0';
}

int config_write(const struct config *cfg, FILE *f)
{
	const char *sec = "";
	int who = -1;

	fprintf(f, "# stretchrep settings (made by stretchrep check-config --dump).\n"
		   "# Installed as %s; check it after editing:\n"
		   "#     stretchrep check-config FILE\n"
		   "# A bad value never stops the kiosk: it shows the problem and uses the\n"
		   "# default for that key. Each key says what it does [unit; range].\n"
		   "# Comments start with '#' or ';' at the start of a line.\n",
		CONFIG_DEFAULT_PATH);
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key_def *k = &keys[i];
		char range[80], value[CONFIG_STR_LEN + 8];

		if (strcmp(sec, k->section) != 0) {
			fprintf(f, "\n[%s]\n", k->section);
			sec = k->section;
			who = -1;
		}
		if ((int)k->who != who) {
			fprintf(f, "## %s\n", who_names[k->who]);
			who = (int)k->who;
		}
		range_text(k, range, sizeof(range));
		value_text(cfg, k, value, sizeof(value));
		fprintf(f, "# %s [%s%s%s]\n%s = %s\n", k->help, k->unit, *k->unit ? "; " : "", range, k->name,
			value);
	}
	return ferror(f) ? -EIO : 0;
}

int config_write_markdown(FILE *f)
{
	struct config *def = malloc(sizeof(*def));

	if (!def)
		return -ENOMEM;
	config_defaults(def);
	fprintf(f, "| key | who | unit | range | default | what it does |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key_def *k = &keys[i];
		char range[80], value[CONFIG_STR_LEN + 8];

		range_text(k, range, sizeof(range));
		value_text(def, k, value, sizeof(value));
		fprintf(f, "| `[%s] %s` | %s | %s | %s | %s | %s |\n", k->section, k->name, who_names[k->who],
			k->unit, range, value, k->help);
	}
	free(def);
	return ferror(f) ? -EIO : 0;
}

int config_set(struct config *cfg, const char *section, const char *key, const char *value, char *why,
	       size_t wlen)
{
	size_t idx;
	const struct key_def *k = find_key(section, key, &idx);

	if (!k) {
		snprintf(why, wlen, "[%s] %s: no such setting", section, key);
		return -ENOENT;
	}
	return set_value(cfg, k, value ? value : "", why, wlen);
}

int config_key_range(const char *section, const char *key, double *lo, double *hi)
{
	size_t idx;
	const struct key_def *k = find_key(section, key, &idx);

	if (!k || (k->type != K_DOUBLE && k->type != K_INT))
		return -ENOENT;
	*lo = k->lo;
	*hi = k->hi;
	return 0;
}

bool config_station_ok(const char *name)
{
	size_t n = strlen(name);

	if (n < 1 || n > CONFIG_STATION_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

int config_broker_parse(const char *url, char *host, size_t hlen, int *port, bool *tls)
{
	const char *p, *colon;
	size_t n;

	if (!strncmp(url, "mqtt://", 7)) {
		*tls = false;
		p = url + 7;
	} else if (!strncmp(url, "mqtts://", 8)) {
		*tls = true;
		p = url + 8;
	} else {
		return -EINVAL;
	}
	*port = *tls ? 8883 : 1883;
	colon = strchr(p, ':');
	n = colon ? (size_t)(colon - p) : strlen(p);
	if (n == 0 || n >= hlen)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)   /* a host name or an IPv4 address */
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
		      p[i] == '.' || p[i] == '-'))
			return -EINVAL;
	if (colon) {
		long l;
		char *end;

		errno = 0;
		l = strtol(colon + 1, &end, 10);
		if (errno || end == colon + 1 || *end || l < 1 || l > 65535)
			return -EINVAL;
		*port = (int)l;
	}
	memcpy(host, p, n);
	host[n] = '\0';
	return 0;
}
