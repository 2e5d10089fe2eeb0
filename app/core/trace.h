/* SPDX-License-Identifier: MIT */
/*
 * trace — the CSV trace format of DESIGN.md, as a pure line parser and
 * formatter (the file handling lives in app/trace_file.c).
 *
 *   t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps
 *
 * One sample a line; '#' lines are comments; blank lines are skipped; columns
 * after the seventh are ignored; time strictly increases.
 */
#ifndef STRETCHREP_CORE_TRACE_H
#define STRETCHREP_CORE_TRACE_H

#include <stddef.h>
#include "core/sample.h"

#define TRACE_HEADER "t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps"
#define TRACE_MAX_LINE 1024       /* longer lines are an error */
#define TRACE_MAX_LINE_STR "1024"
#define TRACE_MAX_ACC_G 64.0      /* beyond any MEMS range: corrupt data */
#define TRACE_MAX_GYR_DPS 10000.0
#define TRACE_MAX_T_S 1.0e7       /* about 115 days */

struct trace_parser {
	int have_header;
	int have_sample;
	double last_t_s;
	const char *error;   /* static string describing the last error */
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
/* Formats one sample as a CSV line with '\n'; returns the length written, or
 * the length needed if it did not fit (snprintf semantics). */
int trace_format_sample(char *buf, size_t n, const struct sample *s);

#endif
