// SPDX-License-Identifier: MIT
/*
 * Fuzz target: what the clinic board accepts from the network
 * (net/payload.h): the first byte picks the topic kind, the rest is the
 * payload from station "mat-1". Besides the sanitizers it checks:
 *  - a result is 0, or -EINVAL/-EMSGSIZE with a reason;
 *  - an accepted message has every field in range, its strings printable
 *    ASCII within their sizes, a session id of [A-Za-z0-9_-] only;
 *  - an accepted message written back (net_*_json) is accepted again with
 *    the same counts.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "net/payload.h"

static void check_text(const char *s, size_t n)
{
	size_t len = strnlen(s, n);

	FUZZ_CHECK(len < n);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(s[i] >= 0x20 && s[i] <= 0x7e);
}

static void live(const uint8_t *data, size_t size)
{
	struct net_live l, back;
	char why[128] = "";
	int rc = net_parse_live(data, size, "mat-1", &l, why, sizeof(why));
	char *json;

	FUZZ_CHECK(rc == 0 || ((rc == -EINVAL || rc == -EMSGSIZE) && why[0]));
	if (rc)
		return;
	check_text(l.state, sizeof(l.state));
	check_text(l.patient, sizeof(l.patient));
	FUZZ_CHECK(l.reps >= 0 && l.alert >= 0 && l.alert <= 2);
	FUZZ_CHECK(isfinite(l.angle_deg) && fabs(l.angle_deg) <= 360 && l.hold_s >= 0 && l.work_s >= 0);
	json = net_live_json(&l, "mat-1");
	FUZZ_CHECK(json != NULL);
	FUZZ_CHECK(net_parse_live(json, strlen(json), "mat-1", &back, why, sizeof(why)) == 0);
	FUZZ_CHECK(back.reps == l.reps && back.alert == l.alert && !strcmp(back.state, l.state));
	free(json);
}

static void session(const uint8_t *data, size_t size)
{
	struct net_session s, back;
	char why[128] = "";
	int rc = net_parse_session(data, size, "mat-1", &s, why, sizeof(why));
	char *json;

	FUZZ_CHECK(rc == 0 || ((rc == -EINVAL || rc == -EMSGSIZE) && why[0]));
	if (rc)
		return;
	check_text(s.id, sizeof(s.id));
	check_text(s.patient, sizeof(s.patient));
	FUZZ_CHECK(s.id[0] && strspn(s.id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
				      strlen(s.id));
	FUZZ_CHECK(s.sum.reps >= 0 && s.sum.holds >= 0 && s.sum.warnings >= 0 && s.ended_at >= 0);
	json = net_session_json(&s, "mat-1");
	FUZZ_CHECK(json != NULL);
	FUZZ_CHECK(net_parse_session(json, strlen(json), "mat-1", &back, why, sizeof(why)) == 0);
	FUZZ_CHECK(!strcmp(back.id, s.id) && back.sum.reps == s.sum.reps && back.sum.warnings == s.sum.warnings);
	free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		session(data + 1, size - 1);
	else
		live(data + 1, size - 1);
	return 0;
}
