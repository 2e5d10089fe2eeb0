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
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ini.h>
#include "config.h"

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

#define F_ZERO_OK 1  /* 0 is accepted besides [lo, hi] ("automatic") */

struct key_def {
	const char *section;
	const char *name;
	enum key_type type;
	size_t off;          /* offset in struct config */
	double lo, hi;
	unsigned flags;
	const int *choices;  /* K_CHOICE: list ending with -1 */
};

static const int accel_ranges[] = { 2, 4, 8, 16, -1 };
static const int gyro_ranges[] = { 125, 250, 500, 1000, 2000, -1 };
static const int rotations[] = { 0, 90, 180, 270, -1 };

#define OFF(field) offsetof(struct config, field)

/* The single list of keys. Ranges are the clinically and electrically sane
 * ones; assets/stretchrep.conf explains each key. */
static const struct key_def keys[] = {
	{ "sensor", "bus", K_PATH, OFF(sensor.bus), 0, 0, 0, NULL },
	{ "sensor", "address", K_ADDRESS, OFF(sensor.address), 0x08, 0x77, 0, NULL },
	{ "sensor", "rate_hz", K_DOUBLE, OFF(sensor.rate_hz), 25, 1000, 0, NULL },
	{ "sensor", "accel_range_g", K_CHOICE, OFF(sensor.accel_range_g), 0, 0, 0, accel_ranges },
	{ "sensor", "gyro_range_dps", K_CHOICE, OFF(sensor.gyro_range_dps), 0, 0, 0, gyro_ranges },

	{ "motion", "hold_warn_s", K_DOUBLE, OFF(session.motion.hold_warn_s), 3, 60, 0, NULL },
	{ "motion", "hold_prewarn_frac", K_DOUBLE, OFF(session.motion.hold_prewarn_frac), 0.1, 0.95, 0, NULL },
	{ "motion", "hold_min_s", K_DOUBLE, OFF(session.motion.hold_min_s), 0.5, 10, 0, NULL },
	{ "motion", "hold_band_deg", K_DOUBLE, OFF(session.motion.hold_band_deg), 0.5, 15, 0, NULL },
	{ "motion", "rep_enter_deg", K_DOUBLE, OFF(session.motion.rep_enter_deg), 1, 30, 0, NULL },
	{ "motion", "rep_min_peak_deg", K_DOUBLE, OFF(session.motion.rep_min_peak_deg), 2, 60, 0, NULL },
	{ "motion", "fidget_frac", K_DOUBLE, OFF(session.motion.fidget_frac), 0, 0.9, 0, NULL },
	{ "motion", "rep_deliberate_s", K_DOUBLE, OFF(session.motion.rep_deliberate_s), 0.2, 10, 0, NULL },
	{ "motion", "rep_exit_frac", K_DOUBLE, OFF(session.motion.rep_exit_frac), 0.1, 0.9, 0, NULL },
	{ "motion", "rep_min_s", K_DOUBLE, OFF(session.motion.rep_min_s), 0.1, 5, 0, NULL },
	{ "motion", "calib_still_s", K_DOUBLE, OFF(session.motion.calib_still_s), 0.5, 10, 0, NULL },
	{ "motion", "rest_settle_tau_s", K_DOUBLE, OFF(session.motion.rest_settle_tau_s), 0.05, 10, 0, NULL },
	{ "motion", "rest_follow_tau_s", K_DOUBLE, OFF(session.motion.rest_follow_tau_s), 5, 600, 0, NULL },

	{ "session", "work_target_s", K_DOUBLE, OFF(session.work_target_s), 60, 300, 0, NULL },
	{ "session", "work_min_s", K_DOUBLE, OFF(session.work_min_s), 30, 300, 0, NULL },
	{ "session", "rest_gap_s", K_DOUBLE, OFF(session.rest_gap_s), 0, 30, 0, NULL },

	{ "gpio", "chip", K_STRING, OFF(gpio.chip), 0, 0, 0, NULL },
	{ "gpio", "start_line", K_LINE, OFF(gpio.start_line), 0, 255, 0, NULL },
	{ "gpio", "next_line", K_LINE, OFF(gpio.next_line), 0, 255, 0, NULL },
	{ "gpio", "calibrate_line", K_LINE, OFF(gpio.calibrate_line), 0, 255, 0, NULL },
	{ "gpio", "buzzer_line", K_LINE, OFF(gpio.buzzer_line), 0, 255, 0, NULL },
	{ "gpio", "led_line", K_LINE, OFF(gpio.led_line), 0, 255, 0, NULL },
	{ "gpio", "buttons_active_low", K_BOOL, OFF(gpio.buttons_active_low), 0, 0, 0, NULL },
	{ "gpio", "debounce_ms", K_DOUBLE, OFF(gpio.debounce_ms), 1, 200, 0, NULL },

	{ "display", "rotation", K_CHOICE, OFF(display.rotation_deg), 0, 0, 0, rotations },
	{ "display", "fullscreen", K_BOOL, OFF(display.fullscreen), 0, 0, 0, NULL },
	{ "display", "width", K_INT, OFF(display.width), 320, 7680, F_ZERO_OK, NULL },
	{ "display", "height", K_INT, OFF(display.height), 240, 4320, F_ZERO_OK, NULL },

	{ "audio", "volume", K_INT, OFF(audio.volume), 0, 100, 0, NULL },
	{ "audio", "mute", K_BOOL, OFF(audio.mute), 0, 0, 0, NULL },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = { "sensor", "motion", "session", "gpio", "display", "audio" };

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->sensor.bus, sizeof(cfg->sensor.bus), "/dev/i2c-1");
	cfg->sensor.address = CONFIG_ADDRESS_AUTO;
	cfg->sensor.rate_hz = 100.0;
	cfg->sensor.accel_range_g = 4;
	cfg->sensor.gyro_range_dps = 500;

	cfg->session = session_default_settings;

	snprintf(cfg->gpio.chip, sizeof(cfg->gpio.chip), "auto");
	cfg->gpio.start_line = 17;
	cfg->gpio.next_line = 27;
	cfg->gpio.calibrate_line = CONFIG_LINE_NONE;
	cfg->gpio.buzzer_line = 22;
	cfg->gpio.led_line = 23;
	cfg->gpio.buttons_active_low = true;
	cfg->gpio.debounce_ms = 30.0;

	cfg->display.rotation_deg = 0;
	cfg->display.fullscreen = true;
	cfg->display.width = 0;
	cfg->display.height = 0;

	cfg->audio.volume = 70;
	cfg->audio.mute = false;
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

	if (!*v) {
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
		if (d < k->lo || d > k->hi) {
			snprintf(why, wlen, "%g is out of range [%g, %g]", d, k->lo, k->hi);
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
		if (v[0] != '/') {
			snprintf(why, wlen, "'%.40s' is not an absolute path", v);
			return -EINVAL;
		}
		/* fall through */
	case K_STRING:
		if (strlen(v) >= CONFIG_STR_LEN) {
			snprintf(why, wlen, "longer than %d characters", CONFIG_STR_LEN - 1);
			return -EINVAL;
		}
		memcpy(base + k->off, v, strlen(v) + 1);
		return 0;
	case K_ADDRESS:
	case K_LINE: {
		const char *word = k->type == K_ADDRESS ? "auto" : "none";
		int x;

		if (!strcasecmp(v, word)) {
			x = k->type == K_ADDRESS ? CONFIG_ADDRESS_AUTO : CONFIG_LINE_NONE;
		} else if (parse_long(v, &l)) {
			snprintf(why, wlen, "'%.40s' is neither a number nor '%s'", v, word);
			return -EINVAL;
		} else if (l < k->lo || l > k->hi) {
			if (k->type == K_ADDRESS)
				snprintf(why, wlen, "%#lx is out of range [0x08, 0x77] (or 'auto')", l);
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

	if (s->work_min_s > s->work_target_s) {
		int line = p->key_line[i_min] >= p->key_line[i_tgt] ? p->key_line[i_min] : p->key_line[i_tgt];

		problem(p, line, "work_min_s: %g is above work_target_s (%g); using %g",
			s->work_min_s, s->work_target_s, s->work_target_s);
		s->work_min_s = s->work_target_s;
	}
	if (s->motion.hold_min_s >= s->motion.hold_warn_s) {
		int line = p->key_line[i_hmin] >= p->key_line[i_hwarn] ? p->key_line[i_hmin] : p->key_line[i_hwarn];
		double v = s->motion.hold_warn_s / 2.0;

		problem(p, line, "hold_min_s: %g is not below hold_warn_s (%g); using %g",
			s->motion.hold_min_s, s->motion.hold_warn_s, v);
		s->motion.hold_min_s = v;
	}
	if (s->motion.rep_min_peak_deg < s->motion.rep_enter_deg) {
		int line = p->key_line[i_peak] >= p->key_line[i_enter] ? p->key_line[i_peak] : p->key_line[i_enter];

		problem(p, line, "rep_min_peak_deg: %g is below rep_enter_deg (%g); using %g",
			s->motion.rep_min_peak_deg, s->motion.rep_enter_deg, s->motion.rep_enter_deg);
		s->motion.rep_min_peak_deg = s->motion.rep_enter_deg;
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

int config_load(struct config *cfg, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc = 0;

	config_defaults(cfg);
	if (!path) {
		path = CONFIG_DEFAULT_PATH;
		f = fopen(path, "r");
		if (!f && errno == ENOENT)
			return 0;
	} else {
		f = fopen(path, "r");
	}
	if (!f) {
		rc = -errno;
		goto out_report;
	}
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

		problem(&p, 0, "%s; using the defaults", strerror(-rc));
	}
	return rc;
}

int config_write(const struct config *cfg, FILE *f)
{
	const char *base = (const char *)cfg;
	const char *sec = "";

	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key_def *k = &keys[i];
		const void *src = base + k->off;
		double d;
		int x;
		bool b;

		if (strcmp(sec, k->section) != 0) {
			fprintf(f, "%s[%s]\n", i ? "\n" : "", k->section);
			sec = k->section;
		}
		fprintf(f, "%s = ", k->name);
		switch (k->type) {
		case K_DOUBLE:
			memcpy(&d, src, sizeof(d));
			fprintf(f, "%.15g\n", d);
			break;
		case K_INT:
		case K_CHOICE:
			memcpy(&x, src, sizeof(x));
			fprintf(f, "%d\n", x);
			break;
		case K_BOOL:
			memcpy(&b, src, sizeof(b));
			fprintf(f, "%s\n", b ? "true" : "false");
			break;
		case K_STRING:
		case K_PATH:
			fprintf(f, "%s\n", (const char *)src);
			break;
		case K_ADDRESS:
			memcpy(&x, src, sizeof(x));
			if (x == CONFIG_ADDRESS_AUTO)
				fprintf(f, "auto\n");
			else
				fprintf(f, "%#04x\n", x);
			break;
		case K_LINE:
			memcpy(&x, src, sizeof(x));
			if (x == CONFIG_LINE_NONE)
				fprintf(f, "none\n");
			else
				fprintf(f, "%d\n", x);
			break;
		}
	}
	return ferror(f) ? -EIO : 0;
}
