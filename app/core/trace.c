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

/*
 * strtod needs a NUL-terminated field; fields are copied into a small buffer,
 * which also bounds what one field may be. 0, or -1 when the n bytes at s
 * (blanks around them allowed) are not one number.
 */
static int parse_number(const char *s, size_t n, double *out)
{
	char buf[64];
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
	return 0;
}

static int parse_field(const char **cur, const char *end, double *out)
{
	const char *s = *cur;
	const char *comma = memchr(s, ',', (size_t)(end - s));
	const char *fe = comma ? comma : end;

	if (parse_number(s, (size_t)(fe - s), out))
		return -1;
	*cur = comma ? comma + 1 : end;
	return comma ? 1 : 0;   /* 1: more fields follow */
}

/* The range checks of one sensor's seven values (t, acc, gyr): NULL or
 * the reason. */
static const char *check_values(const double v[7])
{
	if (fabs(v[0]) > TRACE_MAX_T_S)
		return "time out of range";
	for (int i = 1; i < 4; i++)
		if (fabs(v[i]) > TRACE_MAX_ACC_G)
			return "acceleration beyond 64 g: not a real reading";
	for (int i = 4; i < 7; i++)
		if (fabs(v[i]) > TRACE_MAX_GYR_DPS)
			return "angular rate beyond 10000 deg/s: not a real reading";
	return NULL;
}

static void to_sample(const double v[7], struct sample *out)
{
	out->t_s = v[0];
	for (int i = 0; i < 3; i++) {
		out->acc_g[i] = v[1 + i];
		out->gyr_dps[i] = v[4 + i];
	}
}

/* Does the line start with the header h (extra columns allowed)? */
static int starts_with_header(const char *line, size_t len, const char *h)
{
	size_t hl = strlen(h);

	if (len < hl || memcmp(line, h, hl) != 0)
		return 0;
	return len == hl || line[hl] == ',';
}

/* "# legs: L1[,L2]": sets p->legs. 0 or -EINVAL. */
static int parse_legs(struct trace_parser *p, const char *line, size_t len)
{
	enum leg legs[TRACE_MAX_SENSORS] = { LEG_UNKNOWN, LEG_UNKNOWN };
	size_t i = strlen(TRACE_LEGS_PREFIX);
	int n = 0;

	for (;;) {
		size_t a, b;
		int l;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		a = i;
		while (i < len && line[i] != ',' && line[i] != ' ' && line[i] != '\t')
			i++;
		b = i;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		l = leg_from_name(line + a, b - a);
		if (l < 0)
			return fail(p, "legs: expected left, right or - for each sensor (# legs: left,right)");
		if (n == TRACE_MAX_SENSORS)
			return fail(p, "legs: more than 2 sensors");
		legs[n++] = (enum leg)l;
		if (i == len)
			break;
		if (line[i] != ',')
			return fail(p, "legs: expected left, right or - for each sensor (# legs: left,right)");
		i++;
	}
	memcpy(p->legs, legs, sizeof(legs));
	return 0;
}

/* "column N (name) is not a number" for the 14 columns of two sensors. */
#define TRACE_COL_ERR(n, name) "column " #n " (" name ") is not a number"
static const char *const not_a_number[2 * 7] = {
	TRACE_COL_ERR(1, "t_s"), TRACE_COL_ERR(2, "ax_g"), TRACE_COL_ERR(3, "ay_g"),
	TRACE_COL_ERR(4, "az_g"), TRACE_COL_ERR(5, "gx_dps"), TRACE_COL_ERR(6, "gy_dps"),
	TRACE_COL_ERR(7, "gz_dps"), TRACE_COL_ERR(8, "t2_s"), TRACE_COL_ERR(9, "ax2_g"),
	TRACE_COL_ERR(10, "ay2_g"), TRACE_COL_ERR(11, "az2_g"), TRACE_COL_ERR(12, "gx2_dps"),
	TRACE_COL_ERR(13, "gy2_dps"), TRACE_COL_ERR(14, "gz2_dps"),
};

/* The n bytes at s are blanks only. */
static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * A line of a two-sensor trace: each sensor's seven columns all numbers or
 * all empty; sensor 2's may be left out altogether; columns after the 14th
 * are ignored.
 */
static int parse_row2(struct trace_parser *p, const char *line, size_t len, struct trace_row *out)
{
	const char *f[2 * 7];
	size_t fn[2 * 7];
	int nf = 0;
	const char *cur = line, *end = line + len;
	double v[2][7];

	while (nf < 2 * 7) {
		const char *comma = memchr(cur, ',', (size_t)(end - cur));
		const char *fe = comma ? comma : end;

		f[nf] = cur;
		fn[nf++] = (size_t)(fe - cur);
		if (!comma)
			break;
		cur = comma + 1;
	}
	if (nf != 7 && nf != 2 * 7)
		return fail(p, nf < 7 ? "too few columns (need 7)"
			       : "too few columns (need 7, or 14 with the second sensor)");
	for (int k = 0; k < nf / 7; k++) {
		int empty = 0;
		const char *why;

		for (int i = 0; i < 7; i++)
			empty += is_blank(f[7 * k + i], fn[7 * k + i]);
		out->has[k] = empty == 0;
		if (empty == 7)
			continue;
		if (empty)
			return fail(p, k == 0 ? "sensor 1's columns partly empty (all 7 or none)"
				       : "sensor 2's columns partly empty (all 7 or none)");
		for (int i = 0; i < 7; i++) {
			if (parse_number(f[7 * k + i], fn[7 * k + i], &v[k][i]))
				return fail(p, not_a_number[7 * k + i]);
			if (!isfinite(v[k][i]))
				return fail(p, "NaN or infinite value");
		}
		why = check_values(v[k]);
		if (why)
			return fail(p, why);
	}
	if (!out->has[0] && !out->has[1])
		return fail(p, "no sample: both sensors' columns are empty");
	if (out->has[0] && p->have_sample && !(v[0][0] > p->last_t_s))
		return fail(p, "time does not increase");
	if (out->has[1] && p->have_sample2 && !(v[1][0] > p->last2_t_s))
		return fail(p, "sensor 2's time (t2_s) does not increase");
	for (int k = 0; k < 2; k++)
		if (out->has[k])
			to_sample(v[k], &out->s[k]);
	if (out->has[0]) {
		p->have_sample = 1;
		p->last_t_s = v[0][0];
	}
	if (out->has[1]) {
		p->have_sample2 = 1;
		p->last2_t_s = v[1][0];
	}
	return TRACE_LINE_SAMPLE;
}

int trace_parse_row(struct trace_parser *p, const char *line, size_t len, struct trace_row *out)
{
	double v[7];
	const char *cur, *end, *why;

	memset(out->has, 0, sizeof(out->has));
	len = trim_end(line, len);
	/* a UTF-8 byte-order mark, as spreadsheets write, before the header */
	if (!p->have_header && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (len > TRACE_MAX_LINE)
		return fail(p, "line too long");
	if (len >= strlen(TRACE_LEGS_PREFIX) &&
	    memcmp(line, TRACE_LEGS_PREFIX, strlen(TRACE_LEGS_PREFIX)) == 0) {
		if (is_junk(line, len))
			return fail(p, "binary data (control or non-ASCII bytes)");
		return parse_legs(p, line, len) ? -EINVAL : TRACE_LINE_SKIP;
	}
	if (len == 0 || line[0] == '#')
		return TRACE_LINE_SKIP;
	if (is_junk(line, len))
		return fail(p, "binary data (control or non-ASCII bytes)");
	if (!p->have_header) {
		if (!starts_with_header(line, len, TRACE_HEADER))
			return fail(p, "expected the header " TRACE_HEADER);
		p->have_header = 1;
		p->n_sensors = starts_with_header(line, len, TRACE_HEADER2) ? 2 : 1;
		return TRACE_LINE_SKIP;
	}
	if (starts_with_header(line, len, TRACE_HEADER))
		return fail(p, "header repeated");
	memcpy(out->leg, p->legs, sizeof(out->leg));
	if (p->n_sensors == 2)
		return parse_row2(p, line, len, out);

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
	why = check_values(v);
	if (why)
		return fail(p, why);
	if (p->have_sample && !(v[0] > p->last_t_s))
		return fail(p, "time does not increase");

	p->have_sample = 1;
	p->last_t_s = v[0];
	out->has[0] = true;
	to_sample(v, &out->s[0]);
	return TRACE_LINE_SAMPLE;
}

int trace_parse_line(struct trace_parser *p, const char *line, size_t len, struct sample *out)
{
	struct trace_row row;
	int rc = trace_parse_row(p, line, len, &row);

	if (rc != TRACE_LINE_SAMPLE)
		return rc;
	if (!row.has[0])   /* sensor 2's alone: nothing for a one-sensor reader */
		return TRACE_LINE_SKIP;
	*out = row.s[0];
	return TRACE_LINE_SAMPLE;
}

#define TRACE_SAMPLE_FMT "%.6f,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f"
#define TRACE_SAMPLE_ARGS(s) (s)->t_s, (s)->acc_g[0], (s)->acc_g[1], (s)->acc_g[2], \
	(s)->gyr_dps[0], (s)->gyr_dps[1], (s)->gyr_dps[2]
#define TRACE_NO_SAMPLE ",,,,,,"

int trace_format_sample(char *buf, size_t n, const struct sample *s)
{
	return snprintf(buf, n, TRACE_SAMPLE_FMT "\n", TRACE_SAMPLE_ARGS(s));
}

int trace_format_row(char *buf, size_t n, int n_sensors, const struct trace_row *row)
{
	const struct sample *a = &row->s[0], *b = &row->s[1];

	if (n_sensors != 2)
		return row->has[0] ? trace_format_sample(buf, n, a) : -EINVAL;
	if (row->has[0] && row->has[1])
		return snprintf(buf, n, TRACE_SAMPLE_FMT "," TRACE_SAMPLE_FMT "\n",
				TRACE_SAMPLE_ARGS(a), TRACE_SAMPLE_ARGS(b));
	if (row->has[0])
		return snprintf(buf, n, TRACE_SAMPLE_FMT "," TRACE_NO_SAMPLE "\n", TRACE_SAMPLE_ARGS(a));
	if (row->has[1])
		return snprintf(buf, n, TRACE_NO_SAMPLE "," TRACE_SAMPLE_FMT "\n", TRACE_SAMPLE_ARGS(b));
	return -EINVAL;
}

int trace_format_legs(char *buf, size_t n, int n_sensors, const enum leg *legs)
{
	const char *a = leg_name(legs[0]), *b = n_sensors == 2 ? leg_name(legs[1]) : "";

	if (!a || !b || n_sensors < 1 || n_sensors > 2)
		return -EINVAL;
	return snprintf(buf, n, TRACE_LEGS_PREFIX " %s%s%s\n", a, n_sensors == 2 ? "," : "", b);
}
