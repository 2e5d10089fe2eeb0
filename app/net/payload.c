// SPDX-License-Identifier: MIT
/*
 * payload — topics and JSON messages (payload.h), with cJSON: a parser
 * that has been fuzzed by others for years beats one written here.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <cJSON.h>
#include "net/payload.h"

static const char *const kind_names[NET_TOPIC_N] = {
	[NET_TOPIC_LIVE] = "live",
	[NET_TOPIC_SESSION] = "session",
	[NET_TOPIC_STATUS] = "status",
	[NET_TOPIC_ACK] = "ack",
};

int net_topic(char *buf, size_t n, const char *station, enum net_topic_kind kind)
{
	int w;

	if (!config_station_ok(station) || kind >= NET_TOPIC_N)
		return -EINVAL;
	w = snprintf(buf, n, "stretchrep/%s/%s", station, kind_names[kind]);
	return (w < 0 || (size_t)w >= n) ? -EINVAL : 0;
}

int net_topic_parse(const char *topic, char station[CONFIG_STATION_MAX + 1], enum net_topic_kind *kind)
{
	const char *p, *slash;
	size_t n;

	if (strncmp(topic, "stretchrep/", 11) != 0)
		return -EINVAL;
	p = topic + 11;
	slash = strchr(p, '/');
	if (!slash)
		return -EINVAL;
	n = (size_t)(slash - p);
	if (n < 1 || n > CONFIG_STATION_MAX)
		return -EINVAL;
	memcpy(station, p, n);
	station[n] = '\0';
	if (!config_station_ok(station))
		return -EINVAL;
	for (int k = 0; k < NET_TOPIC_N; k++) {
		if (!strcmp(slash + 1, kind_names[k])) {
			*kind = (enum net_topic_kind)k;
			return 0;
		}
	}
	return -EINVAL;
}

int net_msg_id_new(char id[NET_MSG_ID_MAX], const char *station)
{
	unsigned char r[16];
	char hex[33];

	if (!config_station_ok(station))
		return -EINVAL;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return -EIO;
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	snprintf(id, NET_MSG_ID_MAX, "%s-%s", station, hex);
	return 0;
}

/* A finite number rounded to 0.1 (the board shows no more). */
static double tenth(double v)
{
	return isfinite(v) ? round(v * 10.0) / 10.0 : 0.0;
}

char *net_live_json(const struct net_live *l, const char *station)
{
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;

	if (!o)
		return NULL;
	if (cJSON_AddStringToObject(o, "station", station) && cJSON_AddStringToObject(o, "state", l->state) &&
	    cJSON_AddStringToObject(o, "patient", l->patient) && cJSON_AddNumberToObject(o, "reps", l->reps) &&
	    cJSON_AddNumberToObject(o, "angle_deg", tenth(l->angle_deg)) &&
	    cJSON_AddNumberToObject(o, "hold_s", tenth(l->hold_s)) && cJSON_AddNumberToObject(o, "alert", l->alert) &&
	    cJSON_AddNumberToObject(o, "work_s", tenth(l->work_s)))
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

char *net_session_json(const struct net_session *ns, const char *station)
{
	const struct session_summary *m = &ns->sum;
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;

	if (!o)
		return NULL;
	if (cJSON_AddStringToObject(o, "id", ns->id) && cJSON_AddStringToObject(o, "station", station) &&
	    cJSON_AddStringToObject(o, "patient", ns->patient) &&
	    cJSON_AddNumberToObject(o, "ended_at", (double)ns->ended_at) &&
	    cJSON_AddNumberToObject(o, "reps", m->reps) && cJSON_AddNumberToObject(o, "work_s", tenth(m->work_s)) &&
	    cJSON_AddNumberToObject(o, "duration_s", tenth(m->duration_s)) &&
	    cJSON_AddNumberToObject(o, "mean_peak_deg", tenth(m->mean_peak_deg)) &&
	    cJSON_AddNumberToObject(o, "best_peak_deg", tenth(m->best_peak_deg)) &&
	    cJSON_AddNumberToObject(o, "longest_hold_s", tenth(m->longest_hold_s)) &&
	    cJSON_AddNumberToObject(o, "holds", m->holds) && cJSON_AddNumberToObject(o, "warnings", m->warnings) &&
	    cJSON_AddNumberToObject(o, "tempo_reps_per_min", tenth(m->tempo_reps_per_min)))
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* ---- parsing ---- */

static int why_set(char *why, size_t wlen, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int why_set(char *why, size_t wlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, wlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* A JSON object from len bytes, or NULL with the reason. */
static cJSON *parse_object(const void *buf, size_t len, char *why, size_t wlen, int *rc)
{
	cJSON *o;

	if (len > NET_MAX_PAYLOAD) {
		*rc = why_set(why, wlen, -EMSGSIZE, "%s", "longer than the limit");
		return NULL;
	}
	o = cJSON_ParseWithLength(buf, len);
	if (!o || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		*rc = why_set(why, wlen, -EINVAL, "%s", "not a JSON object");
		return NULL;
	}
	return o;
}

static int get_number(const cJSON *o, const char *name, double lo, double hi, double *out, char *why,
		      size_t wlen)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(it))
		return why_set(why, wlen, -EINVAL, "no number \"%s\"", name);
	if (!isfinite(it->valuedouble) || it->valuedouble < lo || it->valuedouble > hi)
		return why_set(why, wlen, -EINVAL, "\"%s\" out of range", name);
	*out = it->valuedouble;
	return 0;
}

static int get_int(const cJSON *o, const char *name, int lo, int hi, int *out, char *why, size_t wlen)
{
	double d = 0;
	int rc = get_number(o, name, lo, hi, &d, why, wlen);

	if (rc)
		return rc;
	if (d != floor(d))
		return why_set(why, wlen, -EINVAL, "\"%s\" not a whole number", name);
	*out = (int)d;
	return 0;
}

/* A string of 0 .. n-1 characters, printable ASCII only (it is drawn and logged). */
static int get_string(const cJSON *o, const char *name, char *out, size_t n, char *why, size_t wlen)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t len;

	if (!cJSON_IsString(it) || !it->valuestring)
		return why_set(why, wlen, -EINVAL, "no string \"%s\"", name);
	len = strlen(it->valuestring);
	if (len >= n)
		return why_set(why, wlen, -EINVAL, "\"%s\" too long", name);
	for (size_t i = 0; i < len; i++)
		if (it->valuestring[i] < 0x20 || it->valuestring[i] > 0x7e)
			return why_set(why, wlen, -EINVAL, "\"%s\" not printable ASCII", name);
	memcpy(out, it->valuestring, len + 1);
	return 0;
}

static int check_station(const cJSON *o, const char *station, char *why, size_t wlen)
{
	char s[CONFIG_STATION_MAX + 1];
	int rc = get_string(o, "station", s, sizeof(s), why, wlen);

	if (rc)
		return rc;
	if (strcmp(s, station) != 0)
		return why_set(why, wlen, -EINVAL, "%s", "\"station\" differs from the topic's");
	return 0;
}

int net_parse_live(const void *buf, size_t len, const char *station, struct net_live *out, char *why,
		   size_t wlen)
{
	int rc = 0;
	cJSON *o = parse_object(buf, len, why, wlen, &rc);

	if (!o)
		return rc;
	memset(out, 0, sizeof(*out));
	rc = check_station(o, station, why, wlen);
	if (!rc)
		rc = get_string(o, "state", out->state, sizeof(out->state), why, wlen);
	if (!rc)
		rc = get_string(o, "patient", out->patient, sizeof(out->patient), why, wlen);
	if (!rc)
		rc = get_int(o, "reps", 0, 1000000, &out->reps, why, wlen);
	if (!rc)
		rc = get_number(o, "angle_deg", -360, 360, &out->angle_deg, why, wlen);
	if (!rc)
		rc = get_number(o, "hold_s", 0, 1e6, &out->hold_s, why, wlen);
	if (!rc)
		rc = get_int(o, "alert", 0, 2, &out->alert, why, wlen);
	if (!rc)
		rc = get_number(o, "work_s", 0, 1e6, &out->work_s, why, wlen);
	cJSON_Delete(o);
	return rc;
}

/* A message id as net_msg_id_new makes them: [A-Za-z0-9_-] only. */
static bool msg_id_ok(const char *id)
{
	if (!id[0])
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return false;
	return true;
}

int net_parse_session(const void *buf, size_t len, const char *station, struct net_session *out, char *why,
		      size_t wlen)
{
	struct session_summary *m = &out->sum;
	double ended = 0;
	int rc = 0;
	cJSON *o = parse_object(buf, len, why, wlen, &rc);

	if (!o)
		return rc;
	memset(out, 0, sizeof(*out));
	rc = check_station(o, station, why, wlen);
	if (!rc)
		rc = get_string(o, "id", out->id, sizeof(out->id), why, wlen);
	if (!rc && !msg_id_ok(out->id))
		rc = why_set(why, wlen, -EINVAL, "%s", "\"id\" has characters other than A-Z a-z 0-9 _ -");
	if (!rc)
		rc = get_string(o, "patient", out->patient, sizeof(out->patient), why, wlen);
	if (!rc)
		rc = get_number(o, "ended_at", 0, 1e11, &ended, why, wlen);
	if (!rc)
		rc = get_int(o, "reps", 0, 1000000, &m->reps, why, wlen);
	if (!rc)
		rc = get_number(o, "work_s", 0, 1e6, &m->work_s, why, wlen);
	if (!rc)
		rc = get_number(o, "duration_s", 0, 1e7, &m->duration_s, why, wlen);
	if (!rc)
		rc = get_number(o, "mean_peak_deg", -360, 360, &m->mean_peak_deg, why, wlen);
	if (!rc)
		rc = get_number(o, "best_peak_deg", -360, 360, &m->best_peak_deg, why, wlen);
	if (!rc)
		rc = get_number(o, "longest_hold_s", 0, 1e6, &m->longest_hold_s, why, wlen);
	if (!rc)
		rc = get_int(o, "holds", 0, 1000000, &m->holds, why, wlen);
	if (!rc)
		rc = get_int(o, "warnings", 0, 1000000, &m->warnings, why, wlen);
	out->ended_at = (int64_t)ended;
	cJSON_Delete(o);
	return rc;
}
