// SPDX-License-Identifier: MIT
/* board_scene — simulated stations on the board (board_scene.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board/board_scene.h"
#include "kiosk/kiosk_net.h"
#include "kiosk/scene.h"

/* What the stations show, in turn. */
static const enum ui_scene station_scenes[] = {
	UI_SCENE_EXERCISE, UI_SCENE_WARNING, UI_SCENE_SUMMARY, UI_SCENE_PREWARNING, UI_SCENE_START,
};
#define N_SCENES (int)(sizeof(station_scenes) / sizeof(station_scenes[0]))

int board_scene_fill(struct board *b, int n, double now_s)
{
	struct net_live live[N_SCENES];
	static const char *const initials[] = { "AB", "KM", "", "JS", "", "RT" };

	if (n < 1 || n > BOARD_MAX_STATIONS)
		return -EINVAL;
	for (int i = 0; i < N_SCENES; i++) {
		struct kiosk *k;
		double t, anim;
		int rc = ui_scene_build(station_scenes[i], &k, &t, &anim);

		if (rc)
			return rc;
		kiosk_net_live(kiosk_view(k), &live[i]);
		kiosk_free(k);
	}
	for (int i = 0; i < n; i++) {
		struct net_board_msg m;
		char *json;
		char why[128];
		int rc;

		memset(&m, 0, sizeof(m));
		snprintf(m.station, sizeof(m.station), "mat-%d", i + 1);
		m.kind = NET_TOPIC_LIVE;
		struct net_live l = live[i % N_SCENES];

		snprintf(l.patient, sizeof(l.patient), "%s", initials[i % 6]);
		json = net_live_json(&l, m.station);
		if (!json)
			return -ENOMEM;
		rc = net_parse_live(json, strlen(json), m.station, &m.live, why, sizeof(why));
		free(json);
		if (rc)
			return rc;
		board_take(b, &m, now_s);
		if (i == 2) {   /* a finished session was received from it */
			m.kind = NET_TOPIC_SESSION;
			m.session_new = true;
			board_take(b, &m, now_s);
		}
		if (i == n - 1 && n >= 3) {   /* the last one went away */
			m.kind = NET_TOPIC_STATUS;
			m.online = false;
			board_take(b, &m, now_s);
		}
	}
	return 0;
}
