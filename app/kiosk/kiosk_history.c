// SPDX-License-Identifier: MIT
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err_words.h"
#include "kiosk/kiosk_history.h"

const char *kiosk_history_why(int err)
{
	const char *w;

	/* the truth as history.h reports it, in a person's words: the few
	 * that name the history, else err_words' table */
	switch (err) {
	case -EBUSY:
		return "the history is busy";
	case -EBADMSG:
		return "the history file is damaged";
	case -ENOENT:
	case -ENOTDIR:
		return "no place to keep it";
	default:
		w = err_words(err);
		return w ? w : "could not write";
	}
}

/* Up to UI_VIEW_PREV sessions other than id, the newest ones, oldest
 * first. A history that cannot be read leaves the comparison out. */
static void fill_previous(struct history *h, int64_t patient_id, int64_t id, struct ui_history *out)
{
	struct history_entry e[UI_VIEW_PREV + 1];
	int n = history_recent_patient(h, patient_id, e, UI_VIEW_PREV + 1), k = 0;

	if (n < 0)
		return;
	out->prev_known = true;
	for (int i = 0; i < n; i++)   /* newest first */
		if (e[i].id != id && k < UI_VIEW_PREV)
			e[k++] = e[i];
	out->n_prev = k;
	for (int i = 0; i < k; i++) {
		out->prev_reps[k - 1 - i] = e[i].sum.reps;
		out->prev_best_deg[k - 1 - i] = e[i].sum.best_peak_deg;
	}
}

/* A session ended at ended_at began its duration before. */
static int save(struct history *h, const struct session *s, const struct history_meta *meta,
		int64_t ended_at, int64_t *id)
{
	struct session_summary sum;

	session_get_summary(s, &sum);
	return history_save(h, s, meta, ended_at - (int64_t)(sum.duration_s + 0.5), ended_at, id);
}

int kiosk_history_record(struct history *h, int open_rc, const struct session *s,
			 const struct history_meta *meta, int64_t ended_at, int64_t *id,
			 struct ui_history *out)
{
	int rc;

	*id = -1;
	memset(out, 0, sizeof(*out));
	if (!h) {
		if (open_rc) {
			out->saved = UI_SAVED_FAILED;
			snprintf(out->why, sizeof(out->why), "%s", kiosk_history_why(open_rc));
		}
		return open_rc;
	}
	rc = save(h, s, meta, ended_at, id);
	if (rc) {
		*id = -1;
		out->saved = UI_SAVED_FAILED;
		snprintf(out->why, sizeof(out->why), "%s", kiosk_history_why(rc));
	} else {
		out->saved = UI_SAVED_OK;
	}
	fill_previous(h, meta ? meta->patient_id : 0, *id, out);
	return rc;
}

/* 0 (read in from the spool, never tried): at once */
static double retry_delay_s(int err)
{
	return err == 0 ? 0.0 : err == -EBUSY ? KIOSK_HISTORY_RETRY_S : KIOSK_HISTORY_RETRY_SLOW_S;
}

static void say(const struct kiosk_history_queue *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(const struct kiosk_history_queue *q, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	if (!q->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	q->log(q->log_ctx, msg);
}

/* A copy of meta (none: history_meta_init's) that owns its tempo
 * deviations (one allocation: the array follows the struct), or NULL out
 * of memory. Its save_id is set at each save (the queue's arrays move). */
static struct history_meta *meta_copy(const struct history_meta *meta)
{
	size_t n = meta && meta->tempo_dev_s && meta->n_tempo_dev > 0 ? (size_t)meta->n_tempo_dev : 0;
	struct history_meta *m = malloc(sizeof(*m) + n * sizeof(double));

	if (!m)
		return NULL;
	if (meta)
		*m = *meta;
	else
		history_meta_init(m);
	m->save_id = NULL;
	if (n) {
		double *dev = (double *)(m + 1);

		memcpy(dev, meta->tempo_dev_s, n * sizeof(double));
		m->tempo_dev_s = dev;
	} else {
		m->tempo_dev_s = NULL;
		m->n_tempo_dev = 0;
	}
	return m;
}

/* Appends copies; the queue has room. 0 or -ENOMEM. */
static int queue_add(struct kiosk_history_queue *q, const struct session *s, const struct history_meta *meta,
		     const char *source, int64_t ended_at, const char *save_id, bool spooled)
{
	struct session *copy = malloc(sizeof(*copy));
	struct history_meta *mcopy = meta_copy(meta);

	if (!copy || !mcopy) {
		free(copy);
		free(mcopy);
		return -ENOMEM;
	}
	memcpy(copy, s, sizeof(*copy));
	q->s[q->n] = copy;
	q->meta[q->n] = mcopy;
	q->ended_at[q->n] = ended_at;
	snprintf(q->save_id[q->n], sizeof(q->save_id[q->n]), "%s", save_id);
	snprintf(q->source[q->n], sizeof(q->source[q->n]), "%s", source ? source : "");
	q->spooled[q->n] = spooled;
	if (q->n++ == 0)
		q->next_try_s = -1.0;   /* the first retry call sets the time */
	return 0;
}

int kiosk_history_queue_spool(struct kiosk_history_queue *q, const char *db_path)
{
	int rc = kiosk_spool_dir_for(db_path, q->spool_dir, sizeof(q->spool_dir));

	if (rc)
		q->spool_dir[0] = '\0';
	q->spool_more = !rc;
	return rc;
}

int kiosk_history_queue_push(struct kiosk_history_queue *q, const struct session *s,
			     const struct history_meta *meta, const char *source, int64_t ended_at,
			     int err)
{
	char id[KIOSK_SPOOL_ID_MAX], why[PATH_MAX + 64];
	int rc = -ENOENT;

	kiosk_spool_new_id(ended_at, id);
	q->spool_rc = 0;
	if (q->spool_dir[0]) {
		rc = kiosk_spool_write(q->spool_dir, id, source, s, meta, ended_at, why, sizeof(why));
		q->spool_rc = rc;
		if (rc)
			say(q, "spool: %s: the session is kept in memory only (lost if the kiosk stops)", why);
	}
	q->last_rc = err;
	if (q->n == KIOSK_HISTORY_QUEUE) {
		if (rc)
			return -ENOSPC;
		q->spool_more = true;   /* on disk only: read in as the queue empties */
		return 0;
	}
	if (queue_add(q, s, meta, source, ended_at, id, rc == 0)) {
		if (rc)
			return -ENOMEM;
		q->spool_more = true;
	}
	return 0;
}

static bool queued(const struct kiosk_history_queue *q, const char *id)
{
	for (int i = 0; i < q->n; i++)
		if (!strcmp(q->save_id[i], id))
			return true;
	return false;
}

/* Reads spooled sessions not queued yet into the free slots; an unreadable
 * file is moved aside and said. */
static void spool_load(struct kiosk_history_queue *q)
{
	char ids[KIOSK_HISTORY_QUEUE * 2][KIOSK_SPOOL_ID_MAX], why[256];
	int n = kiosk_spool_list(q->spool_dir, ids, KIOSK_HISTORY_QUEUE * 2), more = 0;

	if (n < 0) {
		say(q, "spool: %s: %s", q->spool_dir, strerror(-n));
		return;   /* spool_more stays: tried again later */
	}
	q->spool_more = n > KIOSK_HISTORY_QUEUE * 2;
	for (int i = 0; i < n && i < KIOSK_HISTORY_QUEUE * 2; i++) {
		struct kiosk_spool_item it;
		int rc;

		if (queued(q, ids[i]))
			continue;
		if (q->n == KIOSK_HISTORY_QUEUE) {
			more = 1;
			break;
		}
		rc = kiosk_spool_read(q->spool_dir, ids[i], &it, why, sizeof(why));
		if (rc == -ENOMEM || rc == -ENOENT) {
			more = rc == -ENOMEM;
			continue;   /* gone meanwhile, or try again later */
		}
		if (rc == -ENOTSUP) {   /* a newer stretchrep's: left for it (a downgrade) */
			say(q, "spool: %s/%s%s: %s; left where it is", q->spool_dir, ids[i], KIOSK_SPOOL_SUFFIX, why);
			continue;
		}
		if (rc) {
			int moved = kiosk_spool_set_aside(q->spool_dir, ids[i]);

			if (moved)
				say(q, "spool: %s/%s%s: %s; could not move it aside: %s", q->spool_dir, ids[i],
				    KIOSK_SPOOL_SUFFIX, why, strerror(-moved));
			else
				say(q, "spool: %s/%s%s: %s; moved aside as %s%s%s", q->spool_dir, ids[i],
				    KIOSK_SPOOL_SUFFIX, why, ids[i], KIOSK_SPOOL_SUFFIX, KIOSK_SPOOL_BAD_SUFFIX);
			continue;
		}
		if (queue_add(q, it.s, &it.meta, it.source, it.ended_at, it.id, true))
			more = 1;
		else if (q->n == 1)
			q->last_rc = 0;   /* tried at once */
		kiosk_spool_item_free(&it);
	}
	q->spool_more |= more;
}

/* Drops the oldest entry (saved), its spool file too. */
static void queue_pop(struct kiosk_history_queue *q)
{
	if (q->spooled[0]) {
		int rc = kiosk_spool_remove(q->spool_dir, q->save_id[0]);

		if (rc && rc != -ENOENT)   /* saved with its id: a later run removes it */
			say(q, "spool: %s/%s%s: saved, but not removed: %s", q->spool_dir, q->save_id[0],
			    KIOSK_SPOOL_SUFFIX, strerror(-rc));
	}
	free(q->s[0]);
	free(q->meta[0]);
	q->n--;
	for (int i = 0; i < q->n; i++) {
		q->s[i] = q->s[i + 1];
		q->meta[i] = q->meta[i + 1];
		q->ended_at[i] = q->ended_at[i + 1];
		memcpy(q->save_id[i], q->save_id[i + 1], sizeof(q->save_id[i]));
		memcpy(q->source[i], q->source[i + 1], sizeof(q->source[i]));
		q->spooled[i] = q->spooled[i + 1];
	}
}

int kiosk_history_queue_retry(struct kiosk_history_queue *q, struct history *h, double now_s,
			      int64_t *id)
{
	int rc;

	if (!h)
		return 0;
	if (q->spool_dir[0] && q->spool_more && q->n < KIOSK_HISTORY_QUEUE &&
	    (q->n == 0 || q->next_try_s < 0.0 || now_s >= q->next_try_s))
		spool_load(q);
	if (q->n == 0)
		return 0;
	if (q->next_try_s < 0.0)
		q->next_try_s = now_s + retry_delay_s(q->last_rc);
	if (now_s < q->next_try_s)
		return 0;
	q->meta[0]->save_id = q->save_id[0];
	if (q->source[0][0])
		history_set_source(h, q->source[0]);
	rc = save(h, q->s[0], q->meta[0], q->ended_at[0], id);
	q->meta[0]->save_id = NULL;
	if (rc == -EEXIST) {   /* saved before, by a run killed before it removed the file */
		*id = -1;
		rc = 0;
	}
	q->last_rc = rc;
	if (rc) {
		q->next_try_s = now_s + retry_delay_s(rc);
		return rc;
	}
	queue_pop(q);
	q->next_try_s = now_s;   /* the next one at once, on a later call */
	if (q->spool_dir[0] && q->n < KIOSK_HISTORY_QUEUE)
		q->spool_more = true;   /* a run before, or a full queue, may have left more */
	return 1;
}

int kiosk_history_queue_unspooled(const struct kiosk_history_queue *q)
{
	int k = 0;

	for (int i = 0; i < q->n; i++)
		k += !q->spooled[i];
	return k;
}

int kiosk_history_queue_free(struct kiosk_history_queue *q)
{
	int left = q->n;

	for (int i = 0; i < q->n; i++) {
		free(q->s[i]);
		free(q->meta[i]);
	}
	q->n = 0;
	return left;
}
