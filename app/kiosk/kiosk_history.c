// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kiosk/kiosk_history.h"

const char *kiosk_history_why(int err)
{
	switch (err) {
	/* the truth as history.h reports it, in a person's words */
	case -ENOSPC:
	case -EDQUOT:
		return "disk full";
	case -EROFS:
		return "read-only file system";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -EISDIR:
		return "its path is a directory";
	case -EBUSY:
		return "the history is busy";
	case -EBADMSG:
		return "the history file is damaged";
	case -ENOTSUP:
		return "made by a newer version";
	case -ENOENT:
	case -ENOTDIR:
		return "no place to keep it";
	default:
		return "could not write";
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

static double retry_delay_s(int err)
{
	return err == -EBUSY ? KIOSK_HISTORY_RETRY_S : KIOSK_HISTORY_RETRY_SLOW_S;
}

/* A copy of meta that owns its tempo deviations (one allocation: the
 * array follows the struct), or NULL when meta is NULL or out of memory. */
static struct history_meta *meta_copy(const struct history_meta *meta)
{
	size_t n = meta->tempo_dev_s && meta->n_tempo_dev > 0 ? (size_t)meta->n_tempo_dev : 0;
	struct history_meta *m = malloc(sizeof(*m) + n * sizeof(double));

	if (!m)
		return NULL;
	*m = *meta;
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

int kiosk_history_queue_push(struct kiosk_history_queue *q, const struct session *s,
			     const struct history_meta *meta, int64_t ended_at, int err)
{
	struct session *copy;
	struct history_meta *mcopy = NULL;

	if (q->n == KIOSK_HISTORY_QUEUE)
		return -ENOSPC;
	copy = malloc(sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	if (meta && !(mcopy = meta_copy(meta))) {
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, s, sizeof(*copy));
	q->s[q->n] = copy;
	q->meta[q->n] = mcopy;
	q->ended_at[q->n] = ended_at;
	if (q->n++ == 0)
		q->next_try_s = -1.0;   /* the first retry call sets the time */
	q->last_rc = err;
	return 0;
}

int kiosk_history_queue_retry(struct kiosk_history_queue *q, struct history *h, double now_s,
			      int64_t *id)
{
	int rc;

	if (!h || q->n == 0)
		return 0;
	if (q->next_try_s < 0.0)
		q->next_try_s = now_s + retry_delay_s(q->last_rc);
	if (now_s < q->next_try_s)
		return 0;
	rc = save(h, q->s[0], q->meta[0], q->ended_at[0], id);
	q->last_rc = rc;
	if (rc) {
		q->next_try_s = now_s + retry_delay_s(rc);
		return rc;
	}
	free(q->s[0]);
	free(q->meta[0]);
	q->n--;
	for (int i = 0; i < q->n; i++) {
		q->s[i] = q->s[i + 1];
		q->meta[i] = q->meta[i + 1];
		q->ended_at[i] = q->ended_at[i + 1];
	}
	q->next_try_s = now_s;   /* the next one at once, on a later call */
	return 1;
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
