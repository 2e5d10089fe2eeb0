/* SPDX-License-Identifier: MIT */
/*
 * trace — the CSV trace format of DESIGN.md, as a pure line parser and
 * formatter (the file handling lives in app/trace_file.c).
 *
 *   t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps
 *
 * One sample a line; '#' lines are comments; blank lines are skipped; columns
 * after the seventh are ignored; time strictly increases.
 *
 * Two sensors (one per leg) add a second sensor's seven columns after them:
 *
 *   t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps,t2_s,ax2_g,ay2_g,az2_g,gx2_dps,gy2_dps,gz2_dps
 *
 * Each sensor keeps its own time (two chips, two clocks), each strictly
 * increasing on its own. A line carries a sample of either sensor or of
 * both: a sensor without one leaves its seven columns empty (",,,,,,"), and
 * a line of seven columns is sensor 1's alone. So a reader that knows only
 * the seven columns reads sensor 1 from a two-sensor trace, except a line
 * with sensor 1's columns empty (written only while sensor 1 is lost).
 *
 * A comment "# legs: L1[,L2]" (each L one of left, right, -) says which leg
 * each sensor is on from that line on: before the header for the whole
 * trace, or between samples where a sensor is moved to the other leg
 * ("-": on no leg, being moved; its samples belong to no session).
 * A trace without one leaves the legs unknown.
 */
#ifndef STRETCHREP_CORE_TRACE_H
#define STRETCHREP_CORE_TRACE_H

#include <stddef.h>
#include <stdbool.h>
#include "core/leg.h"
#include "core/sample.h"

#define TRACE_HEADER "t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps"
#define TRACE_HEADER2 TRACE_HEADER ",t2_s,ax2_g,ay2_g,az2_g,gx2_dps,gy2_dps,gz2_dps"
#define TRACE_LEGS_PREFIX "# legs:"
#define TRACE_MAX_SENSORS 2
#define TRACE_MAX_LINE 1024       /* longer lines are an error */
#define TRACE_MAX_LINE_STR "1024"
#define TRACE_MAX_ACC_G 64.0      /* beyond any MEMS range: corrupt data */
#define TRACE_MAX_GYR_DPS 10000.0
#define TRACE_MAX_T_S 1.0e7       /* about 115 days */

struct trace_parser {
	int have_header;
	int have_sample;     /* sensor 1 has had a sample (last_t_s is its time) */
	double last_t_s;
	const char *error;   /* static string describing the last error */
	int n_sensors;       /* 1, or 2 once the header has the second sensor's columns */
	int have_sample2;    /* sensor 2 has had a sample (last2_t_s) */
	double last2_t_s;
	enum leg legs[TRACE_MAX_SENSORS];   /* from the latest "# legs:" line */
};

/* One line's samples: sensor k's when has[k]. */
struct trace_row {
	bool has[TRACE_MAX_SENSORS];
	struct sample s[TRACE_MAX_SENSORS];
	enum leg leg[TRACE_MAX_SENSORS];    /* each sensor's leg at this line */
};

enum trace_line {
	TRACE_LINE_SKIP = 0,   /* comment, blank or header: nothing to use */
	TRACE_LINE_SAMPLE = 1, /* *out holds a sample */
};

void trace_parser_init(struct trace_parser *p);
/* Parses one line (without or with its trailing newline; need not be
 * NUL-terminated). Returns TRACE_LINE_SKIP, TRACE_LINE_SAMPLE, or -EINVAL
 * with p->error naming the reason. */
int trace_parse_line(struct trace_parser *p, const char *line, size_t len, struct sample *out);
/* The same for both sensors: TRACE_LINE_SAMPLE when the line holds a
 * sample of either sensor (*out says which), TRACE_LINE_SKIP, or -EINVAL. A
 * "# legs:" comment updates p->legs (-EINVAL if it names no leg). */
int trace_parse_row(struct trace_parser *p, const char *line, size_t len, struct trace_row *out);
/* Formats one sample as a CSV line with '\n'; returns the length written, or
 * the length needed if it did not fit (snprintf semantics). */
int trace_format_sample(char *buf, size_t n, const struct sample *s);
/* A row of a trace of n_sensors (1 or 2) sensors, snprintf semantics; a
 * one-sensor row is trace_format_sample's line (row->has[0] must be set).
 * -EINVAL when the row has no sample. */
int trace_format_row(char *buf, size_t n, int n_sensors, const struct trace_row *row);
/* The "# legs: ..." line (with '\n') for n_sensors sensors, snprintf semantics. */
int trace_format_legs(char *buf, size_t n, int n_sensors, const enum leg *legs);

#endif
