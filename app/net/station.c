// SPDX-License-Identifier: MIT
/*
 * station — the kiosk's MQTT publisher thread (station.h).
 *
 * One thread owns the mosquitto client and runs its loop itself
 * (mosquitto_loop with a 50 ms timeout): the callbacks run there too, so
 * the client, the outbox connection and the timers need no locks. Only the
 * live slot, the queue of new sessions, the stop flag and the stats are
 * shared with the caller, under one mutex.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mosquitto.h>
#include "clock.h"
#include "net/mqtt_conn.h"
#include "net/station.h"
#include "store/outbox.h"

#define NET_RESEND_BATCH 50         /* sessions (re)published per turn */
#define NET_LIVE_MIN_GAP_S 1.0      /* an unchanged live state is still refreshed this often */

struct pending {
	struct pending *next;
	char id[NET_MSG_ID_MAX];
	char *json;
	int64_t queued_at;
};

struct net_station {
	struct config_network cfg;
	char history_path[4096];
	char topic[NET_TOPIC_N][NET_TOPIC_MAX];
	pthread_t thread;

	pthread_mutex_t lock;        /* guards what follows */
	bool stop;
	bool have_live, live_new;
	struct net_live live;
	struct pending *head, **tail;
	struct net_station_stats stats;

	/* the thread's own */
	struct mosquitto *mosq;
	struct mqtt_target target;
	struct outbox *outbox;
	bool connected;              /* CONNACK accepted */
	double resend_due_s;
	double last_live_s;
	struct net_live last_live;
};

static void stats_update(struct net_station *st, void (*fn)(struct net_station_stats *s))
{
	pthread_mutex_lock(&st->lock);
	fn(&st->stats);
	pthread_mutex_unlock(&st->lock);
}

static void count_connect(struct net_station_stats *s) { s->connects++; s->connected = true; }
static void count_disconnect(struct net_station_stats *s) { s->connected = false; }
static void count_live(struct net_station_stats *s) { s->live_sent++; }
static void count_session(struct net_station_stats *s) { s->sessions_sent++; }
static void count_ack(struct net_station_stats *s) { s->acks++; }

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
	struct net_station *st = ud;

	if (rc != 0) {
		fprintf(stderr, "net: %s:%d refused the connection: %s\n", st->target.host, st->target.port,
			mosquitto_connack_string(rc));
		return;
	}
	st->connected = true;
	st->resend_due_s = 0;       /* the outbox goes out now */
	st->last_live_s = -1e9;     /* and the live state */
	mosquitto_subscribe(m, NULL, st->topic[NET_TOPIC_ACK], 1);
	mosquitto_publish(m, NULL, st->topic[NET_TOPIC_STATUS], 6, "online", 1, true);
	stats_update(st, count_connect);
	fprintf(stderr, "net: connected to %s:%d as station %s\n", st->target.host, st->target.port,
		st->cfg.station);
}

static void on_disconnect(struct mosquitto *m, void *ud, int rc)
{
	struct net_station *st = ud;

	(void)m;
	if (st->connected)
		fprintf(stderr, "net: disconnected from %s:%d%s\n", st->target.host, st->target.port,
			rc ? " (connection lost): sessions wait in the outbox" : "");
	st->connected = false;
	stats_update(st, count_disconnect);
}

/* The board's acknowledgement: the id of a session it keeps. */
static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	struct net_station *st = ud;
	char id[NET_MSG_ID_MAX];

	(void)m;
	if (strcmp(msg->topic, st->topic[NET_TOPIC_ACK]) != 0 || msg->payloadlen <= 0 ||
	    msg->payloadlen >= (int)sizeof(id))
		return;
	memcpy(id, msg->payload, (size_t)msg->payloadlen);
	id[msg->payloadlen] = '\0';
	if (st->outbox && outbox_remove(st->outbox, id) == 1)
		stats_update(st, count_ack);
}

static int publish_one(void *ctx, const char *id, const char *payload)
{
	struct net_station *st = ctx;
	size_t n = strlen(payload);
	int rc;

	(void)id;
	rc = mosquitto_publish(st->mosq, NULL, st->topic[NET_TOPIC_SESSION], (int)n, payload, 1, false);
	if (rc != MOSQ_ERR_SUCCESS)
		return 1;   /* the connection went: the rest waits */
	stats_update(st, count_session);
	return 0;
}

/* New sessions from the caller into the outbox (here, off the main thread).
 * A write that fails keeps the session in memory for the next turn. */
static void take_pending(struct net_station *st, double now_s)
{
	struct pending *p;

	for (;;) {
		int rc;

		pthread_mutex_lock(&st->lock);
		p = st->head;
		pthread_mutex_unlock(&st->lock);
		if (!p)
			return;
		if (st->outbox) {
			rc = outbox_add(st->outbox, p->id, p->json, p->queued_at);
			int dropped = rc ? 0 : outbox_trim(st->outbox, OUTBOX_MAX_ROWS);

			if (dropped > 0)
				fprintf(stderr, "net: outbox: over %d sessions no board acknowledged: the oldest %d "
					"dropped from it (still in the history)\n", OUTBOX_MAX_ROWS, dropped);
		} else {
			/* no history to queue in (it failed to open, said then):
			 * sent once when connected, at QoS 1, unacknowledged */
			if (!st->connected)
				return;
			rc = publish_one(st, p->id, p->json) ? -EIO : 0;
		}
		if (rc) {
			fprintf(stderr, "net: outbox: session %s not queued yet: %s\n", p->id, strerror(-rc));
			return;
		}
		pthread_mutex_lock(&st->lock);
		st->head = p->next;
		if (!st->head)
			st->tail = &st->head;
		pthread_mutex_unlock(&st->lock);
		free(p->json);
		free(p);
		st->resend_due_s = now_s;   /* publish it now */
	}
}

/* Nothing the board shows differs (to its tenths). */
static bool live_same(const struct net_live *a, const struct net_live *b)
{
	return a->reps == b->reps && a->alert == b->alert && !strcmp(a->state, b->state) &&
	       !strcmp(a->patient, b->patient) && fabs(a->angle_deg - b->angle_deg) < 0.05 &&
	       fabs(a->hold_s - b->hold_s) < 0.05 && fabs(a->work_s - b->work_s) < 0.05;
}

static void send_live(struct net_station *st, double now_s)
{
	struct net_live l;
	bool have, changed;
	char *json;

	pthread_mutex_lock(&st->lock);
	have = st->have_live;
	l = st->live;
	st->live_new = false;
	pthread_mutex_unlock(&st->lock);
	if (!have)
		return;
	changed = strcmp(l.state, st->last_live.state) != 0 || l.alert != st->last_live.alert;
	if (!changed && now_s - st->last_live_s < 1.0 / NET_LIVE_HZ)
		return;
	if (!changed && live_same(&l, &st->last_live) && now_s - st->last_live_s < NET_LIVE_MIN_GAP_S)
		return;
	json = net_live_json(&l, st->cfg.station);
	if (!json)
		return;
	if (mosquitto_publish(st->mosq, NULL, st->topic[NET_TOPIC_LIVE], (int)strlen(json), json, 0, true) ==
	    MOSQ_ERR_SUCCESS) {
		st->last_live = l;
		st->last_live_s = now_s;
		stats_update(st, count_live);
	}
	free(json);
}

static bool stopping(struct net_station *st)
{
	bool s;

	pthread_mutex_lock(&st->lock);
	s = st->stop;
	pthread_mutex_unlock(&st->lock);
	return s;
}

/* One turn of the connected client: network, then what is due. */
static void turn(struct net_station *st, double now_s)
{
	take_pending(st, now_s);
	if (!st->connected)
		return;
	send_live(st, now_s);
	if (now_s >= st->resend_due_s && st->outbox) {
		outbox_each(st->outbox, NET_RESEND_BATCH, publish_one, st);
		st->resend_due_s = now_s + NET_RESEND_S;
	}
}

static bool stop_cb(void *ctx)
{
	return stopping(ctx);
}

/* While backing off, new sessions still go into the outbox. */
static void idle_cb(void *ctx)
{
	take_pending(ctx, clock_mono_s());
}

static void linger(struct net_station *st)
{
	double end = clock_mono_s() + NET_CLOSE_LINGER_S;

	take_pending(st, clock_mono_s());
	while (st->connected && st->outbox && outbox_count(st->outbox) > 0 && clock_mono_s() < end) {
		if (mosquitto_loop(st->mosq, 50, 1) != MOSQ_ERR_SUCCESS)
			break;
		turn(st, clock_mono_s());
	}
	if (st->connected) {
		mosquitto_publish(st->mosq, NULL, st->topic[NET_TOPIC_STATUS], 7, "offline", 1, true);
		for (int i = 0; i < 10 && mosquitto_want_write(st->mosq); i++)
			mosquitto_loop(st->mosq, 20, 1);
		mosquitto_disconnect(st->mosq);
		mosquitto_loop(st->mosq, 20, 1);
	}
}

static void *station_thread(void *arg)
{
	struct net_station *st = arg;
	struct mqtt_loop L = { 0 };

	while (!stopping(st)) {
		if (!mqtt_loop_turn(&L, st->mosq, &st->target, st->connected, 50, "net", stop_cb, idle_cb, st)) {
			if (st->connected)   /* (libmosquitto may have said so already) */
				on_disconnect(st->mosq, st, 1);
			continue;
		}
		turn(st, clock_mono_s());
	}
	linger(st);
	take_pending(st, clock_mono_s());
	return NULL;
}

int net_station_open(struct net_station **out, const struct config_network *cfg, const char *history_path,
		     char *why, size_t wlen)
{
	struct net_station *st;
	char client_id[96];
	int rc;

	*out = NULL;
	if (!config_station_ok(cfg->station)) {
		snprintf(why, wlen, "[network] station is not set (or not a valid name)");
		return -EINVAL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->cfg = *cfg;
	snprintf(st->history_path, sizeof(st->history_path), "%s", history_path ? history_path : "");
	st->tail = &st->head;
	for (int k = 0; k < NET_TOPIC_N; k++)
		net_topic(st->topic[k], sizeof(st->topic[k]), cfg->station, (enum net_topic_kind)k);
	snprintf(client_id, sizeof(client_id), "stretchrep-%s", cfg->station);
	rc = mqtt_conn_new(&st->mosq, &st->target, cfg, client_id, true, st, why, wlen);
	if (rc)
		goto out_free;
	mosquitto_will_set(st->mosq, st->topic[NET_TOPIC_STATUS], 7, "offline", 1, true);
	mosquitto_connect_callback_set(st->mosq, on_connect);
	mosquitto_disconnect_callback_set(st->mosq, on_disconnect);
	mosquitto_message_callback_set(st->mosq, on_message);
	if (history_path) {
		rc = outbox_open(&st->outbox, history_path);
		if (rc) {
			snprintf(why, wlen, "outbox in %s: %s", history_path, strerror(-rc));
			goto out_destroy;
		}
	}
	pthread_mutex_init(&st->lock, NULL);
	rc = -pthread_create(&st->thread, NULL, station_thread, st);
	if (rc) {
		snprintf(why, wlen, "thread: %s", strerror(-rc));
		pthread_mutex_destroy(&st->lock);
		goto out_outbox;
	}
	*out = st;
	return 0;

out_outbox:
	outbox_close(st->outbox);
out_destroy:
	mosquitto_destroy(st->mosq);
out_free:
	free(st);
	return rc;
}

void net_station_close(struct net_station *st)
{
	struct pending *p;

	if (!st)
		return;
	pthread_mutex_lock(&st->lock);
	st->stop = true;
	pthread_mutex_unlock(&st->lock);
	pthread_join(st->thread, NULL);
	for (p = st->head; p;) {   /* the outbox could not take them: say so */
		struct pending *next = p->next;

		fprintf(stderr, "net: session %s could not be queued for the board\n", p->id);
		free(p->json);
		free(p);
		p = next;
	}
	outbox_close(st->outbox);
	mosquitto_destroy(st->mosq);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

void net_station_live(struct net_station *st, const struct net_live *l)
{
	pthread_mutex_lock(&st->lock);
	st->live = *l;
	st->have_live = true;
	st->live_new = true;
	pthread_mutex_unlock(&st->lock);
}

int net_station_session(struct net_station *st, const struct session *s, int64_t ended_at, const char *patient,
			char id_out[NET_MSG_ID_MAX])
{
	struct net_session ns;
	struct pending *p;
	int rc;

	memset(&ns, 0, sizeof(ns));
	rc = net_msg_id_new(ns.id, st->cfg.station);
	if (rc)
		return rc;
	snprintf(ns.patient, sizeof(ns.patient), "%s", patient ? patient : "");
	ns.ended_at = ended_at;
	session_get_summary(s, &ns.sum);
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->json = net_session_json(&ns, st->cfg.station);
	if (!p->json) {
		free(p);
		return -ENOMEM;
	}
	memcpy(p->id, ns.id, sizeof(p->id));
	p->queued_at = ended_at;
	pthread_mutex_lock(&st->lock);
	*st->tail = p;
	st->tail = &p->next;
	pthread_mutex_unlock(&st->lock);
	if (id_out)
		memcpy(id_out, ns.id, NET_MSG_ID_MAX);
	return 0;
}

void net_station_get_stats(struct net_station *st, struct net_station_stats *out)
{
	pthread_mutex_lock(&st->lock);
	*out = st->stats;
	pthread_mutex_unlock(&st->lock);
}
