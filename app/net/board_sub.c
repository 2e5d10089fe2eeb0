// SPDX-License-Identifier: MIT
/* board_sub — the board's subscriber on libmosquitto's thread (board_sub.h). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mosquitto.h>
#include "net/board_sub.h"
#include "net/mqtt_conn.h"
#include "store/board_db.h"

struct net_board {
	struct mosquitto *mosq;
	struct mqtt_target target;
	pthread_t thread;
	atomic_bool stop;
	struct board_db *db;
	void (*on_msg)(void *ctx, const struct net_board_msg *m);
	void *ctx;
	atomic_ulong refused;
	atomic_bool connected;
	bool started;
};

static bool stop_cb(void *ctx)
{
	struct net_board *b = ctx;

	return atomic_load(&b->stop);
}

/* The board's client, on this thread only: libmosquitto's own thread
 * (mosquitto_loop_start) gives up for good when the broker is down at the
 * first connection; this one keeps trying (mqtt_loop_turn). */
static void *board_thread(void *arg)
{
	struct net_board *b = arg;
	struct mqtt_loop L = { 0 };

	while (!atomic_load(&b->stop))
		mqtt_loop_turn(&L, b->mosq, &b->target, atomic_load(&b->connected), 100, "board", stop_cb, NULL, b);
	if (atomic_load(&b->connected)) {
		mosquitto_disconnect(b->mosq);
		mosquitto_loop(b->mosq, 50, 1);
	}
	return NULL;
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
	struct net_board *b = ud;

	if (rc != 0) {
		fprintf(stderr, "board: %s:%d refused the connection: %s\n", b->target.host, b->target.port,
			mosquitto_connack_string(rc));
		return;
	}
	fprintf(stderr, "board: connected to %s:%d\n", b->target.host, b->target.port);
	atomic_store(&b->connected, true);
	mosquitto_subscribe(m, NULL, "stretchrep/+/live", 0);
	mosquitto_subscribe(m, NULL, "stretchrep/+/session", 1);
	mosquitto_subscribe(m, NULL, "stretchrep/+/status", 1);
}

static void on_disconnect(struct mosquitto *m, void *ud, int rc)
{
	struct net_board *b = ud;

	(void)m;
	if (atomic_exchange(&b->connected, false))
		fprintf(stderr, "board: disconnected from %s:%d%s\n", b->target.host, b->target.port,
			rc ? " (connection lost): reconnecting" : "");
}

static void refuse(struct net_board *b, const char *topic, const char *why)
{
	char t[NET_TOPIC_MAX];
	size_t i;

	/* the topic as printable ASCII, cut short: it came from anyone */
	for (i = 0; i < sizeof(t) - 1 && topic[i]; i++)
		t[i] = (topic[i] >= 0x20 && topic[i] < 0x7f) ? topic[i] : '?';
	t[i] = '\0';
	fprintf(stderr, "board: ignored %s%s: %s\n", t, topic[i] ? "..." : "", why);
	atomic_fetch_add(&b->refused, 1);
}

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	struct net_board *b = ud;
	struct net_board_msg *nm;
	char why[128], topic[NET_TOPIC_MAX];
	size_t len = msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0;
	int rc;

	nm = calloc(1, sizeof(*nm));
	if (!nm)
		return;
	if (net_topic_parse(msg->topic, nm->station, &nm->kind) || nm->kind == NET_TOPIC_ACK) {
		refuse(b, msg->topic, "not a stretchrep topic with a valid station name");
		goto out;
	}
	if (len > NET_MAX_PAYLOAD) {
		snprintf(why, sizeof(why), "%zu bytes, more than %d", len, NET_MAX_PAYLOAD);
		refuse(b, msg->topic, why);
		goto out;
	}
	switch (nm->kind) {
	case NET_TOPIC_LIVE:
		if (len == 0)   /* a retained live state cleared: nothing to show */
			goto out;
		rc = net_parse_live(msg->payload, len, nm->station, &nm->live, why, sizeof(why));
		break;
	case NET_TOPIC_STATUS:
		rc = 0;
		if (len == 6 && !memcmp(msg->payload, "online", 6))
			nm->online = true;
		else if (len == 7 && !memcmp(msg->payload, "offline", 7))
			nm->online = false;
		else
			rc = -EINVAL, snprintf(why, sizeof(why), "status is neither online nor offline");
		break;
	case NET_TOPIC_SESSION: {
		char *text;

		rc = net_parse_session(msg->payload, len, nm->station, &nm->session, why, sizeof(why));
		if (rc)
			break;
		text = malloc(len + 1);
		if (!text)
			goto out;
		memcpy(text, msg->payload, len);
		text[len] = '\0';
		rc = board_db_add(b->db, nm->session.id, nm->station, text, (int64_t)time(NULL));
		free(text);
		if (rc < 0) {
			/* not acknowledged: the station sends it again */
			fprintf(stderr, "board: session %s from %s not kept: %s\n", nm->session.id, nm->station,
				strerror(-rc));
			goto out;
		}
		nm->session_new = rc == 1;
		rc = net_topic(topic, sizeof(topic), nm->station, NET_TOPIC_ACK);
		if (!rc)
			mosquitto_publish(m, NULL, topic, (int)strlen(nm->session.id), nm->session.id, 1, false);
		rc = 0;
		break;
	}
	default:
		rc = -EINVAL;
		snprintf(why, sizeof(why), "not for the board");
		break;
	}
	if (rc) {
		refuse(b, msg->topic, why);
		goto out;
	}
	b->on_msg(b->ctx, nm);
out:
	free(nm);
}

int net_board_open(struct net_board **out, const struct config_network *cfg, struct board_db *db,
		   void (*on_msg)(void *ctx, const struct net_board_msg *m), void *ctx, char *why, size_t wlen)
{
	struct net_board *b;
	char client_id[96];
	int rc;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->db = db;
	b->on_msg = on_msg;
	b->ctx = ctx;
	atomic_init(&b->refused, 0);
	atomic_init(&b->connected, false);
	snprintf(client_id, sizeof(client_id), "stretchrep-board-%s",
		 config_station_ok(cfg->station) ? cfg->station : "board");
	rc = mqtt_conn_new(&b->mosq, &b->target, cfg, client_id, false, b, why, wlen);
	if (rc) {
		free(b);
		return rc;
	}
	mosquitto_connect_callback_set(b->mosq, on_connect);
	mosquitto_message_callback_set(b->mosq, on_message);
	mosquitto_disconnect_callback_set(b->mosq, on_disconnect);
	atomic_init(&b->stop, false);
	rc = -pthread_create(&b->thread, NULL, board_thread, b);
	if (rc) {
		snprintf(why, wlen, "thread: %s", strerror(-rc));
		mosquitto_destroy(b->mosq);
		free(b);
		return rc;
	}
	b->started = true;
	*out = b;
	return 0;
}

void net_board_close(struct net_board *b)
{
	if (!b)
		return;
	atomic_store(&b->stop, true);
	if (b->started)
		pthread_join(b->thread, NULL);
	mosquitto_destroy(b->mosq);
	free(b);
}

unsigned long net_board_refused(struct net_board *b)
{
	return atomic_load(&b->refused);
}

bool net_board_connected(struct net_board *b)
{
	return atomic_load(&b->connected);
}
