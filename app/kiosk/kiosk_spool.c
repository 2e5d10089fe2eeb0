// SPDX-License-Identifier: MIT
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "config.h"
#include "kiosk/kiosk_spool.h"
#include "safe_file.h"

int kiosk_spool_dir_for(const char *db_path, char *buf, size_t len)
{
	const char *slash = strrchr(db_path, '/');
	int n;

	if (!slash)
		n = snprintf(buf, len, "%s", KIOSK_SPOOL_DIR_NAME);
	else
		n = snprintf(buf, len, "%.*s/%s", (int)(slash - db_path), db_path, KIOSK_SPOOL_DIR_NAME);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void kiosk_spool_new_id(int64_t ended_at, char id[KIOSK_SPOOL_ID_MAX])
{
	static unsigned count;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* time first so that a sorted listing is oldest first; the process,
	 * a count and the nanoseconds make two IDs differ even across a
	 * restart within the same second */
	snprintf(id, KIOSK_SPOOL_ID_MAX, "%012lld-%d-%u-%09ld", (long long)(ended_at > 0 ? ended_at : 0),
		 (int)getpid(), count++, (long)ts.tv_nsec);
}

bool kiosk_spool_id_ok(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (n >= KIOSK_SPOOL_ID_MAX - 1 ||
		    !((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'a' && id[n] <= 'z') ||
		      (id[n] >= 'A' && id[n] <= 'Z') || id[n] == '-'))
			return false;
	return n > 0;
}

/* -- writing ---------------------------------------------------------- */

/* A double written so that it reads back to the same bits
 * (config_format_double): cJSON's own printer accepts 15 digits when they
 * read back merely close (its compare_double), which would change a saved
 * session's numbers. A non-finite one is null. */
static cJSON *num(double v)
{
	char buf[32];

	if (!isfinite(v))
		return cJSON_CreateNull();
	config_format_double(buf, sizeof(buf), v);
	return cJSON_CreateRaw(buf);
}

static bool add_num(cJSON *o, const char *name, double v)
{
	cJSON *j = num(v);

	return j && cJSON_AddItemToObject(o, name, j);
}

static cJSON *num_list(const double *v, int n)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, num(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static bool add_list(cJSON *to, const char *name, const double *v, int n)
{
	cJSON *a = num_list(v, n);

	return a && cJSON_AddItemToObject(to, name, a);
}

static bool add_rows(cJSON *o, const struct session *s)
{
	cJSON *reps = cJSON_AddArrayToObject(o, "reps");
	cJSON *holds = cJSON_AddArrayToObject(o, "holds");
	cJSON *ceil = cJSON_AddArrayToObject(o, "ceiling");

	if (!reps || !holds || !ceil)
		return false;
	for (int i = 0; i < session_rep_log_len(s); i++) {
		const struct motion_rep *r = session_rep(s, i);
		double v[6] = { r->n, r->start_s, r->t_s, r->peak_deg, r->dwell_s, r->duration_s };

		if (!cJSON_AddItemToArray(reps, num_list(v, 6)))
			return false;
	}
	for (int i = 0; i < session_hold_log_len(s); i++) {
		const struct motion_hold *hd = session_hold(s, i);
		double v[4] = { hd->start_s, hd->duration_s, hd->angle_deg, hd->warned };

		if (!cJSON_AddItemToArray(holds, num_list(v, 4)))
			return false;
	}
	for (int i = 0; i < session_ceiling_log_len(s); i++) {
		const struct session_ceiling_event *c = session_ceiling_event(s, i);
		double v[2] = { c->t_s, c->peak_deg };

		if (!cJSON_AddItemToArray(ceil, num_list(v, 2)))
			return false;
	}
	return true;
}

static bool add_meta(cJSON *o, const struct history_meta *m)
{
	cJSON *j = cJSON_AddObjectToObject(o, "meta"), *sym;

	if (!j || !add_num(j, "patient_id", (double)m->patient_id) ||
	    !cJSON_AddStringToObject(j, "side", history_side_name(m->side)) ||
	    !cJSON_AddStringToObject(j, "mode", history_mode_name(m->mode)) ||
	    !add_num(j, "pain_before", m->pain_before) ||
	    !add_num(j, "pain_after", m->pain_after) ||
	    !add_num(j, "set_id", (double)m->set_id) ||
	    !(sym = cJSON_AddArrayToObject(j, "symptoms")))
		return false;
	for (int i = 0; i < m->n_symptoms && i < HISTORY_MAX_SYMPTOMS; i++) {
		double v[3] = { m->symptoms[i].t_s, m->symptoms[i].angle_deg, m->symptoms[i].rating };

		if (!cJSON_AddItemToArray(sym, num_list(v, 3)))
			return false;
	}
	if (m->tempo_dev_s && m->n_tempo_dev > 0)
		return add_list(j, "tempo_dev_s", m->tempo_dev_s, m->n_tempo_dev);
	return cJSON_AddNullToObject(j, "tempo_dev_s") != NULL;
}

char *kiosk_spool_format(const char *id, const char *source, const struct session *s,
			 const struct history_meta *meta, int64_t ended_at)
{
	const struct orient *or = &s->motion.orient;
	struct history_meta none;
	cJSON *o = cJSON_CreateObject(), *j;
	char *text = NULL;
	bool ok;

	if (!meta) {
		history_meta_init(&none);
		meta = &none;
	}
	ok = o && add_num(o, "spool", KIOSK_SPOOL_VERSION) &&
	     cJSON_AddStringToObject(o, "id", id) &&
	     cJSON_AddStringToObject(o, "source", source && source[0] ? source : "sensor") &&
	     add_num(o, "ended_at", (double)ended_at) &&
	     (j = cJSON_AddObjectToObject(o, "session")) &&
	     add_num(j, "hold_warn_s", s->set.motion.hold_warn_s) &&
	     add_num(j, "work_target_s", s->set.work_target_s) &&
	     add_num(j, "ceiling_deg", s->set.ceiling_deg) &&
	     add_num(j, "start_s", s->start_s) &&
	     add_num(j, "end_s", s->state == SESSION_DONE ? s->end_s : s->t_s) &&
	     add_num(j, "work_s", s->work_s) &&
	     add_num(j, "reps", s->n_reps) &&
	     add_num(j, "warnings", s->n_warnings) &&
	     add_num(j, "holds", s->n_holds) &&
	     add_num(j, "ceiling_events", s->n_ceiling) &&
	     add_num(j, "longest_hold_s", s->longest_hold_s) &&
	     add_num(j, "sum_peak_deg", s->sum_peak_deg) &&
	     add_num(j, "best_peak_deg", s->best_peak_deg) &&
	     add_num(j, "sum_rep_s", s->sum_rep_s) &&
	     (j = cJSON_AddObjectToObject(o, "gyro")) &&
	     cJSON_AddBoolToObject(j, "bias_known", or->bias_known) &&
	     add_list(j, "bias_dps", or->bias_dps, 3) &&
	     add_num(j, "bias_tol_dps", or->set.bias_tol_dps) &&
	     add_num(j, "scale_checks", or->scale_checks) &&
	     add_num(j, "scale", or->gyr_scale) &&
	     add_num(j, "scale_tol", or->set.scale_tol) &&
	     add_rows(o, s) && add_meta(o, meta);
	if (ok)
		text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

int kiosk_spool_write(const char *dir, const char *id, const char *source, const struct session *s,
		      const struct history_meta *meta, int64_t ended_at, char *err, size_t elen)
{
	char path[PATH_MAX];
	struct safe_file *sf;
	char *text;
	int rc;

	if (!kiosk_spool_id_ok(id)) {
		snprintf(err, elen, "%s: not a spool id", id);
		return -EINVAL;
	}
	if (snprintf(path, sizeof(path), "%s/%s" KIOSK_SPOOL_SUFFIX, dir, id) >= (int)sizeof(path)) {
		snprintf(err, elen, "%s: %s", dir, strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	if (mkdir(dir, 0750) && errno != EEXIST) {
		rc = -errno;
		snprintf(err, elen, "%s: %s", dir, strerror(-rc));
		return rc;
	}
	text = kiosk_spool_format(id, source, s, meta, ended_at);
	if (!text) {
		snprintf(err, elen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = safe_file_open(&sf, path, err, elen);
	if (!rc) {
		if (fputs(text, safe_file_stream(sf)) < 0 || fputc('\n', safe_file_stream(sf)) == EOF) {
			rc = -(errno ? errno : EIO);
			snprintf(err, elen, "%s: %s", path, strerror(-rc));
			safe_file_abort(sf);
		} else {
			rc = safe_file_commit(sf, err, elen);
		}
	}
	free(text);
	return rc;
}

/* -- reading ---------------------------------------------------------- */

struct reader {
	char *why;
	size_t wlen;
};

static int bad(struct reader *r, const char *what, const char *reason)
{
	snprintf(r->why, r->wlen, "%s: %s", what, reason);
	return -EBADMSG;
}

/* A finite number in [lo, hi]. */
static int get_num(struct reader *r, const cJSON *o, const char *name, double lo, double hi, double *out)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!j)
		return bad(r, name, "missing");
	if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble))
		return bad(r, name, "not a number");
	if (j->valuedouble < lo || j->valuedouble > hi)
		return bad(r, name, "out of range");
	*out = j->valuedouble;
	return 0;
}

/* A whole number in [lo, hi] (the limits within +-2^53). */
static int get_int(struct reader *r, const cJSON *o, const char *name, double lo, double hi, int64_t *out)
{
	double v;
	int rc = get_num(r, o, name, lo, hi, &v);

	if (rc)
		return rc;
	if (v != floor(v))
		return bad(r, name, "not a whole number");
	*out = (int64_t)v;
	return 0;
}

static int get_int32(struct reader *r, const cJSON *o, const char *name, int lo, int hi, int *out)
{
	int64_t v;
	int rc = get_int(r, o, name, lo, hi, &v);

	if (!rc)
		*out = (int)v;
	return rc;
}

static int get_str(struct reader *r, const cJSON *o, const char *name, char *out, size_t len)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!j)
		return bad(r, name, "missing");
	if (!cJSON_IsString(j) || !j->valuestring)
		return bad(r, name, "not a string");
	if (strlen(j->valuestring) >= len)
		return bad(r, name, "too long");
	snprintf(out, len, "%s", j->valuestring);
	return 0;
}

static const cJSON *get_obj(struct reader *r, const cJSON *o, const char *name, int *rc)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsObject(j)) {
		*rc = bad(r, name, j ? "not an object" : "missing");
		return NULL;
	}
	return j;
}

/* An array of n finite numbers (or null where nulls_ok: NAN) into v. */
static int get_row(struct reader *r, const char *name, int idx, const cJSON *a, int n, bool nulls_ok, double *v)
{
	char what[48];
	int i = 0;
	const cJSON *e;

	snprintf(what, sizeof(what), idx >= 0 ? "%s[%d]" : "%s", name, idx);
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n) {
		char reason[40];

		snprintf(reason, sizeof(reason), "not a list of %d numbers", n);
		return bad(r, what, reason);
	}
	cJSON_ArrayForEach(e, a) {
		if (nulls_ok && cJSON_IsNull(e))
			v[i++] = NAN;
		else if (cJSON_IsNumber(e) && isfinite(e->valuedouble))
			v[i++] = e->valuedouble;
		else
			return bad(r, what, "not a list of numbers");
	}
	return 0;
}

/* A list of rows of n numbers, exactly want of them. */
static int get_rows(struct reader *r, const cJSON *o, const char *name, int want, int n,
		    int (*take)(struct reader *r, struct kiosk_spool_item *it, int i, const double *v),
		    struct kiosk_spool_item *it)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name), *e;
	double v[8] = { 0 };
	int i = 0, rc;

	if (!cJSON_IsArray(a))
		return bad(r, name, a ? "not a list" : "missing");
	if (cJSON_GetArraySize(a) != want)
		return bad(r, name, "not as many as the session counted");
	cJSON_ArrayForEach(e, a) {
		rc = get_row(r, name, i, e, n, false, v);
		if (!rc)
			rc = take(r, it, i, v);
		if (rc)
			return rc;
		i++;
	}
	return 0;
}

#define ANGLE_MAX_DEG 360.0
#define TIME_MAX_S 1e7      /* about four months of session clock */

static int in_range(struct reader *r, const char *name, int i, const double *v, int n, double lo, double hi)
{
	char what[48];

	for (int k = 0; k < n; k++)
		if (v[k] < lo || v[k] > hi) {
			snprintf(what, sizeof(what), "%s[%d]", name, i);
			return bad(r, what, "out of range");
		}
	return 0;
}

static int take_rep(struct reader *r, struct kiosk_spool_item *it, int i, const double *v)
{
	struct motion_rep *rep = &it->s->rep_log[i];

	if (in_range(r, "reps", i, v, 6, -TIME_MAX_S, TIME_MAX_S) || v[0] != floor(v[0]) || v[0] < 1 ||
	    v[0] > INT_MAX)
		return bad(r, "reps", "a rep is out of range");
	rep->n = (int)v[0];
	rep->start_s = v[1];
	rep->t_s = v[2];
	rep->peak_deg = v[3];
	rep->dwell_s = v[4];
	rep->duration_s = v[5];
	return 0;
}

static int take_hold(struct reader *r, struct kiosk_spool_item *it, int i, const double *v)
{
	struct motion_hold *hd = &it->s->hold_log[i];

	if (in_range(r, "holds", i, v, 3, -TIME_MAX_S, TIME_MAX_S) || (v[3] != 0.0 && v[3] != 1.0))
		return bad(r, "holds", "a hold is out of range");
	hd->start_s = v[0];
	hd->duration_s = v[1];
	hd->angle_deg = v[2];
	hd->warned = v[3] != 0.0;
	return 0;
}

static int take_ceiling(struct reader *r, struct kiosk_spool_item *it, int i, const double *v)
{
	if (in_range(r, "ceiling", i, v, 2, -TIME_MAX_S, TIME_MAX_S))
		return -EBADMSG;
	it->s->ceiling_log[i].t_s = v[0];
	it->s->ceiling_log[i].peak_deg = v[1];
	return 0;
}

static int take_symptom(struct reader *r, struct kiosk_spool_item *it, int i, const double *v)
{
	struct history_symptom *sy = &it->meta.symptoms[i];

	if (in_range(r, "symptoms", i, v, 2, -TIME_MAX_S, TIME_MAX_S) || v[2] != floor(v[2]) || v[2] < 0 ||
	    v[2] > HISTORY_PAIN_MAX)
		return bad(r, "symptoms", "a symptom is out of range");
	sy->t_s = v[0];
	sy->angle_deg = v[1];
	sy->rating = (int)v[2];
	return 0;
}

static int log_len(int64_t n, int max)
{
	return n < max ? (int)n : max;
}

/* The session's totals and logs into it->s (made here). */
static int read_session(struct reader *r, const cJSON *root, struct kiosk_spool_item *it)
{
	const cJSON *j, *g;
	struct session_settings set = session_default_settings;
	struct session *s;
	struct orient *or;
	double bias[3] = { 0 };
	int64_t n_reps, n_holds, n_ceiling, n_warn, checks, known;
	int rc = 0;

	if (!(j = get_obj(r, root, "session", &rc)) || !(g = get_obj(r, root, "gyro", &rc)))
		return rc;
	s = it->s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	if ((rc = get_num(r, j, "hold_warn_s", 0.0, TIME_MAX_S, &set.motion.hold_warn_s)) ||
	    (rc = get_num(r, j, "work_target_s", 0.0, TIME_MAX_S, &set.work_target_s)) ||
	    (rc = get_num(r, j, "ceiling_deg", 0.0, ANGLE_MAX_DEG, &set.ceiling_deg)))
		return rc;
	session_init(s, &set);
	or = &s->motion.orient;
	if ((rc = get_num(r, j, "start_s", -TIME_MAX_S, TIME_MAX_S, &s->start_s)) ||
	    (rc = get_num(r, j, "end_s", -TIME_MAX_S, TIME_MAX_S, &s->end_s)) ||
	    (rc = get_num(r, j, "work_s", 0.0, TIME_MAX_S, &s->work_s)) ||
	    (rc = get_int(r, j, "reps", 0, INT_MAX, &n_reps)) ||
	    (rc = get_int(r, j, "warnings", 0, INT_MAX, &n_warn)) ||
	    (rc = get_int(r, j, "holds", 0, INT_MAX, &n_holds)) ||
	    (rc = get_int(r, j, "ceiling_events", 0, INT_MAX, &n_ceiling)) ||
	    (rc = get_num(r, j, "longest_hold_s", 0.0, TIME_MAX_S, &s->longest_hold_s)) ||
	    (rc = get_num(r, j, "sum_peak_deg", -1e12, 1e12, &s->sum_peak_deg)) ||
	    (rc = get_num(r, j, "best_peak_deg", -ANGLE_MAX_DEG, ANGLE_MAX_DEG, &s->best_peak_deg)) ||
	    (rc = get_num(r, j, "sum_rep_s", 0.0, 1e12, &s->sum_rep_s)))
		return rc;
	s->n_reps = (int)n_reps;
	s->n_warnings = (int)n_warn;
	s->n_holds = (int)n_holds;
	s->n_ceiling = (int)n_ceiling;
	s->state = SESSION_DONE;   /* the summary's end is end_s */
	s->t_s = s->end_s;
	s->have_t = true;
	if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(g, "bias_known")))
		return bad(r, "bias_known", "not true or false");
	known = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g, "bias_known"));
	if ((rc = get_row(r, "bias_dps", -1, cJSON_GetObjectItemCaseSensitive(g, "bias_dps"), 3, false, bias)) ||
	    (rc = in_range(r, "bias_dps", 0, bias, 3, -1e4, 1e4)) ||
	    (rc = get_num(r, g, "bias_tol_dps", 0.0, 1e4, &or->set.bias_tol_dps)) ||
	    (rc = get_int(r, g, "scale_checks", 0, INT_MAX, &checks)) ||
	    (rc = get_num(r, g, "scale", 0.0, 100.0, &or->gyr_scale)) ||
	    (rc = get_num(r, g, "scale_tol", 0.0, 100.0, &or->set.scale_tol)))
		return rc;
	or->bias_known = known != 0;
	memcpy(or->bias_dps, bias, sizeof(bias));
	or->scale_checks = (int)checks;
	if ((rc = get_rows(r, root, "reps", log_len(n_reps, SESSION_MAX_REPS), 6, take_rep, it)) ||
	    (rc = get_rows(r, root, "holds", log_len(n_holds, SESSION_MAX_HOLDS), 4, take_hold, it)) ||
	    (rc = get_rows(r, root, "ceiling", log_len(n_ceiling, SESSION_MAX_CEILING), 2, take_ceiling, it)))
		return rc;
	return 0;
}

static int read_meta(struct reader *r, const cJSON *root, struct kiosk_spool_item *it)
{
	struct history_meta *m = &it->meta;
	const cJSON *j, *a, *sym;
	char word[16];
	int rc = 0, n;

	history_meta_init(m);
	if (!(j = get_obj(r, root, "meta", &rc)))
		return rc;
	if ((rc = get_int(r, j, "patient_id", 0, 9007199254740992.0, &m->patient_id)) ||
	    (rc = get_int(r, j, "set_id", 0, 9007199254740992.0, &m->set_id)) ||
	    (rc = get_int32(r, j, "pain_before", HISTORY_PAIN_NOT_ASKED, HISTORY_PAIN_MAX, &m->pain_before)) ||
	    (rc = get_int32(r, j, "pain_after", HISTORY_PAIN_NOT_ASKED, HISTORY_PAIN_MAX, &m->pain_after)) ||
	    (rc = get_str(r, j, "side", word, sizeof(word))))
		return rc;
	if (word[0] && history_side_parse(word, &m->side))
		return bad(r, "side", "not left, right or \"\"");
	if ((rc = get_str(r, j, "mode", word, sizeof(word))))
		return rc;
	if (history_mode_parse(word, &m->mode))
		return bad(r, "mode", "not stretch or massage");
	sym = cJSON_GetObjectItemCaseSensitive(j, "symptoms");
	if (!cJSON_IsArray(sym) || cJSON_GetArraySize(sym) > HISTORY_MAX_SYMPTOMS)
		return bad(r, "symptoms", "not a list of up to 16");
	n = cJSON_GetArraySize(sym);
	if ((rc = get_rows(r, j, "symptoms", n, 3, take_symptom, it)))
		return rc;
	m->n_symptoms = n;
	a = cJSON_GetObjectItemCaseSensitive(j, "tempo_dev_s");
	if (!a)
		return bad(r, "tempo_dev_s", "missing");
	if (cJSON_IsNull(a))
		return 0;
	n = cJSON_GetArraySize(a);
	if (!cJSON_IsArray(a) || n < 1 || n > SESSION_MAX_REPS)
		return bad(r, "tempo_dev_s", "not null or a list of up to 512");
	it->tempo_dev_s = calloc((size_t)n, sizeof(double));
	if (!it->tempo_dev_s)
		return -ENOMEM;
	if ((rc = get_row(r, "tempo_dev_s", -1, a, n, true, it->tempo_dev_s)))
		return rc;
	for (int i = 0; i < n; i++)
		if (fabs(it->tempo_dev_s[i]) > TIME_MAX_S)
			return bad(r, "tempo_dev_s", "out of range");
	m->tempo_dev_s = it->tempo_dev_s;
	m->n_tempo_dev = n;
	return 0;
}

int kiosk_spool_parse(const char *text, size_t len, struct kiosk_spool_item *item, char *why, size_t wlen)
{
	struct reader r = { why, wlen };
	cJSON *root;
	double version;
	int rc;

	memset(item, 0, sizeof(*item));
	snprintf(why, wlen, "%s", "");
	root = cJSON_ParseWithLength(text, len);
	if (!root) {
		snprintf(why, wlen, "not JSON (truncated or damaged)");
		return -EBADMSG;
	}
	if (!cJSON_IsObject(root)) {
		rc = bad(&r, "the file", "not a JSON object");
		goto out;
	}
	rc = get_num(&r, root, "spool", 1, 1e9, &version);
	if (rc)
		goto out;
	if (version != KIOSK_SPOOL_VERSION) {
		snprintf(why, wlen, "version %g: written by another stretchrep (this one reads %d)", version,
			 KIOSK_SPOOL_VERSION);
		rc = -ENOTSUP;
		goto out;
	}
	if ((rc = get_str(&r, root, "id", item->id, sizeof(item->id))))
		goto out;
	if (!kiosk_spool_id_ok(item->id)) {
		rc = bad(&r, "id", "not a spool id");
		goto out;
	}
	if ((rc = get_str(&r, root, "source", item->source, sizeof(item->source))))
		goto out;
	if (strcmp(item->source, "sensor") != 0 && strcmp(item->source, "demo") != 0 &&
	    strcmp(item->source, "replay") != 0) {
		rc = bad(&r, "source", "not sensor, demo or replay");
		goto out;
	}
	if ((rc = get_int(&r, root, "ended_at", 0, 9007199254740992.0, &item->ended_at)) ||
	    (rc = read_session(&r, root, item)) || (rc = read_meta(&r, root, item)))
		goto out;
	item->meta.save_id = item->id;
out:
	cJSON_Delete(root);
	if (rc) {
		if (rc == -ENOMEM)
			snprintf(why, wlen, "%s", strerror(ENOMEM));
		kiosk_spool_item_free(item);
	}
	return rc;
}

void kiosk_spool_item_free(struct kiosk_spool_item *item)
{
	free(item->s);
	free(item->tempo_dev_s);
	item->s = NULL;
	item->tempo_dev_s = NULL;
	item->meta.tempo_dev_s = NULL;
	item->meta.n_tempo_dev = 0;
}

int kiosk_spool_read(const char *dir, const char *id, struct kiosk_spool_item *item, char *why, size_t wlen)
{
	char path[PATH_MAX], *text = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd, rc;

	memset(item, 0, sizeof(*item));
	if (snprintf(path, sizeof(path), "%s/%s" KIOSK_SPOOL_SUFFIX, dir, id) >= (int)sizeof(path)) {
		snprintf(why, wlen, "%s", strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	/* not through a link, and no wait on a FIFO planted there */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(why, wlen, "%s", strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st)) {
		rc = -errno;
		snprintf(why, wlen, "%s", strerror(-rc));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > KIOSK_SPOOL_MAX_BYTES) {
		snprintf(why, wlen, "%s", !S_ISREG(st.st_mode) ? "not a regular file" : "larger than a session can be");
		rc = -EBADMSG;
		goto out_close;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		rc = -ENOMEM;
		snprintf(why, wlen, "%s", strerror(ENOMEM));
		goto out_close;
	}
	while (got < (size_t)st.st_size && (n = read(fd, text + got, (size_t)st.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			snprintf(why, wlen, "%s", strerror(-rc));
			goto out_free;
		}
		got += (size_t)n;
	}
	rc = kiosk_spool_parse(text, got, item, why, wlen);
	if (!rc && strcmp(item->id, id) != 0) {
		kiosk_spool_item_free(item);
		snprintf(why, wlen, "id: not the file's name");
		rc = -EBADMSG;
	}
out_free:
	free(text);
out_close:
	close(fd);
	return rc;
}

/* ID.json with a valid ID. */
static int spool_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name), sl = strlen(KIOSK_SPOOL_SUFFIX);
	char id[KIOSK_SPOOL_ID_MAX];

	if (n <= sl || n - sl >= sizeof(id) || strcmp(d->d_name + n - sl, KIOSK_SPOOL_SUFFIX) != 0)
		return 0;
	memcpy(id, d->d_name, n - sl);
	id[n - sl] = '\0';
	return kiosk_spool_id_ok(id);
}

int kiosk_spool_list(const char *dir, char (*ids)[KIOSK_SPOOL_ID_MAX], int max)
{
	struct dirent **names;
	int n = scandir(dir, &names, spool_name, alphasort);

	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		if (i < max) {
			size_t len = strlen(names[i]->d_name) - strlen(KIOSK_SPOOL_SUFFIX);

			memcpy(ids[i], names[i]->d_name, len);
			ids[i][len] = '\0';
		}
		free(names[i]);
	}
	free(names);
	return n;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int kiosk_spool_remove(const char *dir, const char *id)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s" KIOSK_SPOOL_SUFFIX, dir, id) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (unlink(path))
		return -errno;
	sync_dir(dir);
	return 0;
}

int kiosk_spool_set_aside(const char *dir, const char *id)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (snprintf(from, sizeof(from), "%s/%s" KIOSK_SPOOL_SUFFIX, dir, id) >= (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "%s" KIOSK_SPOOL_BAD_SUFFIX, from) >= (int)sizeof(to))
		return -ENAMETOOLONG;
	if (rename(from, to))
		return -errno;
	sync_dir(dir);
	return 0;
}
