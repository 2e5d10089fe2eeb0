// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
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
static void fill_previous(struct history *h, int64_t id, struct ui_history *out)
{
	struct history_entry e[UI_VIEW_PREV + 1];
	int n = history_recent(h, e, UI_VIEW_PREV + 1), k = 0;

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

int kiosk_history_record(struct history *h, int open_rc, const struct session *s, int64_t ended_at,
			 int64_t *id, struct ui_history *out)
{
	struct session_summary sum;
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
	session_get_summary(s, &sum);
	rc = history_save(h, s, ended_at - (int64_t)(sum.duration_s + 0.5), ended_at, id);
	if (rc) {
		*id = -1;
		out->saved = UI_SAVED_FAILED;
		snprintf(out->why, sizeof(out->why), "%s", kiosk_history_why(rc));
	} else {
		out->saved = UI_SAVED_OK;
	}
	fill_previous(h, *id, out);
	return rc;
}
