/* SPDX-License-Identifier: MIT */
/*
 * app/ — main.c and the modules every room shares: config (this header),
 * trace_file (trace files on disk: the replay source, record, simulate,
 * analyze and the tests read or write them), clock (the one monotonic clock)
 * and event_json (the motion events as JSON). The rooms: core/ (pure), source/
 * (samples), kiosk/ (the loop), ui/ (SDL), store/ (SQLite), cmd/ (the
 * command line); the arrows between them are in README.md and are checked by
 * tests/test_layers.sh. These shared modules include only core/, each other
 * and libraries (libc, libinih): every room may include them.
 *
 * config — the clinician's settings from an INI file (parsed by libinih).
 *
 * Sections [sensor] [motion] [session] [gpio] [display] [audio] [network]. The table
 * in config.c is the one list of settings: each row holds a key's section,
 * name, type, unit, range, default, who sets it (clinician, detector tuning,
 * installation) and a line of help. The parser, config_defaults,
 * config_write (check-config --dump, and assets/stretchrep.conf made from
 * it), config_set (the command-line options that set the same things) and
 * config_write_markdown (README's settings table) all read it; the defaults
 * of [motion] and [session] are the core's (session_default_settings).
 *
 * A bad file never stops the kiosk: each problem (bad value, out of range,
 * unknown key or section, syntax error, a key given twice) becomes one
 * message "FILE:LINE: key: reason" in cfg->problems and that key keeps its
 * default. `stretchrep check-config` prints the same messages; the kiosk
 * shows them in a banner.
 *
 * Not supported, on purpose: multi-line values (leading whitespace is simply
 * ignored, so indented keys work) and lines longer than CONFIG_MAX_LINE.
 */
#ifndef STRETCHREP_CONFIG_H
#define STRETCHREP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "core/session.h"

#define CONFIG_DEFAULT_PATH "/etc/stretchrep/stretchrep.conf"
#define CONFIG_MAX_LINE 200      /* longer lines are reported and skipped */
#define CONFIG_MAX_PROBLEMS 32   /* messages kept; more are only counted */
#define CONFIG_PROBLEM_LEN 192
#define CONFIG_STR_LEN 64

/* sensor address 0 means "auto": probe the known addresses */
#define CONFIG_ADDRESS_AUTO 0
/* a GPIO line number of -1 means "not connected" */
#define CONFIG_LINE_NONE (-1)

struct config_sensor {
	char bus[CONFIG_STR_LEN];   /* i2c-dev node, e.g. /dev/i2c-1 */
	int address;                /* 7-bit address, or CONFIG_ADDRESS_AUTO */
	/* one sensor per leg (0: none); either set replaces address, both set
	 * means two sensors on the bus (source_imu_config) */
	int left, right;
	double rate_hz;             /* output data rate, 25-1000 Hz */
	int accel_range_g;          /* full scale: 2, 4, 8 or 16 g */
	int gyro_range_dps;         /* full scale: 125, 250, 500, 1000 or 2000 deg/s */
};

struct config_gpio {
	char chip[CONFIG_STR_LEN];  /* gpiochip label ("auto": the Pi's header chip) */
	int start_line;             /* start/pause button, or CONFIG_LINE_NONE */
	int next_line;              /* "next" button */
	int calibrate_line;         /* recalibrate button */
	int buzzer_line;
	int led_line;
	bool buttons_active_low;    /* buttons to ground with pull-ups (the usual wiring) */
	double debounce_ms;         /* button debounce period, ms */
};

struct config_display {
	int rotation_deg;           /* 0, 90, 180 or 270 */
	bool fullscreen;
	int width, height;          /* window size in pixels; 0 = the display's own mode */
};

struct config_audio {
	int volume;                 /* 0-100 % */
	bool mute;
};

/* [network]: all empty means no networking (the default). */
struct config_network {
	char broker[CONFIG_STR_LEN];      /* mqtt://HOST[:PORT] or mqtts://HOST[:PORT], "" none */
	char station[CONFIG_STR_LEN];     /* config_station_ok, "" none */
	char credentials[CONFIG_STR_LEN]; /* file: user line, password line; "" none */
	char ca[CONFIG_STR_LEN];          /* CA certificate (PEM) for mqtts://, "" the system's */
};

#define CONFIG_STATION_MAX 32

struct config_problem {
	int line;                   /* 0 when the problem has no line (file-level) */
	char text[CONFIG_PROBLEM_LEN]; /* "FILE:LINE: key: reason" */
};

struct config {
	struct config_sensor sensor;
	struct session_settings session; /* [motion] and [session] */
	double idle_finish_s;       /* [session] idle_finish_s: the kiosk's, not the core's */
	double tempo_out_s, tempo_in_s; /* [session] the metronome, s (0: none; both or neither) */
	double massage_s;           /* [session] massage_s: the self-massage timer, s */
	double symptom_ceiling_margin_deg; /* [session]: a patient's ceiling this far below
	                            * their last symptom angle, deg; 0 = off (patients.h
	                            * patient_rx_apply) */
	struct config_gpio gpio;
	struct config_display display;
	struct config_audio audio;
	struct config_network network;
	char clinician_pin[CONFIG_STR_LEN]; /* [clinician] pin: 1-8 digits, "" none */
	int n_problems;             /* how many problems were found (may exceed the list) */
	struct config_problem problems[CONFIG_MAX_PROBLEMS];
};

/* Fills cfg with the built-in defaults and no problems. */
void config_defaults(struct config *cfg);

/* Resets cfg to the defaults, then applies the file at path. Returns 0 when
 * the file was read (problems, if any, are in cfg->problems and n_problems;
 * bad keys keep their defaults), or -errno when it could not be opened or
 * read (cfg then holds the defaults and one file-level problem).
 * path NULL means CONFIG_DEFAULT_PATH, and then a missing file is no
 * problem (returns 0, no message): a kiosk may run on the defaults. */
int config_load(struct config *cfg, const char *path);

/* The same from a string; name is used in the messages. */
int config_load_string(struct config *cfg, const char *text, const char *name);

/* Number of problem messages kept in cfg->problems (<= CONFIG_MAX_PROBLEMS). */
int config_problems_kept(const struct config *cfg);

/* Writes the effective configuration as an INI file that config_load reads
 * back to the same values, each key after a comment with its help, unit and
 * range, grouped by who sets it. 0 or -errno. */
int config_write(const struct config *cfg, FILE *f);
/* d as the shortest text (15 to 17 significant digits, %g style) that strtod
 * reads back to the same bits: 10, not 10.000000000000002, and yet every
 * double survives a round trip. What config_write writes numbers with; for
 * any file that must give back exactly what was saved. buf of 32 bytes is
 * enough. */
void config_format_double(char *buf, size_t len, double d);

/* Writes the table of settings (key, who, unit, range, default, help) as
 * Markdown: README's settings table. 0 or -errno. */
int config_write_markdown(FILE *f);

/* Sets one key from text, with the checks of the file (a command-line option
 * that sets the same thing as a key goes through here). 0; -EINVAL (value
 * bad or out of range) or -ENOENT (no such key), the reason in why and cfg
 * unchanged. */
int config_set(struct config *cfg, const char *section, const char *key, const char *value, char *why,
	       size_t wlen);

/* The range of a number key, for an option that takes the same quantity
 * without setting the key itself (simulate's --hold-warn). 0, or -ENOENT
 * (no such key, or not a number). */
int config_key_range(const char *section, const char *key, double *lo, double *hi);

/* A station name safe in an MQTT topic level: 1-CONFIG_STATION_MAX of
 * [A-Za-z0-9_-] (no '/', '+', '#', no NUL tricks). */
bool config_station_ok(const char *name);

/* Splits mqtt://HOST[:PORT] or mqtts://HOST[:PORT] (default ports 1883,
 * 8883; HOST a name or IPv4 address). 0, or -EINVAL. */
int config_broker_parse(const char *url, char *host, size_t hlen, int *port, bool *tls);

#endif
