// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the spool file reader (app/kiosk/kiosk_spool.h).
 * FUZZ_NEEDS: app/kiosk/kiosk_spool.h:kiosk_spool_parse
 *
 * Properties: any bytes are taken or refused, never half taken: an error
 * leaves nothing to free and a reason in words; a file taken has its logs
 * within the session's bounds, and written out again (kiosk_spool_format)
 * reads back to the same numbers, bit for bit.
 */
#include <errno.h>
#include <string.h>
#include "kiosk/kiosk_spool.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kiosk_spool_item a, b;
	char why[256], *text;
	int rc;

	if (size > KIOSK_SPOOL_MAX_BYTES)
		return 0;
	rc = kiosk_spool_parse((const char *)data, size, &a, why, sizeof(why));
	if (rc) {
		FUZZ_CHECK(rc == -EBADMSG || rc == -ENOTSUP || rc == -ENOMEM);
		FUZZ_CHECK(a.s == NULL && a.tempo_dev_s == NULL);
		FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof(why)));
		return 0;
	}
	FUZZ_CHECK(session_rep_log_len(a.s) <= SESSION_MAX_REPS);
	FUZZ_CHECK(a.meta.n_symptoms >= 0 && a.meta.n_symptoms <= HISTORY_MAX_SYMPTOMS);
	FUZZ_CHECK(a.meta.save_id == a.id && kiosk_spool_id_ok(a.id));
	text = kiosk_spool_format(a.id, a.source, a.s, &a.meta, a.ended_at);
	FUZZ_CHECK(text != NULL);
	rc = kiosk_spool_parse(text, strlen(text), &b, why, sizeof(why));
	if (rc)
		fprintf(stderr, "written back: %s\n", why);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(b.ended_at == a.ended_at && !strcmp(b.source, a.source));
	FUZZ_CHECK(b.s->n_reps == a.s->n_reps && b.s->work_s == a.s->work_s &&
		   b.s->sum_peak_deg == a.s->sum_peak_deg && b.s->end_s == a.s->end_s);
	for (int i = 0; i < session_rep_log_len(a.s); i++)
		FUZZ_CHECK(b.s->rep_log[i].peak_deg == a.s->rep_log[i].peak_deg &&
			   b.s->rep_log[i].t_s == a.s->rep_log[i].t_s);
	FUZZ_CHECK(b.meta.n_tempo_dev == a.meta.n_tempo_dev && b.meta.pain_after == a.meta.pain_after);
	free(text);
	kiosk_spool_item_free(&a);
	kiosk_spool_item_free(&b);
	return 0;
}
