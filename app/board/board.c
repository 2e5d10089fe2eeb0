// SPDX-License-Identifier: MIT
/* board — the stations as last heard of (board.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "clock.h"

struct station {
	struct ui_board_tile tile;
	double heard_s;              /* monotonic, last message */
	bool said_offline;
};

struct board {
	pthread_mutex_t lock;
	FILE *out;
	int n;
	struct station st[BOARD_MAX_STATIONS];
	unsigned long dropped;       /* messages from stations past BOARD_MAX_STATIONS */
};

int board_new(struct board **out, FILE *json_out)
{
	struct board *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (!b)
		return -ENOMEM;
	pthread_mutex_init(&b->lock, NULL);
	b->out = json_out;
	*out = b;
	return 0;
}

void board_free(struct board *b)
{
	if (!b)
		return;
	pthread_mutex_destroy(&b->lock);
	free(b);
}

/* The station's slot, made when new; NULL when the board is full. */
static struct station *find(struct board *b, const char *name)
{
	for (int i = 0; i < b->n; i++)
		if (!strcmp(b->st[i].tile.station, name))
			return &b->st[i];
	if (b->n >= BOARD_MAX_STATIONS)
		return NULL;
	struct station *s = &b->st[b->n++];

	memset(s, 0, sizeof(*s));
	snprintf(s->tile.station, sizeof(s->tile.station), "%s", name);
	snprintf(s->tile.state, sizeof(s->tile.state), "idle");
	return s;
}

static void print_json(struct board *b, const struct net_board_msg *m)
{
	const struct net_live *l = &m->live;
	const struct net_session *ns = &m->session;

	if (!b->out)
		return;
	switch (m->kind) {
	case NET_TOPIC_LIVE:
		fprintf(b->out,
			"{\"event\": \"live\", \"station\": \"%s\", \"state\": \"%s\", \"patient\": \"%s\", "
			"\"reps\": %d, \"angle_deg\": %.1f, \"hold_s\": %.1f, \"alert\": %d, \"work_s\": %.1f}\n",
			m->station, l->state, l->patient, l->reps, l->angle_deg, l->hold_s, l->alert, l->work_s);
		break;
	case NET_TOPIC_SESSION:
		fprintf(b->out,
			"{\"event\": \"session\", \"station\": \"%s\", \"id\": \"%s\", \"new\": %s, \"reps\": %d, "
			"\"warnings\": %d, \"work_s\": %.1f}\n",
			m->station, ns->id, m->session_new ? "true" : "false", ns->sum.reps, ns->sum.warnings,
			ns->sum.work_s);
		break;
	case NET_TOPIC_STATUS:
		fprintf(b->out, "{\"event\": \"status\", \"station\": \"%s\", \"online\": %s}\n", m->station,
			m->online ? "true" : "false");
		break;
	default:
		return;
	}
	fflush(b->out);
}

void board_take(struct board *b, const struct net_board_msg *m, double now_s)
{
	struct station *s;

	pthread_mutex_lock(&b->lock);
	print_json(b, m);
	s = find(b, m->station);
	if (!s) {
		b->dropped++;
		pthread_mutex_unlock(&b->lock);
		return;
	}
	s->heard_s = now_s;
	switch (m->kind) {
	case NET_TOPIC_LIVE:
		s->said_offline = false;
		snprintf(s->tile.state, sizeof(s->tile.state), "%s", m->live.state);
		snprintf(s->tile.patient, sizeof(s->tile.patient), "%s", m->live.patient);
		s->tile.reps = m->live.reps;
		s->tile.angle_deg = m->live.angle_deg;
		s->tile.hold_s = m->live.hold_s;
		s->tile.alert = m->live.alert;
		s->tile.work_s = m->live.work_s;
		break;
	case NET_TOPIC_SESSION:
		if (m->session_new)
			s->tile.sessions++;
		break;
	case NET_TOPIC_STATUS:
		s->said_offline = !m->online;
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&b->lock);
}

void board_on_msg(void *ctx, const struct net_board_msg *m)
{
	board_take(ctx, m, clock_mono_s());
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ui_board_tile *)a)->station, ((const struct ui_board_tile *)b)->station);
}

void board_view_fill(struct board *b, double now_s, struct ui_board *out)
{
	struct ui_board_tile all[BOARD_MAX_STATIONS];
	int n;

	memset(all, 0, sizeof(all));
	pthread_mutex_lock(&b->lock);
	n = b->n;
	for (int i = 0; i < n; i++) {
		all[i] = b->st[i].tile;
		all[i].online = !b->st[i].said_offline && now_s - b->st[i].heard_s < BOARD_SILENT_S;
	}
	pthread_mutex_unlock(&b->lock);
	qsort(all, (size_t)n, sizeof(all[0]), by_name);
	out->n = n < UI_BOARD_MAX ? n : UI_BOARD_MAX;
	out->more = n - out->n;
	memcpy(out->tiles, all, (size_t)out->n * sizeof(all[0]));
}
