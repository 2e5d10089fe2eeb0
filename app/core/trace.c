// SPDX-License-Identifier: MIT
#include "core/trace.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trace_parser_init(struct trace_parser *p)
{
	memset(p, 0, sizeof(*p));
}

static int fail(struct trace_parser *p, const char *why)
{
	p->error = why;
	return -EINVAL;
}

/* Strips the newline, a CR before it, and trailing blanks. */
static size_t trim_end(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
			   line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	return len;
}

static int is_junk(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c < 0x20 && c != '\t')
			return 1;
		if (c >= 0x7f)
			return 1;
	}
	return 0;
}

/* Does the line start with the seven header names (extra columns allowed)? */
static int is_header(const char *line, size_t len)
{
	size_t hl = strlen(TRACE_HEADER);

	if (len < hl || memcmp(line, TRACE_HEADER, hl) != 0)
		return 0;
	return len == hl || line[hl] == ',';
}

/*
 * strtod needs a NUL-terminated field; fields are copied into a small buffer,
 * which also bounds what one field may be.
 */
static int parse_field(const char **cur, const char *end, double *out)
{
	char buf[64];
	const char *s = *cur;
	const char *comma = memchr(s, ',', (size_t)(end - s));
	const char *fe = comma ? comma : end;
	size_t n = (size_t)(fe - s);
	char *stop;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtod(buf, &stop);
	/* ERANGE on underflow (1e-320) is a fine zero; on overflow, not a number */
	if (*stop != '\0' || (errno == ERANGE && fabs(*out) == HUGE_VAL))
		return -1;
	*cur = comma ? comma + 1 : end;
	return comma ? 1 : 0;   /* 1: more fields follow */
}

int trace_parse_line(struct trace_parser *p, const char *line, size_t len, struct sample *out)
{
	static const char *const not_a_number[7] = {
		"column 1 (t_s) is not a number",
		"column 2 (ax_g) is not a number",
		"column 3 (ay_g) is not a number",
		"column 4 (az_g) is not a number",
		"column 5 (gx_dps) is not a number",
		"column 6 (gy_dps) is not a number",
		"column 7 (gz_dps) is not a number",
	};
	double v[7];
	const char *cur, *end;

	len = trim_end(line, len);
	/* a UTF-8 byte-order mark, as spreadsheets write, before the header */
	if (!p->have_header && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (len > TRACE_MAX_LINE)
		return fail(p, "line too long");
	if (len == 0 || line[0] == '#')
		return TRACE_LINE_SKIP;
	if (is_junk(line, len))
		return fail(p, "binary data (control or non-ASCII bytes)");
	if (!p->have_header) {
		if (!is_header(line, len))
			return fail(p, "expected the header " TRACE_HEADER);
		p->have_header = 1;
		return TRACE_LINE_SKIP;
	}
	if (is_header(line, len))
		return fail(p, "header repeated");

	cur = line;
	end = line + len;
	for (int i = 0; i < 7; i++) {
		int more;

		if (cur >= end && i > 0)
			return fail(p, "too few columns (need 7)");
		more = parse_field(&cur, end, &v[i]);
		if (more < 0)
			return fail(p, not_a_number[i]);
		if (!isfinite(v[i]))
			return fail(p, "NaN or infinite value");
		if (!more && i < 6)
			return fail(p, "too few columns (need 7)");
	}
	if (fabs(v[0]) > TRACE_MAX_T_S)
		return fail(p, "time out of range");
	for (int i = 1; i < 4; i++)
		if (fabs(v[i]) > TRACE_MAX_ACC_G)
			return fail(p, "acceleration beyond 64 g: not a real reading");
	for (int i = 4; i < 7; i++)
		if (fabs(v[i]) > TRACE_MAX_GYR_DPS)
			return fail(p, "angular rate beyond 10000 deg/s: not a real reading");
	if (p->have_sample && !(v[0] > p->last_t_s))
		return fail(p, "time does not increase");

	p->have_sample = 1;
	p->last_t_s = v[0];
	out->t_s = v[0];
	for (int i = 0; i < 3; i++) {
		out->acc_g[i] = v[1 + i];
		out->gyr_dps[i] = v[4 + i];
	}
	return TRACE_LINE_SAMPLE;
}

int trace_format_sample(char *buf, size_t n, const struct sample *s)
{
	return snprintf(buf, n, "%.6f,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f\n", s->t_s,
			s->acc_g[0], s->acc_g[1], s->acc_g[2],
			s->gyr_dps[0], s->gyr_dps[1], s->gyr_dps[2]);
}
